import os from 'node:os';
import { pageQueryParams } from '../urls/pages';

/**
 * What a request names, checked before anything is looked up or forwarded: the host it
 * claims (RFC 9110 §7.2: `uri-host [":" port]`, and one this site answers to) and its
 * target (origin form, or absolute form whose authority is checked like Host). A page
 * cache keyed by raw header text glued together can be made to file one page under
 * another's key (`Host: site/news` + `/slug` = `site` + `/news/slug`); the key here is
 * built only from the validated path and the query parameters the page reads.
 */

export type Target =
  | { ok: true; host: string; pathname: string; search: string; cacheKey: string; path: string }
  | { ok: false; status: 400; message: string };

/** RFC 3986 reg-name characters (unreserved, pct-encoded, sub-delims); no userinfo, path or port. */
const REG_NAME = /^(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})+$/i;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/i;
const PORT = /^[0-9]{1,5}$/;
const ABSOLUTE_FORM = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;

/** The host name and port of an authority (`Host` or an absolute-form target), or null when it is not one. */
export function parseAuthority(authority: string): { hostname: string; port: string | null } | null {
  if (authority.length === 0 || authority.length > 255) return null;
  let hostname: string;
  let port: string | null = null;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return null;
    hostname = authority.slice(0, end + 1);
    const rest = authority.slice(end + 1);
    if (rest) {
      if (!rest.startsWith(':')) return null;
      port = rest.slice(1);
    }
    if (!IPV6_LITERAL.test(hostname)) return null;
  } else {
    const colon = authority.lastIndexOf(':');
    hostname = colon >= 0 ? authority.slice(0, colon) : authority;
    if (colon >= 0) port = authority.slice(colon + 1);
    if (!REG_NAME.test(hostname) || hostname.includes('%')) return null;
  }
  if (port !== null && (!PORT.test(port) || Number(port) > 65_535)) return null;
  hostname = hostname.toLowerCase();
  // `localhost.` is `localhost`: a fully qualified name's trailing dot.
  if (hostname.endsWith('.') && hostname.length > 1) hostname = hostname.slice(0, -1);
  return { hostname, port };
}

/**
 * The host names the site answers to: its public one (SITE_URL), configured aliases,
 * loopback, and the addresses it listens on (every interface's, when it listens on all).
 */
export class SiteHosts {
  private readonly names = new Set<string>(['localhost', '127.0.0.1', '[::1]']);

  constructor(names: string[]) {
    for (const name of names) this.add(name);
  }

  add(name: string): void {
    const trimmed = name.trim();
    // A bare IPv6 address (two colons or more) is written in brackets in a Host header.
    const bare6 = !trimmed.startsWith('[') && trimmed.indexOf(':') !== trimmed.lastIndexOf(':');
    const parsed = parseAuthority(bare6 ? `[${trimmed.split('%')[0]}]` : trimmed);
    if (parsed) this.names.add(parsed.hostname);
  }

  /** After `listen`: the bound address, or every interface's for a wildcard bind. */
  addListening(address: string): void {
    if (address === '0.0.0.0' || address === '::') {
      for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) this.add(i.address);
    } else {
      this.add(address);
    }
  }

  has(hostname: string): boolean {
    return this.names.has(hostname);
  }
}

/**
 * The request's host and target, validated; the cache key and the path forwarded to the
 * app are the same string: the path with RFC 3986 normalizations (unreserved characters
 * unescaped, escapes in upper case) and only the query parameters the page reads, each
 * once, in the order given.
 */
export function requestTarget(rawUrl: string, hostHeader: string | undefined, httpVersion: string, hosts: SiteHosts): Target {
  let authority = hostHeader;
  let rest = rawUrl;
  const absolute = ABSOLUTE_FORM.exec(rawUrl);
  if (absolute) {
    // RFC 9112 §3.2.2: the target's authority wins over Host; it is checked the same way.
    if (!/^https?$/i.test(absolute[1]!)) return refused('the request target names another scheme');
    if (absolute[2]!.includes('@')) return refused('the request target may not carry user information');
    authority = absolute[2]!;
    rest = absolute[3] || '/';
  } else if (!rawUrl.startsWith('/')) {
    return refused('the request target must be a path');
  }
  if (authority === undefined) {
    // HTTP/1.0 needs no Host: the site's own name is meant.
    if (httpVersion !== '1.0') return refused('the request has no Host header');
  } else {
    const parsed = parseAuthority(authority);
    if (!parsed) return refused('the Host header is not a host name and port');
    if (!hosts.has(parsed.hostname)) return refused('this server does not answer to that host name');
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const rawPath = q >= 0 ? rest.slice(0, q) : rest;
  // `//host/…` and `/\host/…` are another host's address to a browser that follows them as a link.
  if (!rawPath.startsWith('/') || rawPath.startsWith('//') || rawPath.includes('\\')) return refused('the request target must be a path');
  const pathname = normalizeEscapes(rawPath);
  if (pathname === null) return refused('the path has a broken %-escape');
  const search = q >= 0 ? canonicalQuery(rest.slice(q + 1), pageQueryParams(decodeOrSelf(pathname))) : '';
  if (search === null) return refused('the query has a broken %-escape');
  const path = pathname + search;
  return { ok: true, host: authority ?? '', pathname, search, cacheKey: path, path };
}

function refused(message: string): Target {
  return { ok: false, status: 400, message };
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** RFC 3986 §6.2.2: `%41` is `A`, `%2f` is `%2F`; null for a `%` not followed by two hex digits. */
function normalizeEscapes(text: string): string | null {
  if (!text.includes('%')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) return null;
    const ch = String.fromCharCode(parseInt(hex, 16));
    out += UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
    i += 2;
  }
  return out;
}

/** The parameters a page reads, first of each name, in the order given; `''` when none. */
function canonicalQuery(query: string, allowed: readonly string[]): string | null {
  if (allowed.length === 0 || query === '') return '';
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawName = eq >= 0 ? part.slice(0, eq) : part;
    const name = decodeOrSelf(rawName.replace(/\+/g, ' '));
    if (!allowed.includes(name) || seen.has(name)) continue;
    seen.add(name);
    const normalized = normalizeEscapes(part);
    if (normalized === null) return null;
    kept.push(normalized);
  }
  return kept.length ? `?${kept.join('&')}` : '';
}

function decodeOrSelf(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
