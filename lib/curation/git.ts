import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { syncStore, type SyncSummary } from '../ingest/sync';

const run = promisify(execFile);

/**
 * git as the source of truth for content/: every change an editor makes (a save in the
 * web editor, `npm run curate`, an unpublish) becomes a commit naming who made it, and
 * reading nodes follow the repository (`npm run sync`, POST /api/sync). Only when the
 * content directory is inside a git work tree; git runs as a child process with fixed
 * arguments (no shell), with the file paths after `--`.
 */

async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
  return stdout;
}

/** Whether `dir` is inside a git work tree (a missing git counts as no). */
export async function isWorkTree(dir: string): Promise<boolean> {
  try {
    return (await git(dir, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

export interface Author {
  name: string;
  email: string;
}

/** An editor's identity in commits: the name they signed in with; no real address is known. */
export function editorAuthor(name: string): Author {
  const local = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'editor';
  return { name: name.replace(/[<>\n]/g, '').trim() || 'editor', email: `${local}@editors.invalid` };
}

/** `pushed`: sent to the branch's upstream (the repository reading nodes pull from), when it has one. */
export type CommitResult = { committed: true; commit: string; pushed: boolean; pushProblem?: string } | { committed: false; reason: string };

/**
 * Commits the given files of the content directory (added, changed or deleted) as
 * `author` (git's configured identity when not given), with `message` ("Add: <title>"),
 * and pushes it when the branch has an upstream. Nothing else staged is included. Never
 * throws: the change is made and live whatever git says; a failure is the reason.
 */
export async function commitContent(contentDir: string, files: string[], message: string, author?: Author): Promise<CommitResult> {
  if (!(await isWorkTree(contentDir))) return { committed: false, reason: 'the content directory is not a git work tree' };
  try {
    const paths = files.map((f) => path.join(contentDir, f));
    await git(contentDir, ['add', '--all', '--', ...paths]);
    // An editor's identity when one is given (the web editor); otherwise git's own (a person at a shell).
    const identity: Record<string, string> = author ? { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email } : {};
    await git(contentDir, ['commit', '--quiet', '--no-verify', '-m', message, '--', ...paths], identity);
    const commit = (await git(contentDir, ['rev-parse', 'HEAD'])).trim();
    try {
      await git(contentDir, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
    } catch {
      return { committed: true, commit, pushed: false };
    }
    try {
      await git(contentDir, ['push', '--quiet']);
      return { committed: true, commit, pushed: true };
    } catch (err) {
      return { committed: true, commit, pushed: false, pushProblem: firstLine(err) };
    }
  } catch (err) {
    return { committed: false, reason: firstLine(err) };
  }
}

/** "Add: …", "Edit: …", "Unpublish: …", "Publish: …": what a save did, for its commit. */
export function commitMessage(change: 'add' | 'edit' | 'unpublish' | 'publish', title: string): string {
  const verb = { add: 'Add', edit: 'Edit', unpublish: 'Unpublish', publish: 'Publish' }[change];
  return `${verb}: ${title.replace(/\s+/g, ' ').trim().slice(0, 200)}`;
}

export type SyncResult =
  | { ok: true; from: string; to: string; files: string[]; store: SyncSummary | null }
  | { ok: false; reason: string };

let running: Promise<SyncResult> | null = null;

/**
 * A reading node follows the content repository: `git pull --ff-only`, then the files
 * the pull changed are applied to the store (an incremental ingest of those files only).
 * A conflict, a diverged history or a failed pull leaves the files and the served store
 * as they were and says why. Calls at the same time share one pull.
 */
export function syncFromRemote(options: { contentDir: string; databasePath: string; mediaDir: string; purgeUrls?: string[] }): Promise<SyncResult> {
  running ??= pullAndApply(options).finally(() => {
    running = null;
  });
  return running;
}

async function pullAndApply({ contentDir, databasePath, mediaDir, purgeUrls }: { contentDir: string; databasePath: string; mediaDir: string; purgeUrls?: string[] }): Promise<SyncResult> {
  if (!fs.existsSync(contentDir) || !(await isWorkTree(contentDir))) return { ok: false, reason: `${contentDir} is not a git work tree: nothing to pull` };
  let from: string;
  try {
    from = (await git(contentDir, ['rev-parse', 'HEAD'])).trim();
    await git(contentDir, ['pull', '--ff-only', '--quiet', '--no-rebase']);
  } catch (err) {
    return { ok: false, reason: `git pull failed, the store is unchanged: ${firstLine(err)}` };
  }
  const to = (await git(contentDir, ['rev-parse', 'HEAD'])).trim();
  if (to === from) return { ok: true, from, to, files: [], store: null };
  // Paths relative to the content directory, of every file the pull added, changed or removed.
  const files = (await git(contentDir, ['diff', '--name-only', '--no-renames', '--relative', '-z', from, to])).split('\0').filter(Boolean);
  const store = await syncStore({ contentDir, databasePath, mediaDir, paths: files, ...(purgeUrls ? { purgeUrls } : {}) });
  if (!store.published) return { ok: false, reason: `the pulled records are not valid, the store is unchanged: ${store.problems.map((p) => `${p.file}: ${p.message}`).join('; ')}` };
  return { ok: true, from, to, files, store };
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n').find((l) => l.trim()) ?? 'unknown error';
}
