import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { recordText, siteContentDir, tempDir } from '../support/helpers';
import { startServer, type RunningServer } from '../support/server';

/** Full-text search (SQLite FTS5) over the bundled content and the Medigy samples. */
let server: RunningServer;

beforeAll(async () => {
  const contentDir = siteContentDir();
  fs.writeFileSync(
    path.join(contentDir, 'markup.md'),
    recordText({ slug: 'markup-in-text', title: '"Telemetry <b>bold</b> & <script>alert(1)</script> claims"' }, 'Remote <em>telemetry</em> pilots &lt;script&gt; in rural clinics.'),
  );
  const dbFile = path.join(tempDir('search'), 'site.db');
  expect((await ingestAll({ contentDir, databasePath: dbFile })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${dbFile}` });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('/search over HTTP', () => {
  it('works as a plain GET form, with highlighted, escaped results', async () => {
    const res = await fetch(`${server.url}/search?q=telemetry`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<mark>Telemetry</mark>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('<meta name="robots" content="noindex, follow"/>');
    expect(html).toMatch(/<form role="search"[^>]* action="\/search" method="get"/);
  });

  it('never answers 500 to query syntax', async () => {
    for (const q of ['"', '*', 'AND (', 'NEAR(a b', '^', '-', "'", 'a"b', '((((', '{}', '%', '\u0001x\u0002']) {
      const res = await fetch(`${server.url}/search?${new URLSearchParams({ q })}`);
      expect(res.status, q).toBe(200);
    }
  });

  it('has a useful page when nothing matches', async () => {
    const html = await (await fetch(`${server.url}/search?q=xylophonezzz&source=who`)).text();
    expect(html).toContain('Nothing found for “xylophonezzz”');
    expect(html).toContain('href="/search?q=xylophonezzz"');
    expect(html).toContain('href="/topics"');
  });

  it('shows the search box on every page', async () => {
    for (const p of ['/', '/news/who-digital-health', '/topics']) {
      expect(await (await fetch(server.url + p)).text(), p).toMatch(/<input id="site-search" type="search"[^>]* name="q"/);
    }
  });
});
