import http from 'node:http';
import https from 'node:https';

export interface PurgeReport {
  keys: number;
  /** Cache servers that took the purge, and those that did not after every retry. */
  purged: string[];
  failed: { url: string; reason: string }[];
}

/** Keys per request: far below the 8 KiB a request header may take in Varnish. */
const KEYS_PER_REQUEST = 300;
const ATTEMPTS = 3;
const TIMEOUT_MS = 2000;

/**
 * Tells each cache server to drop the responses tagged with these surrogate keys
 * (lib/store/cache-keys.ts): `PURGE /` with `xkey-purge: <keys>`, as deploy/varnish/
 * default.vcl takes it. Retried with a pause; a server that still fails is reported
 * (and logged), never thrown: the store is published whatever a cache says, and its
 * pages then expire by their own age.
 */
export async function purgeCaches(urls: string[], keys: string[], log: (line: string) => void = (l) => console.error(l)): Promise<PurgeReport> {
  const report: PurgeReport = { keys: keys.length, purged: [], failed: [] };
  if (!urls.length || !keys.length) return report;
  await Promise.all(
    urls.map(async (url) => {
      let reason = '';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) await purgeRequest(url, keys.slice(i, i + KEYS_PER_REQUEST));
          report.purged.push(url);
          return;
        } catch (err) {
          reason = (err as Error).message;
          if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
      report.failed.push({ url, reason });
      log(`purge: ${url} did not take the purge of ${keys.length} key(s) after ${ATTEMPTS} attempts (${reason}); its pages stay until they expire`);
    }),
  );
  return report;
}

function purgeRequest(url: string, keys: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(target, { method: 'PURGE', headers: { 'xkey-purge': keys.join(' ') }, timeout: TIMEOUT_MS, agent: false }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode && response.statusCode < 300 ? resolve() : reject(new Error(`answered ${response.statusCode}`))));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end();
  });
}
