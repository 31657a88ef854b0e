import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { updateStore, type StoreUpdateSummary } from '../ingest/update-store';

const run = promisify(execFile);

/**
 * git as the source of truth for content/: every change an editor makes (a save in the
 * web editor, `npm run curate`, an unpublish) becomes a commit naming who made it, and
 * reading nodes follow the repository (`npm run sync`, POST /api/sync). Only when the
 * content directory is inside a git work tree; git runs as a child process with fixed
 * arguments (no shell), with the file paths after `--`.
 */

/** What git may see of this process's environment: not the editor's password or the sync secret. */
const PASSED_ENV = /^(PATH|HOME|USER|LOGNAME|LANG|LC_[A-Z]+|TZ|TMPDIR|SSH_AUTH_SOCK|GIT_[A-Z_]+|XDG_CONFIG_HOME)$/;

function gitEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && PASSED_ENV.test(name)) env[name] = value;
  // Never wait for a person: no password prompt, no ssh host-key question.
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_SSH_COMMAND ??= 'ssh -o BatchMode=yes -o ConnectTimeout=10';
  return { ...env, ...extra };
}

/** Local commands finish in moments; a remote that does not answer is given up on sooner than a hung save would be noticed. */
const LOCAL_TIMEOUT_MS = 60_000;
const REMOTE_TIMEOUT_MS = 30_000;

async function git(cwd: string, args: string[], env: Record<string, string> = {}, timeout = LOCAL_TIMEOUT_MS): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: gitEnv(env) as NodeJS.ProcessEnv, maxBuffer: 16 * 1024 * 1024, timeout, killSignal: 'SIGKILL' });
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

/**
 * `pushed`: sent to the branch's upstream (the repository reading nodes pull from), when
 * it has one; 'later' when the push was left to run after the answer (the web editor).
 */
export type CommitResult = { committed: true; commit: string; pushed: boolean | 'later'; pushProblem?: string } | { committed: false; reason: string };

/**
 * Commits the given files of the content directory (added, changed or deleted) as
 * `author` (git's configured identity when not given), with `message` ("Add: <title>"),
 * and pushes it when the branch has an upstream: before answering, or with
 * `push: 'later'` after (a remote that hangs never holds up an editor's next save).
 * Nothing else staged is included. Never throws: the change is made and live whatever
 * git says; a failure is the reason, and a failed push is logged.
 */
export async function commitContent(contentDir: string, files: string[], message: string, author?: Author, options: { push?: 'now' | 'later' } = {}): Promise<CommitResult> {
  if (!(await isWorkTree(contentDir))) return { committed: false, reason: 'the content directory is not a git work tree' };
  let commit: string;
  try {
    const paths = files.map((f) => path.join(contentDir, f));
    await git(contentDir, ['add', '--all', '--', ...paths]);
    // An editor's identity when one is given (the web editor); otherwise git's own (a person at a shell).
    const identity: Record<string, string> = author ? { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email } : {};
    await git(contentDir, ['commit', '--quiet', '--no-verify', '-m', message, '--', ...paths], identity);
    commit = (await git(contentDir, ['rev-parse', 'HEAD'])).trim();
  } catch (err) {
    return { committed: false, reason: problemOf(err) };
  }
  try {
    await git(contentDir, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  } catch {
    return { committed: true, commit, pushed: false };
  }
  if (options.push === 'later') {
    void pushQueued(contentDir);
    return { committed: true, commit, pushed: 'later' };
  }
  const problem = await pushQueued(contentDir);
  return problem === null ? { committed: true, commit, pushed: true } : { committed: true, commit, pushed: false, pushProblem: problem };
}

let pushing: Promise<string | null> = Promise.resolve(null);

/**
 * Pushes the branch, one push at a time (each pushes every commit not yet sent, so one
 * that failed is sent by the next). Resolves to the problem, logged, or null.
 */
function pushQueued(contentDir: string): Promise<string | null> {
  pushing = pushing.then(async () => {
    try {
      await git(contentDir, ['push', '--quiet'], {}, REMOTE_TIMEOUT_MS);
      return null;
    } catch (err) {
      const problem = problemOf(err);
      const hint = /rejected|fetch first|non-fast-forward/.test(problem) ? ' (the remote has commits this node lacks: pull them with `npm run sync`, then the next save pushes both)' : '';
      console.error(`git: the commit is made here but was not pushed: ${problem}${hint}`);
      return problem + hint;
    }
  });
  return pushing;
}

/** "Add: …", "Edit: …", "Unpublish: …", "Publish: …": what a save did, for its commit. */
export function commitMessage(change: 'add' | 'edit' | 'unpublish' | 'publish', title: string): string {
  const verb = { add: 'Add', edit: 'Edit', unpublish: 'Unpublish', publish: 'Publish' }[change];
  return `${verb}: ${title.replace(/\s+/g, ' ').trim().slice(0, 200)}`;
}

export type SyncResult =
  | { ok: true; from: string; to: string; files: string[]; store: StoreUpdateSummary | null }
  | { ok: false; reason: string };

let running: Promise<SyncResult> | null = null;
let queued: Promise<SyncResult> | null = null;

/**
 * A reading node follows the content repository: `git pull --ff-only`, then the files
 * the pull changed are applied to the store (an incremental ingest of those files only).
 * A conflict, a diverged history or a failed pull leaves the files and the served store
 * as they were and says why; so do pulled records the store refuses (the work tree goes
 * back to where it was, so the next sync pulls and applies them again, fixed or not).
 * One pull at a time: a call that comes while one runs (a webhook for a newer push) gets
 * the one pull that starts after it, shared with any others that came meanwhile.
 */
export function syncFromRemote(options: { contentDir: string; databasePath: string; mediaDir: string; purgeUrls?: string[] }): Promise<SyncResult> {
  if (!running) {
    running = pullAndApply(options).finally(() => {
      running = null;
    });
    return running;
  }
  queued ??= running.then(() => {
    queued = null;
    return syncFromRemote(options);
  });
  return queued;
}

async function pullAndApply({ contentDir, databasePath, mediaDir, purgeUrls }: { contentDir: string; databasePath: string; mediaDir: string; purgeUrls?: string[] }): Promise<SyncResult> {
  if (!fs.existsSync(contentDir) || !(await isWorkTree(contentDir))) return { ok: false, reason: `${contentDir} is not a git work tree: nothing to pull` };
  let from: string;
  try {
    from = (await git(contentDir, ['rev-parse', 'HEAD'])).trim();
    await git(contentDir, ['pull', '--ff-only', '--quiet', '--no-rebase'], {}, REMOTE_TIMEOUT_MS);
  } catch (err) {
    return { ok: false, reason: `git pull failed, the store is unchanged: ${problemOf(err)}` };
  }
  const to = (await git(contentDir, ['rev-parse', 'HEAD'])).trim();
  if (to === from) return { ok: true, from, to, files: [], store: null };
  // Paths relative to the content directory, of every file the pull added, changed or removed.
  const files = (await git(contentDir, ['diff', '--name-only', '--no-renames', '--relative', '-z', from, to])).split('\0').filter(Boolean);
  const store = await updateStore({ contentDir, databasePath, mediaDir, paths: files, ...(purgeUrls ? { purgeUrls } : {}) });
  if (!store.published) {
    // The files go back to what the store holds: otherwise the next sync would see nothing
    // new to pull, and these changes (the valid ones among them too) would never be applied.
    // --keep, not --hard: a local change to another file is never thrown away.
    const back = await git(contentDir, ['reset', '--quiet', '--keep', from]).then(
      () => 'the files are back at the store\'s commit, and the next sync tries again',
      (err) => `the files could not go back to the store's commit (${problemOf(err)}): run \`npm run ingest\` once they are fixed`,
    );
    return { ok: false, reason: `the pulled records are not valid, the store is unchanged (${back}): ${store.problems.map((p) => `${p.file}: ${p.message}`).join('; ')}` };
  }
  return { ok: true, from, to, files, store };
}

/** What git said went wrong, every line of it (the first is often only "To <remote>"). */
function problemOf(err: unknown): string {
  const e = err as { stderr?: string; message?: string; killed?: boolean };
  if (e.killed) return 'git did not answer in time';
  const lines = (e.stderr?.trim() || e.message || String(err)).split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.join(' / ').slice(0, 600) || 'unknown error';
}
