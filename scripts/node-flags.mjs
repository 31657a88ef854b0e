/**
 * How the compiled commands (scripts/build-cli.mjs, scripts/run.mjs) are started with node.
 * Plain JavaScript without side effects: scripts/start.ts and the benchmark import it, and
 * tests/unit/architecture.test.ts holds package.json's scripts to it.
 */
import path from 'node:path';

/**
 * Node's flags for the commands that may read a whole corpus on their main thread (a full
 * ingest judges and writes every record there): a 64 MiB young generation instead of the
 * default 16 MiB, so the records that come back from the workers die young instead of being
 * copied into the old generation (measured, 100,000 records cold, alternating pairs: 3–5 s
 * less wall, 4–8 s less processor time). The price: ~0.3 s more for an ingest of 100,000
 * files with nothing changed (0.03 s at 10,000), the larger nursery's memory touched. V8
 * reads them only at start, so they are on the command line: package.json's scripts,
 * scripts/start.ts and the benchmark start the commands with these.
 */
export const NODE_FLAGS = { ingest: ['--max-semi-space-size=64'], sync: ['--max-semi-space-size=64'] };

/** How to start a compiled command with node: its flags, then scripts/run.mjs and its name. */
export function commandLine(name) {
  return [...(NODE_FLAGS[name] ?? []), path.resolve('scripts', 'run.mjs'), name];
}
