import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../lib/generated/prisma/client';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Shared material beside the repository (DEVELOPERS.md): real Medigy records. */
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const SEED_FILE = path.join(SHARED, 'seeds', '000_3780dbe1f2eb8c02.txt');
export const SAMPLE_DIR = path.join(SHARED, 'medigy-sample', 'news');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dhn-${prefix}-`));
}

/** A content directory holding every Medigy sample record, and the seed unless told not to. */
export function realRecordsDir({ seed = true } = {}): string {
  const dir = tempDir('content');
  if (seed) fs.copyFileSync(SEED_FILE, path.join(dir, 'seed.md'));
  for (const name of fs.readdirSync(SAMPLE_DIR)) fs.copyFileSync(path.join(SAMPLE_DIR, name), path.join(dir, name));
  return dir;
}

export function readClient(file: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, readonly: true }, { timestampFormat: 'unixepoch-ms' }) });
}

/** A record in the seed's format with some fields replaced; `null` removes a field. */
export function recordText(overrides: Record<string, string | null> = {}, body = '<p>Body text.</p>'): string {
  const fields: Record<string, string> = {
    title: 'A curated item',
    slug: 'example-a-curated-item',
    date: "'2024-05-01'",
    description: 'What the item is about.',
    author: '\n  - Editor One',
    link: '\n  brand: example.org\n  href: https://example.org/article',
    categories: "\n  - 'Healthcare IT News: Digital Health'",
    tags: '\n  - News',
    status: "''",
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete fields[k];
    else fields[k] = v;
  }
  return `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}\n`;
}

/** Every kind of record Medigy published, with their images and offering records (../shared/medigy-sample/variants). */
export const VARIANTS_DIR = path.join(SHARED, 'medigy-sample', 'variants');

/** The rest of Medigy's site: events, infographics, contributed posts, reports, duplicates, institutions, awards… (../shared/medigy-sample/site). */
export const SITE_DIR = path.join(SHARED, 'medigy-sample', 'site');

/** The bundled content/'s records and all of Medigy's samples (news/, variants/, site/): every kind of record there is. */
export function wholeSampleDir(prefix: string): string {
  const dir = tempDir(prefix);
  for (const name of fs.readdirSync(path.join(ROOT, 'content'))) if (name.endsWith('.md')) fs.copyFileSync(path.join(ROOT, 'content', name), path.join(dir, name));
  for (const part of ['news', 'variants', 'site']) fs.cpSync(path.join(SHARED, 'medigy-sample', part), path.join(dir, part), { recursive: true });
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** The bundled content/ (which holds the seed record), every Medigy sample record, and the variants of every kind in `variants/`. */
export function siteContentDir({ variants = true } = {}): string {
  const dir = realRecordsDir({ seed: false });
  for (const name of fs.readdirSync(path.join(ROOT, 'content'))) fs.copyFileSync(path.join(ROOT, 'content', name), path.join(dir, name));
  if (variants) {
    fs.cpSync(VARIANTS_DIR, path.join(dir, 'variants'), { recursive: true });
    // The shared tree is read-only; tests edit their copy.
    fs.chmodSync(path.join(dir, 'variants'), 0o755);
    for (const entry of fs.readdirSync(path.join(dir, 'variants'), { recursive: true, withFileTypes: true })) {
      fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
    }
  }
  return dir;
}

/** Debian's Chromium, started as this machine allows (no sandbox as root, no network chatter). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** One page of each type over the bundled content and the Medigy samples. */
export const PAGE_TYPES: [name: string, path: string][] = [
  ['home', '/'],
  ['news', '/news'],
  // A listing narrowed to one kind of item, with the kinds to choose from.
  ['news-by-kind', '/news?kind=video'],
  ['item', '/news/healthcareitnews-health-system-resilience-depends-on-digital-tools'],
  ['topic', '/topic/healthcare-it-news-digital-health'],
  // One subject under several collections' names: Healthcare IT News, HIMSS, a bare tag.
  ['subject', '/subject/digital-health'],
  ['topics', '/topics'],
  ['offering', '/offering/luscii-platform'],
  ['offerings', '/offerings'],
  ['search', '/search?q=digital+health'],
  ['source', '/source/who.int'],
  ['tag', '/tag/departmental-update'],
  // Medigy's other kinds (../shared/medigy-sample/variants): an item with its image, a
  // video, a feed's own page, an offering's profile.
  ['item-image', '/news/-coronavirus-symptoms-what-are-they-and-should-i-see-a-doctor'],
  ['video', '/news/youtube-zoeticx-provizion-ccm'],
  ['feed', '/source/33charts.com'],
  ['profile', '/offering/accessone'],
  // Sections: where the records' breadcrumb trails lead.
  ['communities', '/communities'],
  ['section', '/communities/chronic-care-management'],
];

/** `npm run ingest`'s compiled command (tests/support/cli.ts): one node process, which a kill -9 ends. */
const INGEST = [path.join(ROOT, 'dist', 'cli', 'ingest.js')];
const ingestEnv = (contentDir: string, dbFile: string) => ({ ...process.env, CONTENT_DIR: contentDir, DATABASE_URL: `file:${dbFile}` });

/** `npm run ingest` (scripts/ingest.ts) over a content directory and store, to completion. */
export function runIngestCli(contentDir: string, dbFile: string, ...args: string[]) {
  // Bounded: a command that never exits fails the test instead of holding the run.
  const result = spawnSync(process.execPath, [...INGEST, ...args], { cwd: ROOT, env: ingestEnv(contentDir, dbFile), encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, started in the background (to be killed, or run under load). */
export function spawnIngestCli(contentDir: string, dbFile: string, ...args: string[]): ChildProcess {
  return spawn(process.execPath, [...INGEST, ...args], { cwd: ROOT, env: ingestEnv(contentDir, dbFile), stdio: 'ignore' });
}
