import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accepts, freePort } from '../../lib/serving/ports';

/** Debian's varnishd (apt-get install -y varnish varnish-modules). */
export const VARNISHD = ['/usr/sbin/varnishd', '/usr/bin/varnishd'].find((p) => fs.existsSync(p)) ?? null;
const VCL_DIR = path.resolve(import.meta.dirname, '..', '..', 'deploy', 'varnish');

export interface RunningVarnish {
  url: string;
  port: number;
  /** The purge listener's address (PURGE_URLS): readers' port never takes a purge. */
  purgeUrl: string;
  workdir: string;
  process: ChildProcess;
  /** A counter of varnishstat (MAIN.cache_hit, MAIN.backend_req…). */
  counter(name: string): number;
  stop(): Promise<void>;
}

/**
 * deploy/varnish/default.vcl as deployed, with its backends.vcl naming the given origins
 * (two `npm run serve` nodes on loopback), in the foreground, its working directory and
 * storage in a temporary directory.
 */
export async function startVarnish(origins: number[], onPort?: number, onPurgePort?: number): Promise<RunningVarnish> {
  if (!VARNISHD) throw new Error('varnishd is not installed (apt-get install -y varnish varnish-modules)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dhn-varnish-'));
  fs.chmodSync(dir, 0o755);
  fs.copyFileSync(path.join(VCL_DIR, 'default.vcl'), path.join(dir, 'default.vcl'));
  const backends = fs.readFileSync(path.join(VCL_DIR, 'backends.vcl'), 'utf8');
  const names = origins.map((_, i) => `node_${String.fromCharCode(97 + i)}`);
  const declared = origins
    .map((port, i) => `backend ${names[i]} {\n    .host = "127.0.0.1";\n    .port = "${port}";\n    .probe = origin_health;\n    .connect_timeout = 1s;\n    .first_byte_timeout = 30s;\n}\n`)
    .join('\n');
  // The deployed file's probe and ACL, with these origins instead of its two examples.
  const conf = backends
    .replace(/backend node_a \{[\s\S]*?\n\}\n\nbackend node_b \{[\s\S]*?\n\}\n/, declared)
    .replace(/    origins\.add_backend\(node_a\);\n    origins\.add_backend\(node_b\);\n/, names.map((n) => `    origins.add_backend(${n});\n`).join(''));
  if (!names.every((n) => conf.includes(`origins.add_backend(${n})`))) throw new Error('deploy/varnish/backends.vcl no longer has the shape this test rewrites');
  fs.writeFileSync(path.join(dir, 'backends.vcl'), conf);
  const port = onPort ?? (await freePort());
  const purgePort = onPurgePort ?? (await freePort());
  const workdir = path.join(dir, 'work');
  const child = spawn(
    VARNISHD,
    ['-F', '-a', `127.0.0.1:${port}`, '-a', `purge=127.0.0.1:${purgePort}`, '-T', '127.0.0.1:0', '-f', path.join(dir, 'default.vcl'), '-p', `vcl_path=${dir}:/usr/share/varnish/vcl`, '-n', workdir, '-s', 'malloc,128m'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`varnishd exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`varnishd did not listen on ${port}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    purgeUrl: `http://127.0.0.1:${purgePort}`,
    workdir,
    process: child,
    counter(name: string) {
      const run = spawnSync('varnishstat', ['-n', workdir, '-1', '-f', name], { encoding: 'utf8' });
      return Number(/^\S+\s+(\d+)/m.exec(run.stdout)?.[1] ?? NaN);
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
