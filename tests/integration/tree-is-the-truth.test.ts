import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestAll } from '../../lib/ingest/full';
import { updateStore } from '../../lib/ingest/update-store';
import { tempDir } from '../support/helpers';
import { storeRows, visibleContent } from '../support/store-contents';

/**
 * The tree is the truth: whatever history of adds, edits, deletions, moves and conflicts
 * led to a content directory, the store an incremental ingest keeps (told the changed
 * paths or comparing every file) and the one `--full` rebuilds from it are the store a
 * build from scratch makes of the same files. Random histories (seeded: PROPERTY_SEED
 * replays one, PROPERTY_STEPS makes it longer) over a small pool of names, so that
 * records fight over slugs, old addresses, section pages and offering profiles, come
 * and go, and move before and after one another, all applied with --skip-invalid.
 */

/** mulberry32: a small seeded generator, so a failing history can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T,>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(items)))];
  return { next, pick, some, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof generator>;

// Small pools: names collide often.
const PATHS = ['a.md', 'b.md', 'c.md', 'm.md', 'z.md', 'sub/a.md', 'sub/n.md', 'zz/b.md'];
const SLUGS = ['alpha', 'beta', 'gamma'];
const ALIASES = ['/news/alpha', '/news/beta', '/news/old-one', '/old/two', '/communities/pandemic', '/offering/old-tool'];
const TRAILS: [string, string][][] = [
  [],
  [['Communities', '/communities'], ['Pandemic', '/communities/pandemic']],
  [['Communities', '/communities'], ['Chronic care', '/communities/chronic-care']],
];
const TOPICS = ["'Healthcare IT News: Digital Health'", "'HIMSS: Telehealth'", "'KLAS: Virtual Care'"];
const OFFERINGS = ['acme-tool', 'old-tool'];

function newsRecord(rnd: Random, n: number): string {
  const slug = rnd.pick(SLUGS);
  const trail = rnd.pick(TRAILS);
  const lines = [
    '---',
    rnd.chance(0.06) ? null : `title: Item ${n} ${slug}`,
    `slug: ${slug}`,
    `date: '2024-05-${String(1 + Math.floor(rnd.next() * 27)).padStart(2, '0')}'`,
    'description: What the item is about.',
    'author:\n  - Editor One',
    `link:\n  brand: example.org\n  href: https://example.org/${rnd.pick(['one', 'two', `n${n}`])}`,
    `categories:\n${rnd.some(TOPICS, 2).map((t) => `  - ${t}`).join('\n') || '  []'}`,
    'tags:\n  - News',
    `status: ${rnd.chance(0.15) ? 'draft' : "''"}`,
  ];
  const aliases = rnd.some(ALIASES, 2);
  if (aliases.length) lines.push(`aliases:\n${aliases.map((a) => `  - ${a}`).join('\n')}`);
  if (trail.length) {
    lines.push(`breadcrumbs:\n  - Home\n${trail.map(([label]) => `  - ${label}`).join('\n')}\n  - Item ${n}`);
    lines.push(`breadcrumbLinks:\n  - /\n${trail.map(([, href]) => `  - ${href}`).join('\n')}\n  - '#'`);
  }
  lines.push('---', `Body of item ${n}.`);
  return lines.filter((l) => l !== null).join('\n') + '\n';
}

function offeringRecord(rnd: Random, n: number): string {
  const slug = rnd.pick(OFFERINGS);
  const aliases = rnd.some(ALIASES, 1);
  return [
    '---',
    'layOut: offering-single',
    `title: Tool ${n}`,
    `slug: ${slug}`,
    'vendorName: Acme',
    "offeringType: 'Software'",
    `categories:\n${rnd.some(TOPICS, 2).map((t) => `  - ${t}`).join('\n') || '  []'}`,
    aliases.length ? `aliases:\n${aliases.map((a) => `  - ${a}`).join('\n')}` : null,
    `status: ${rnd.chance(0.1) ? 'draft' : 'Approved'}`,
    '---',
    `About tool ${n}.`,
  ]
    .filter((l) => l !== null)
    .join('\n') + '\n';
}

/** What a store is, for comparing: what readers see, and what the store remembers of each file. */
function storeState(file: string) {
  const { danglingRelated, relatedRows, ...visible } = visibleContent(file);
  const db = new Database(file, { readonly: true });
  const files = db.prepare('SELECT path, digest, state, slug, problems FROM SourceFile ORDER BY path').all();
  const claims = db.prepare('SELECT path, key, exclusive FROM RecordClaim ORDER BY path, key, exclusive').all();
  db.close();
  return { ...visible, danglingRelated, files, claims };
}

async function history(seed: number, steps: number): Promise<void> {
  const rnd = generator(seed);
  const dir = tempDir('history');
  const stores = tempDir('history-stores');
  const incremental = path.join(stores, 'incremental.db');
  const rebuilt = path.join(stores, 'full.db');
  let clock = Date.parse('2024-06-01T00:00:00Z') / 1000;
  let n = 0;
  const log: string[] = [];
  const present = () => PATHS.filter((p) => fs.existsSync(path.join(dir, p)));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
    // Each write a second later: a change is never hidden by the file clock's resolution.
    fs.utimesSync(path.join(dir, file), ++clock, clock);
  };

  for (const file of PATHS.slice(0, 4)) write(file, newsRecord(rnd, ++n));
  await ingestAll({ contentDir: dir, databasePath: incremental, skipInvalid: true });
  fs.copyFileSync(incremental, rebuilt);

  for (let step = 1; step <= steps; step++) {
    const files = present();
    const told = new Set<string>();
    const op = files.length < 2 ? 'add' : rnd.pick(['add', 'add', 'edit', 'edit', 'delete', 'move', 'offering', 'touch'] as const);
    if (op === 'add' || op === 'edit' || op === 'offering') {
      const file = op === 'edit' ? rnd.pick(files) : rnd.pick(PATHS);
      write(file, op === 'offering' ? offeringRecord(rnd, ++n) : newsRecord(rnd, ++n));
      told.add(file);
      log.push(`${op} ${file}`);
    } else if (op === 'delete') {
      const file = rnd.pick(files);
      fs.rmSync(path.join(dir, file));
      told.add(file);
      log.push(`delete ${file}`);
    } else if (op === 'move') {
      const from = rnd.pick(files);
      const to = rnd.pick(PATHS.filter((p) => !files.includes(p)).concat(from));
      if (to !== from) {
        fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
        fs.renameSync(path.join(dir, from), path.join(dir, to));
        told.add(from).add(to);
      }
      log.push(`move ${from} → ${to}`);
    } else {
      const file = rnd.pick(files);
      fs.utimesSync(path.join(dir, file), ++clock, clock);
      told.add(file);
      log.push(`touch ${file}`);
    }

    // Told which files changed (the editor, the watcher, a git pull), or comparing every file.
    const tell = rnd.chance(0.5);
    await updateStore({ contentDir: dir, databasePath: incremental, skipInvalid: true, purgeUrls: [], ...(tell ? { paths: [...told] } : {}) });
    await updateStore({ contentDir: dir, databasePath: rebuilt, skipInvalid: true, purgeUrls: [], full: true });
    const scratch = path.join(stores, `scratch-${step}.db`);
    await ingestAll({ contentDir: dir, databasePath: scratch, skipInvalid: true });

    const expected = storeState(scratch);
    const where = `seed ${seed}, step ${step}${tell ? ' (told the paths)' : ''}: ${log.join('; ')}`;
    expect(storeState(incremental), `incremental, ${where}`).toEqual(expected);
    expect(storeState(rebuilt), `--full, ${where}`).toEqual(expected);
    fs.rmSync(scratch);
  }
}

describe('the tree is the truth', () => {
  it('an incremental ingest and --full give the store a build from scratch gives, after any history', { timeout: 120_000 }, async () => {
    const seed = Number(process.env.PROPERTY_SEED ?? 20261202);
    await history(seed, Number(process.env.PROPERTY_STEPS ?? 30));
  });

  it('publishes a record once the record that held its slug is gone (the issue: a.md, b.md, --skip-invalid, a.md deleted)', async () => {
    const dir = tempDir('stale');
    const db = path.join(tempDir('stale-store'), 'site.db');
    const record = (title: string) => `---\ntitle: ${title}\nslug: shared\ndate: '2024-05-01'\nlink:\n  brand: example.org\n  href: https://example.org/${title}\ncategories:\n  - 'HIMSS: Telehealth'\n---\nBody.\n`;
    fs.writeFileSync(path.join(dir, 'a.md'), record('a'));
    fs.writeFileSync(path.join(dir, 'b.md'), record('b'));
    await updateStore({ contentDir: dir, databasePath: db, skipInvalid: true });
    const state = () => storeRows(db, 'SELECT path, state FROM SourceFile ORDER BY path');
    expect(state()).toEqual([{ path: 'a.md', state: 'published' }, { path: 'b.md', state: 'rejected' }]);

    fs.rmSync(path.join(dir, 'a.md'));
    const after = await updateStore({ contentDir: dir, databasePath: db });
    expect(after).toMatchObject({ published: true, problems: [], stillRejected: [], removed: ['a.md'] });
    expect(state()).toEqual([{ path: 'b.md', state: 'published' }]);

    // A new file that sorts first takes the slug, as from scratch: the other is rejected, naming it.
    fs.writeFileSync(path.join(dir, '0.md'), record('zero'));
    const strict = await updateStore({ contentDir: dir, databasePath: db });
    expect(strict.published).toBe(false);
    expect(strict.problems).toEqual([expect.objectContaining({ file: 'b.md', field: 'slug', message: expect.stringContaining('already the slug of 0.md') })]);
    await updateStore({ contentDir: dir, databasePath: db, skipInvalid: true });
    expect(state()).toEqual([{ path: '0.md', state: 'published' }, { path: 'b.md', state: 'rejected' }]);
  });
});
