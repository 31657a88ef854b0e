import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accepts, freePort } from '../../lib/serving/ports';

/**
 * Debian's nginx started by tests and the benchmark, unprivileged or as root, with every
 * path it writes (pid, logs, temp files, cache) in a temporary directory. Serves either the
 * production site (deploy/nginx/site.conf, its ports and cache path rewritten) or a
 * directory of static files.
 */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ?? null;

export const SITE_CONF = path.resolve(import.meta.dirname, '..', '..', 'deploy', 'nginx', 'site.conf');

export interface RunningNginx {
  url: string;
  port: number;
  dir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** deploy/nginx/site.conf with the app on `appPort`, listening on `port`, caching under `dir`. */
export function siteConfFor(options: { appPort: number; port: number; dir: string }): string {
  let conf = fs.readFileSync(SITE_CONF, 'utf8');
  const replace = (from: RegExp, to: string) => {
    const matches = conf.match(new RegExp(from.source, 'g'))?.length ?? 0;
    if (matches !== 1) throw new Error(`deploy/nginx/site.conf: expected one ${from} (found ${matches}); update tests/support/nginx.ts`);
    conf = conf.replace(from, to);
  };
  replace(/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${options.appPort};`);
  replace(/listen 80;/, `listen 127.0.0.1:${options.port};`);
  replace(/listen \[::\]:80;\n/, '');
  replace(/proxy_cache_path \/var\/cache\/nginx\/digitalhealth /, `proxy_cache_path ${path.join(options.dir, 'cache')} `);
  return conf;
}

/** A server block serving `root` as static files, each page saved under its path. */
export function staticConfFor(options: { root: string; port: number }): string {
  return `server {
    listen 127.0.0.1:${options.port};
    root ${options.root};
    default_type text/html;
    location / { try_files $uri $uri/index.html =404; }
}
`;
}

/** nginx in front of the app at `appPort` (the production config), or serving `staticRoot`. */
export async function startNginx(site: { appPort: number } | { staticRoot: string }, options: { workers?: number } = {}): Promise<RunningNginx> {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dhn-nginx-'));
  const port = await freePort();
  const serverConf = 'appPort' in site ? siteConfFor({ appPort: site.appPort, port, dir }) : staticConfFor({ root: site.staticRoot, port });
  for (const sub of ['logs', 'temp', 'cache']) fs.mkdirSync(path.join(dir, sub));
  const confFile = path.join(dir, 'nginx.conf');
  const conf = `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes ${options.workers ?? 'auto'};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path ${dir}/temp/body;
    proxy_temp_path ${dir}/temp/proxy;
    fastcgi_temp_path ${dir}/temp/fastcgi;
    uwsgi_temp_path ${dir}/temp/uwsgi;
    scgi_temp_path ${dir}/temp/scgi;
${serverConf}
}
`;
  fs.writeFileSync(confFile, conf);
  const check = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-c', confFile], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t:\n${check.stderr}\n${conf}`);
  const child = spawn(NGINX, ['-p', dir, '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGQUIT: graceful shutdown of the master and its workers.
        child.kill('SIGQUIT');
      }),
  };
}
