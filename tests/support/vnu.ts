import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vnuJar from 'vnu-jar';
import { expect } from 'vitest';
import { tempDir } from './helpers';

/**
 * The Nu Html Checker (vnu-jar, on Java) over pages fetched with `get`: returns its error
 * messages, each with the page's path. Fails the test when the checker did not run
 * (Java missing, no report), so no error can hide behind a checker that never started.
 */
export async function nuErrors(pages: string[], get: (path: string) => Promise<{ body: string }>): Promise<string[]> {
  const work = tempDir('vnu');
  const files = await Promise.all(
    pages.map(async (p, i) => {
      const file = path.join(work, `page-${i}.html`);
      fs.writeFileSync(file, (await get(p)).body);
      return file;
    }),
  );
  const result = spawnSync('java', ['-jar', String(vnuJar), '--errors-only', '--format', 'json', ...files], { encoding: 'utf8' });
  // The checker must have run: Java started, and its report is there (JSON on stderr).
  expect(result.error, 'java could not be started').toBeUndefined();
  const report = JSON.parse(result.stderr) as { messages?: { type: string; url: string; message: string; extract?: string }[] };
  expect(Array.isArray(report.messages), `no report from the Nu checker:\n${result.stderr}`).toBe(true);
  const messages = report.messages!.map((m) => `${pages[Number(/page-(\d+)/.exec(m.url)?.[1])]}: ${m.message} ${m.extract ?? ''}`);
  // vnu exits 0 only when it found no error in any file it could read.
  if (messages.length === 0) expect(result.status).toBe(0);
  return messages;
}
