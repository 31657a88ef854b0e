import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { siteContentDir, tempDir } from './helpers';

/** git in `cwd`, as a setup author (the tests' own commits are not an editor's). */
export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Setup', GIT_AUTHOR_EMAIL: 'setup@example.org', GIT_COMMITTER_NAME: 'Setup', GIT_COMMITTER_EMAIL: 'setup@example.org' } }).trim();

/**
 * A bare content repository holding the site's bundled content, and a clone of it for
 * each name: the picture of many nodes, each with its own working copy of one remote.
 */
export function contentRepository<N extends string>(names: readonly N[]): { remote: string; clones: Record<N, string> } {
  const root = tempDir('content-repo');
  const remote = path.join(root, 'content.git');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const seed = siteContentDir({ variants: false });
  git(seed, 'init', '--quiet', '--initial-branch=main');
  git(seed, 'add', '.');
  git(seed, 'commit', '--quiet', '-m', 'The content');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', '--quiet', '-u', 'origin', 'main');
  const clones = {} as Record<N, string>;
  for (const name of names) {
    clones[name] = path.join(root, name);
    git(root, 'clone', '--quiet', remote, clones[name]);
  }
  return { remote, clones };
}
