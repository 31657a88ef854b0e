import { spawn, spawnSync, type SpawnOptions, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './helpers';

/**
 * The commands as `npm run <command>` runs them: the compiled JavaScript in dist/cli/
 * (scripts/build-cli.mjs), started by node directly. Through tsx each start compiled the
 * TypeScript again (~1.2 s, several on a busy machine); the build is made fresh once per
 * test run (tests/support/cli-setup.ts, each project's global setup). One node process per
 * command, so a kill -9 of it leaves nothing running.
 */
export type Command = 'ingest' | 'check' | 'curate' | 'sync' | 'serve' | 'start' | 'import-taxonomy' | 'feeds';

export function commandArgs(command: Command, ...args: string[]): string[] {
  return [path.join(ROOT, 'dist', 'cli', `${command}.js`), ...args];
}

/** Runs a command to completion; bounded, so a command that never exits fails its test instead of holding the run. */
export function runCommand(command: Command, args: string[], options: Partial<SpawnSyncOptionsWithStringEncoding> = {}) {
  return spawnSync(process.execPath, commandArgs(command, ...args), { cwd: ROOT, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024, ...options });
}

/** Starts a command in the background. */
export function spawnCommand(command: Command, args: string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, commandArgs(command, ...args), { cwd: ROOT, ...options });
}
