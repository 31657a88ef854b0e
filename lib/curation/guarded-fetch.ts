import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { config } from '../config/env';

/**
 * Requests this site makes to addresses it was given (a page `curate --fetch` reads, a
 * feed the news desk polls): public addresses only, checked where the connection is
 * made, so that an editor's link or a feed's redirect cannot reach this machine or its
 * private network (cloud metadata, an admin port, the purge listener).
 */

export class FetchProblem extends Error {}

/**
 * Whether an address is on the public internet: not this machine (loopback), not a
 * private, unique-local, link-local (cloud metadata at 169.254.169.254), shared (CGNAT),
 * multicast, broadcast or reserved range, nor an IPv6 form that embeds one (IPv4-mapped,
 * 6to4, Teredo, NAT64).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** What may be reached besides the public internet. */
export interface Reach {
  /** Origins (`http://127.0.0.1:8080`) fetched whatever their address: tests only. */
  trustedOrigins?: string[];
  /** Hosts as `host:port` (FETCH_ALLOW): a test's loopback server, an intranet feed. */
  allow?: string[];
}

/** The operator's FETCH_ALLOW, for callers that do not name their own. */
export function defaultReach(): Reach {
  return { allow: config().fetchAllow };
}

/** Whether `url` names a host the operator admitted although it may not be public. */
export function admitted(url: URL, reach: Reach): boolean {
  if (reach.trustedOrigins?.includes(url.origin)) return true;
  if (!reach.allow?.length) return false;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return reach.allow.includes(`${url.hostname.toLowerCase()}:${port}`);
}

/**
 * Resolves a host name the way the connection will, refusing it unless every address it
 * has is public (a name with one private address among public ones could be answered
 * with that one next time). The socket then connects to the address checked here, so a
 * second, different answer from DNS (rebinding) is never used.
 */
function checkedLookup(hostname: string, _options: object, callback: (err: Error | null, address: string, family: number) => void): void {
  dns.lookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
    if (err) return callback(new FetchProblem(`the host ${hostname} could not be found (${err.code ?? err.message})`), '', 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) return callback(new FetchProblem(notPublic(hostname, refused?.address ?? 'no address')), '', 0);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

export const notPublic = (host: string, address: string) =>
  `${host} is ${address === host ? 'an address' : `at ${address}, an address`} of this machine or a private network; only public web pages can be fetched`;

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/**
 * One GET, to a checked address (or an admitted one); the caller reads or discards the
 * body. Redirects are the caller's: each new address comes back through here.
 */
export function guardedGet(url: URL, options: { signal: AbortSignal; headers: Record<string, string>; reach: Reach; agent?: http.Agent }): Promise<Answer> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new FetchProblem(`only http and https addresses can be fetched, not ${url.protocol}`));
  const trusted = admitted(url, options.reach);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!trusted && ipaddr.isValid(host) && !isPublicAddress(host)) return Promise.reject(new FetchProblem(notPublic(host, host)));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        signal: options.signal,
        lookup: trusted ? undefined : (checkedLookup as unknown as http.RequestOptions['lookup']),
        headers: options.headers,
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    request.on('error', (err) => reject(err instanceof FetchProblem ? err : (err as NodeJS.ErrnoException & { cause?: unknown }).cause instanceof FetchProblem ? (err as { cause: FetchProblem }).cause : err));
  });
}
