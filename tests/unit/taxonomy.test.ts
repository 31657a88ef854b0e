import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTaxonomy, TAXONOMY_FILE } from '../../lib/taxonomy/format';
import { convertMedigyTaxonomy } from '../../lib/taxonomy/medigy';
import { runCommand } from '../support/cli';
import { SHARED, tempDir } from '../support/helpers';

const MEDIGY_TAXONOMY = path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl');

describe("Medigy's taxonomy, imported", () => {
  const { lines, topics, skipped } = convertMedigyTaxonomy(fs.readFileSync(MEDIGY_TAXONOMY, 'utf8'));
  const parsed = parseTaxonomy(`${lines.join('\n')}\n`);
  const byName = new Map(parsed.topics.map((t) => [t.topic.name, t]));

  it('loads every topic, with the grouping levels of its hierarchy, and no problem', () => {
    expect(skipped).toBe(0);
    expect(parsed.problems).toEqual([]);
    expect(topics).toBe(parsed.topics.length);
    // 2,401 entries, 78 of them listed twice, plus the grouping levels of the ancestors.
    expect(topics).toBeGreaterThan(2401 - 78);
    expect(new Set(parsed.topics.map((t) => t.topic.collection)).size).toBe(14);
  });

  it('keeps descriptions, parents and equivalents', () => {
    const billing = byName.get('Centers for Medicare & Medicaid Services (CMS): Billing & payments')!;
    expect(billing.description).toMatch(/^Billing & payments form an integral part of the modern healthcare system\./);
    expect(billing.parent?.name).toBe('Centers for Medicare & Medicaid Services (CMS): Topics');
    expect(billing.equivalents.map((e) => e.name)).toEqual(['Medigy: Coding / Billing And Claims', 'Gartner: Claims Management Solutions', 'KLAS: Claims & Clearinghouse']);
    const bpci = byName.get('Centers for Medicare & Medicaid Services (CMS): Bundled Payments for Care Improvement (BPCI)')!;
    expect(bpci.parent?.name).toBe('Centers for Medicare & Medicaid Services (CMS): Advanced Alternative Payment Model (APM)');
    expect(byName.get('Healthcare IT News: Digital Health')!.topic.slug).toBe('healthcare-it-news-digital-health');
  });
});

describe('the taxonomy file', () => {
  it('reports each bad line with its number', () => {
    const text = [
      '{"name": "HIMSS: Digital Health"}',
      'not json',
      '{"label": "missing name"}',
      '{"name": "HIMSS: Telehealth", "parent": "HIMSS: Nowhere"}',
      '{"name": "HIMSS: Digital Health"}',
      '{"name": "KLAS: A", "parent": "KLAS: B"}',
      '{"name": "KLAS: B", "parent": "KLAS: A"}',
    ].join('\n');
    const { problems } = parseTaxonomy(text);
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, undefined],
      [3, 'name'],
      [5, 'name'],
      [4, 'parent'],
      [6, 'parent'],
    ]);
    expect(problems[2]!.message).toBe('"HIMSS: Digital Health" is already on line 1');
  });

  it('npm run taxonomy:import writes it into the content directory', () => {
    const dir = tempDir('taxonomy');
    const run = runCommand('import-taxonomy', [MEDIGY_TAXONOMY, '--out', path.join(dir, TAXONOMY_FILE)]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/taxonomy: \d+ topics written/);
    expect(parseTaxonomy(fs.readFileSync(path.join(dir, TAXONOMY_FILE), 'utf8')).problems).toEqual([]);
  });
});

