import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { TAXONOMY_FILE } from '../../lib/taxonomy/format';
import { convertMedigyTaxonomy } from '../../lib/taxonomy/medigy';
import { SHARED, readClient, siteContentDir, tempDir } from '../support/helpers';
import { pageFetcher } from '../support/pages';
import { startServer, type RunningServer } from '../support/server';

const MEDIGY_TAXONOMY = path.join(SHARED, 'medigy-sample', 'taxonomy.jsonl');

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

  const get = pageFetcher(() => server.url);

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
    const { status, body: html } = await get('/topic/centers-for-medicare-medicaid-services-cms-bundled-payments-for-care-improvement-bpci');
    expect(status).toBe(200);
    expect(html).toMatch(
      /<a href="\/topics">Topics<\/a><\/li><li><a href="\/topics\/centers-for-medicare-medicaid-services-cms">Centers for Medicare &amp; Medicaid Services \(CMS\)<\/a><\/li><li><a href="\/topic\/centers-for-medicare-medicaid-services-cms-topics">Topics<\/a><\/li><li><a href="\/topic\/centers-for-medicare-medicaid-services-cms-innovation-models">Innovation models<\/a><\/li><li><a href="\/topic\/centers-for-medicare-medicaid-services-cms-advanced-alternative-payment-model-apm">Advanced Alternative Payment Model \(APM\)<\/a><\/li><li><span aria-current="page">Bundled Payments for Care Improvement \(BPCI\)<\/span>/,
    );
    const billing = await get('/topic/centers-for-medicare-medicaid-services-cms-billing-payments');
    expect(billing.body).toContain('Billing &amp; payments form an integral part of the modern healthcare system.');
    expect(billing.body).toContain('The same topic in other collections');
    expect(billing.body).toContain('href="/topic/klas-claims-clearinghouse"');
    const group = await get('/topic/centers-for-medicare-medicaid-services-cms-innovation-models');
    expect(group.body).toContain('Narrower topics');
    expect(group.body).toContain('href="/topic/centers-for-medicare-medicaid-services-cms-advanced-alternative-payment-model-apm"');
  });

  it('/topics leads to each collection, saying how many topics its page lists; collection pages list their topics, nested', async () => {
    const topics = await get('/topics');
    expect(topics.body).toContain('<nav aria-labelledby="collections" class="collections-nav">');
    // The taxonomy's topics count, not only those with news: the collection page lists them all.
    const symplur = /<a href="\/topics\/symplur">Symplur<\/a> <span class="muted">([\d,]+) topics(?:, (\d+) with news)?<\/span>/.exec(topics.body);
    expect(symplur).not.toBeNull();
    const listed = (await get('/topics/symplur')).body.match(/<li style="padding-left:[^"]*"><a href="\/topic\//g) ?? [];
    expect(Number(symplur![1]!.replace(/,/g, ''))).toBe(listed.length);
    const cms = await get('/topics/centers-for-medicare-medicaid-services-cms');
    expect(cms.status).toBe(200);
    expect(cms.body.indexOf('>Innovation models<')).toBeLessThan(cms.body.indexOf('>Bundled Payments for Care Improvement (BPCI)<'));
    expect((await get('/topics/no-such-collection')).status).toBe(404);
  });
});
