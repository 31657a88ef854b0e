import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../lib/ingest/full';
import { parseTaxonomy, TAXONOMY_FILE } from '../lib/taxonomy/format';
import { convertMedigyTaxonomy } from '../lib/taxonomy/medigy';
import { ROOT, SHARED, readClient, siteContentDir, tempDir } from './support/helpers';
import { startServer, type RunningServer } from './support/server';

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
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/import-taxonomy.ts', MEDIGY_TAXONOMY, '--out', path.join(dir, TAXONOMY_FILE)], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/taxonomy: \d+ topics written/);
    expect(parseTaxonomy(fs.readFileSync(path.join(dir, TAXONOMY_FILE), 'utf8')).problems).toEqual([]);
  });
});

describe('topic navigation along the taxonomy', () => {
  let server: RunningServer;
  let dbFile: string;

  beforeAll(async () => {
    const contentDir = siteContentDir();
    const { lines } = convertMedigyTaxonomy(fs.readFileSync(MEDIGY_TAXONOMY, 'utf8'));
    fs.writeFileSync(path.join(contentDir, TAXONOMY_FILE), `${lines.join('\n')}\n`);
    dbFile = path.join(tempDir('taxonomy-store'), 'site.db');
    expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
    server = await startServer({ DATABASE_URL: `file:${dbFile}` });
  }, 120_000);
  afterAll(async () => server?.stop());

  const get = async (p: string) => {
    const res = await fetch(server.url + p);
    return { status: res.status, html: await res.text() };
  };

  it('stores every topic of the taxonomy with its parent, description and equivalents', async () => {
    const db = readClient(dbFile);
    const billing = await db.topic.findUniqueOrThrow({ where: { slug: 'centers-for-medicare-medicaid-services-cms-billing-payments' }, include: { parent: true, equivalents: { include: { equivalent: true } } } });
    expect(billing.parent?.label).toBe('Topics');
    expect(billing.description).toMatch(/^Billing & payments/);
    expect(billing.equivalents.map((e) => e.equivalent.slug).sort()).toEqual(['gartner-claims-management-solutions', 'klas-claims-clearinghouse', 'medigy-coding-billing-and-claims']);
    // Topics used by records and not in the taxonomy still exist.
    expect(await db.topic.count({ where: { slug: 'healthcare-it-news-digital-health', newsCount: { gt: 0 } } })).toBe(1);
    await db.$disconnect();
  });

  it('topic pages show the description, the parent, narrower and equivalent topics, and breadcrumbs along the hierarchy', async () => {
    const { status, html } = await get('/topic/centers-for-medicare-medicaid-services-cms-bundled-payments-for-care-improvement-bpci');
    expect(status).toBe(200);
    expect(html).toMatch(
      /<a href="\/topics">Topics<\/a><\/li><li><a href="\/topics\/centers-for-medicare-medicaid-services-cms">Centers for Medicare &amp; Medicaid Services \(CMS\)<\/a><\/li><li><a href="\/topic\/centers-for-medicare-medicaid-services-cms-topics">Topics<\/a><\/li><li><a href="\/topic\/centers-for-medicare-medicaid-services-cms-innovation-models">Innovation models<\/a><\/li><li><a href="\/topic\/centers-for-medicare-medicaid-services-cms-advanced-alternative-payment-model-apm">Advanced Alternative Payment Model \(APM\)<\/a><\/li><li><span aria-current="page">Bundled Payments for Care Improvement \(BPCI\)<\/span>/,
    );
    const billing = await get('/topic/centers-for-medicare-medicaid-services-cms-billing-payments');
    expect(billing.html).toContain('Billing &amp; payments form an integral part of the modern healthcare system.');
    expect(billing.html).toContain('The same topic in other collections');
    expect(billing.html).toContain('href="/topic/klas-claims-clearinghouse"');
    const group = await get('/topic/centers-for-medicare-medicaid-services-cms-innovation-models');
    expect(group.html).toContain('Narrower topics');
    expect(group.html).toContain('href="/topic/centers-for-medicare-medicaid-services-cms-advanced-alternative-payment-model-apm"');
  });

  it('/topics jumps to each collection; collection pages list their topics, nested', async () => {
    const topics = await get('/topics');
    expect(topics.html).toContain('<nav aria-label="Collections"');
    expect(topics.html).toContain('href="#collection-symplur"');
    expect(topics.html).toMatch(/href="\/topics\/symplur"[^>]*>All [\d,]+ topics of Symplur/);
    const cms = await get('/topics/centers-for-medicare-medicaid-services-cms');
    expect(cms.status).toBe(200);
    expect(cms.html.indexOf('>Innovation models<')).toBeLessThan(cms.html.indexOf('>Bundled Payments for Care Improvement (BPCI)<'));
    expect((await get('/topics/no-such-collection')).status).toBe(404);
  });
});
