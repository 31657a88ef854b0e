import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '../../lib/ingest/update-store';
import { contentRepository, git } from '../support/content-repository';
import { recordText, tempDir } from '../support/helpers';
import { startServer, type RunningServer } from '../support/server';

/**
 * Bodies made to be slow, sent to the running site: through the editor's preview and
 * save, and pushed to the content repository and pulled by `POST /api/sync`. Each is
 * answered with the problem (never a 500), within the deadline, while another client's
 * requests for pages that are not cached keep being answered: the rendering runs on the
 * preparation service's worker, not on the thread that renders pages (before, one such
 * sync held every uncached page for 25 s).
 */
const USER = 'alice';
const PASSWORD = 'correct horse battery staple';
const SYNC_SECRET = 'a webhook secret of more than thirty-two characters';
/** In processor time: the slow body below needs 2–3 s of it here, so it is stopped. */
const DEADLINE_MS = 500;
/** Within every first filter of lib/content/render.ts, and slow: 990 lines of lists two deep, then 13,000 headings. */
const SLOW = `${'- - item x\n'.repeat(990)}\n${'# a\n'.repeat(13_000)}`;

let server: RunningServer;
let writer: string;
let reader: string;

beforeAll(async () => {
  ({ clones: { writer, reader } } = contentRepository(['writer', 'reader']));
  const db = path.join(tempDir('slow-store'), 'site.db');
  expect((await updateStore({ contentDir: reader, databasePath: db })).problems).toEqual([]);
  server = await startServer({ DATABASE_URL: `file:${db}`, CONTENT_DIR: reader, EDITOR_USER: USER, EDITOR_PASSWORD: PASSWORD, SYNC_SECRET, RECORD_DEADLINE_MS: String(DEADLINE_MS) });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function editorSession(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${server.url}/api/editor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: USER, password: PASSWORD }) });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${server.url}/editor`, { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

/**
 * `work`, while another client asks for pages no cache holds (each a new address, so
 * Next.js renders it): how many of those were answered before `work` was, and the
 * slowest of them.
 */
async function whileReading<T>(work: () => Promise<T>): Promise<{ result: T; answeredMeanwhile: number; slowestMs: number; workMs: number }> {
  let done = false;
  let answeredMeanwhile = 0;
  let slowestMs = 0;
  const pages = ['/topics', '/news', '/offerings', '/source/who.int'];
  const readerLoop = (async () => {
    for (let i = 0; !done; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}${pages[i % pages.length]}?reader=${Date.now()}-${i}`);
      await res.text();
      expect(res.status).toBe(200);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      if (!done) answeredMeanwhile++;
    }
  })();
  const started = performance.now();
  const result = await work();
  const workMs = performance.now() - started;
  done = true;
  await readerLoop;
  return { result, answeredMeanwhile, slowestMs, workMs };
}

describe('slow bodies sent to the running site', () => {
  it("answers the editor's preview of each pathological body with 422 and the problem, never a 500", async () => {
    const { cookie, csrf } = await editorSession();
    const bodies = ['<div>'.repeat(30_000), '- '.repeat(3_000), '+ '.repeat(4_000), `${'*'.repeat(10_000)}a${'*'.repeat(10_000)}`, Array.from({ length: 11_000 }, (_, i) => `${i + 1}. `).join('').slice(0, 53_000)];
    for (const body of bodies) {
      const res = await fetch(`${server.url}/api/editor/preview`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ body }) });
      expect(res.status, body.slice(0, 20)).toBe(422);
      const { problems } = (await res.json()) as { problems: { field: string; message: string }[] };
      expect(problems[0], body.slice(0, 20)).toMatchObject({ field: 'body', message: expect.stringMatching(/^the body (has|nests)/) });
    }
  });

  it('stops a preview that runs over the deadline while pages keep being answered', { timeout: 60_000 }, async () => {
    const { cookie, csrf } = await editorSession();
    const { result: res, answeredMeanwhile, slowestMs, workMs } = await whileReading(() =>
      fetch(`${server.url}/api/editor/preview`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ body: SLOW }) }),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { problems: { message: string }[] }).problems[0]!.message).toMatch(/^the body took longer than 500 ms, so it is refused/);
    expect(workMs).toBeGreaterThan(DEADLINE_MS);
    // Pages were rendered while the body was: the thread that renders them was free (a
    // busy one would have answered at most the request that came before the preview).
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(2);
    expect(slowestMs).toBeLessThan(10_000);
  });

  it('refuses a save of a slow record with the problem, writes nothing, and pages keep being answered', { timeout: 60_000 }, async () => {
    const { cookie, csrf } = await editorSession();
    const before = fs.readdirSync(reader).sort();
    const { result: res, answeredMeanwhile } = await whileReading(() =>
      fetch(`${server.url}/api/editor/records`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/slow-save', title: 'A slow save', body: SLOW }) }),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { problems: unknown[] }).problems).toEqual([{ severity: 'error', code: 'body-too-slow', file: '(new record)', field: 'body', message: expect.stringMatching(/^reading and rendering this record took longer than 500 ms/) }]);
    expect(fs.readdirSync(reader).sort()).toEqual(before);
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(2);
  });

  it('refuses a pulled slow record on POST /api/sync, naming it, while pages keep being answered; applies the pull once it is fixed', { timeout: 90_000 }, async () => {
    // Three slow records: three times the deadline, and a fresh worker after each.
    for (const n of [1, 2, 3]) fs.writeFileSync(path.join(writer, `slow-${n}.md`), recordText({ slug: `example-slow-${n}`, link: `\n  brand: example.org\n  href: https://example.org/slow-${n}` }, SLOW));
    fs.writeFileSync(path.join(writer, 'fine.md'), recordText({ slug: 'example-fine', title: 'A fine record', link: '\n  brand: example.org\n  href: https://example.org/fine' }));
    git(writer, 'add', '.');
    git(writer, 'commit', '--quiet', '-m', 'A slow record and a fine one');
    git(writer, 'push', '--quiet');
    const hook = () => fetch(`${server.url}/api/sync`, { method: 'POST', headers: { authorization: `Bearer ${SYNC_SECRET}` } });

    const { result: refused, answeredMeanwhile } = await whileReading(hook);
    expect(refused.status).toBe(409);
    const { error } = (await refused.json()) as { error: string };
    for (const n of [1, 2, 3]) expect(error).toContain(`slow-${n}.md: reading and rendering this record took longer than 500 ms`);
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(3);
    expect((await fetch(`${server.url}/news/example-fine`)).status).toBe(404);

    git(writer, 'rm', '--quiet', 'slow-1.md', 'slow-2.md', 'slow-3.md');
    git(writer, 'commit', '--quiet', '-m', 'Without the slow record');
    git(writer, 'push', '--quiet');
    const applied = await hook();
    expect(applied.status).toBe(200);
    expect((await fetch(`${server.url}/news/example-fine`)).status).toBe(200);
  });
});
