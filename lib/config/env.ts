import path from 'node:path';
import * as z from 'zod/mini';

/**
 * The site's configuration: every environment variable it reads, validated once, with
 * a message an operator can act on. Everything else asks `config()`, never
 * `process.env`, so a variable is named and defaulted in one place (README: Environment).
 */
export interface Config {
  /** Where the records are (absolute). */
  contentDir: string;
  /** The SQLite store's file (absolute). */
  databaseFile: string;
  /** The images published with the store (lib/store/media.ts): beside the store file. */
  mediaDir: string;
  /** Port of `npm start` and `npm run serve`. */
  port: number;
  /** Memory bound of the front server's page cache, in bytes. */
  pageCacheBytes: number;
  /** How often the front server looks at the store file; 0 is on every request. */
  storeCheckMs: number;
  /** Public origin of canonical URLs, sitemaps and feeds (no trailing slash). */
  siteUrl: string;
  /** What the site calls itself; tagline and description are derived from the content when not set (lib/site/identity.ts). */
  site: { name: string; tagline: string | null; description: string | null };
  /** Host names the site answers to (SITE_URL's and SITE_HOSTS'); loopback and the listening address are added by the server. */
  siteHosts: string[];
  production: boolean;
  development: boolean;
  /** Sitemaps hold at most 50,000 URLs; this lowers the split point (tests). */
  sitemapUrlsPerFile: number;
  /** Cache servers to purge after each change (Varnish's admin-less PURGE with xkey), its purge listener, e.g. http://127.0.0.1:6082. */
  purgeUrls: string[];
  /** Shared secret of POST /api/sync (a git host's webhook): empty, the endpoint is closed. */
  syncSecret: string;
  /** How long reading and rendering one record (or the editor's preview of a body) may take before it is refused (lib/ingest/preparation.ts). */
  recordDeadlineMs: number;
  editor: EditorSettings;
  /**
   * Hosts (`host:port`) that fetches from this machine (feeds, `curate --fetch`) may reach
   * although they are loopback or private addresses: a test's server, an intranet feed.
   */
  fetchAllow: string[];
  /** The news desk's own SQLite file (feed poll state, the inbox, dismissals): beside the store, never replaced by an ingest. */
  deskFile: string;
}

export interface EditorSettings {
  user: string;
  /** Empty: the web editor is closed. */
  password: string;
  /** Signs sessions; derived from the password when not set. */
  secret: string | null;
  /** Where sessions ended by signing out are remembered (beside the store). */
  stateFile: string;
}

const DEFAULT_DATABASE_URL = 'file:./data/site.db';
/** The public origin when SITE_URL is not set in production (it is never localhost there). */
const DEFAULT_SITE_URL = 'https://digitalhealthcurated.org';
const DEFAULT_SITE_NAME = 'Digital Health Curated';
const MAX_SITEMAP_URLS = 45_000;
/**
 * The slowest legitimate bodies render in ~1.5 s on this 2-core machine when idle (64 KB
 * of dense Markdown; 512 KB of HTML ~0.7 s) and in up to ~7.5 s with both cores oversubscribed
 * threefold; the pathological ones refused by it ran from 11 s to minutes.
 */
const DEFAULT_RECORD_DEADLINE_MS = 10_000;

/** An unset variable and an empty one mean the same: the default. */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform(unsetIfEmpty), z.optional(schema));
const whole = (what: string, min: number, max: number) =>
  optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const n = Number(v.trim());
        const problem = !Number.isInteger(n) ? 'must be a whole number' : n < min ? `must be at least ${min}` : n > max ? `must be at most ${max}` : null;
        if (problem) ctx.issues.push({ code: 'custom', message: `${what} ${problem}`, input: v });
        return n;
      }),
    ),
  );
const text = optional(z.string());

/** A name or sentence shown on every page and in feeds: one line, of a length a title or a meta description can carry. */
function oneLine(what: string, value: string, max: number, ctx: { issues: unknown[] }): string {
  const line = value.trim().replace(/\s+/g, ' ');
  // Control characters cannot be written in XML (feeds) and mean a pasting mistake anywhere else.
  if (/[\u0000-\u001f\u007f]/.test(value.replace(/[\t\n\r]/g, ''))) ctx.issues.push({ code: 'custom', message: `${what} holds control characters`, input: value });
  else if (line.length > max) ctx.issues.push({ code: 'custom', message: `${what} must be at most ${max} characters (found ${line.length})`, input: value });
  return line;
}

// zod/mini: the same checks as zod's classic API in a fraction of its code, which every
// command loads at start (a no-op `npm run ingest` is mostly start-up).
const environment = z.object({
  CONTENT_DIR: text,
  DATABASE_URL: text,
  PORT: whole('PORT', 1, 65_535),
  PAGE_CACHE_MB: whole('PAGE_CACHE_MB', 1, 65_536),
  STORE_CHECK_MS: whole('STORE_CHECK_MS', 0, 3_600_000),
  SITE_URL: optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const origin = v.trim();
        if (!/^https?:\/\/[^/\s]+/i.test(origin) || !URL.canParse(origin)) ctx.issues.push({ code: 'custom', message: 'SITE_URL must be an origin like https://news.example.org', input: v });
        return origin;
      }),
    ),
  ),
  SITE_HOSTS: optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const names = v.split(/[\s,]+/).filter(Boolean);
        for (const n of names) if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+\.?$|^\[?[0-9a-f:.]+\]?$/i.test(n)) ctx.issues.push({ code: 'custom', message: `SITE_HOSTS: "${n}" is not a host name like news.example.org`, input: v });
        return names;
      }),
    ),
  ),
  SITE_NAME: optional(z.pipe(z.string(), z.transform((v, ctx) => oneLine('SITE_NAME', v, 80, ctx)))),
  SITE_TAGLINE: optional(z.pipe(z.string(), z.transform((v, ctx) => oneLine('SITE_TAGLINE', v, 200, ctx)))),
  SITE_DESCRIPTION: optional(z.pipe(z.string(), z.transform((v, ctx) => oneLine('SITE_DESCRIPTION', v, 300, ctx)))),
  NODE_ENV: text,
  SITEMAP_URLS_PER_FILE: whole('SITEMAP_URLS_PER_FILE', 1, MAX_SITEMAP_URLS),
  RECORD_DEADLINE_MS: whole('RECORD_DEADLINE_MS', 100, 600_000),
  EDITOR_USER: text,
  EDITOR_PASSWORD: z.optional(z.string()),
  EDITOR_SECRET: text,
  EDITOR_STATE_FILE: text,
  MEDIA_DIR: text,
  DESK_FILE: text,
  FETCH_ALLOW: optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const hosts = v.split(/[\s,]+/).filter(Boolean).map((h) => h.toLowerCase());
        for (const h of hosts) if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(h)) ctx.issues.push({ code: 'custom', message: `FETCH_ALLOW: "${h}" is not a host and port like 127.0.0.1:8080`, input: v });
        return hosts;
      }),
    ),
  ),
  PURGE_URLS: optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const urls = v.split(/[\s,]+/).filter(Boolean);
        for (const u of urls) if (!/^https?:\/\/[^/\s]+/i.test(u) || !URL.canParse(u)) ctx.issues.push({ code: 'custom', message: `PURGE_URLS: "${u}" is not an address like http://127.0.0.1:6082`, input: v });
        return urls;
      }),
    ),
  ),
  // The webhook's shared secret: long enough that guessing it is hopeless (the endpoint
  // pulls and ingests, so it must not be opened by a weak one).
  SYNC_SECRET: optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        if (v.length > 0 && v.length < MIN_SYNC_SECRET) ctx.issues.push({ code: 'custom', message: `SYNC_SECRET must be at least ${MIN_SYNC_SECRET} characters (e.g. \`openssl rand -hex 32\`), or unset to keep POST /api/sync closed`, input: v });
        return v;
      }),
    ),
  ),
});

const MIN_SYNC_SECRET = 32;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`the configuration is not valid: ${problems.join('; ')}`);
  }
}

/** The configuration that `env` describes; throws ConfigError naming every bad variable. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  const development = e.NODE_ENV === 'development';
  const port = e.PORT ?? 3000;
  const databaseFile = databaseFileOf(e.DATABASE_URL);
  return {
    contentDir: path.resolve(/*turbopackIgnore: true*/ e.CONTENT_DIR ?? 'content'),
    databaseFile,
    mediaDir: path.resolve(/*turbopackIgnore: true*/ e.MEDIA_DIR ?? path.join(path.dirname(databaseFile), 'media')),
    port,
    pageCacheBytes: (e.PAGE_CACHE_MB ?? 64) * 1024 * 1024,
    storeCheckMs: e.STORE_CHECK_MS ?? 0,
    siteUrl: e.SITE_URL ? new URL(e.SITE_URL).origin : development ? `http://localhost:${port}` : DEFAULT_SITE_URL,
    site: { name: e.SITE_NAME ?? DEFAULT_SITE_NAME, tagline: e.SITE_TAGLINE ?? null, description: e.SITE_DESCRIPTION ?? null },
    siteHosts: [new URL(e.SITE_URL ?? DEFAULT_SITE_URL).hostname, ...(e.SITE_HOSTS ?? [])],
    production: e.NODE_ENV === 'production',
    development,
    sitemapUrlsPerFile: e.SITEMAP_URLS_PER_FILE ?? MAX_SITEMAP_URLS,
    purgeUrls: e.PURGE_URLS ?? [],
    syncSecret: e.SYNC_SECRET ?? '',
    fetchAllow: e.FETCH_ALLOW ?? [],
    deskFile: path.resolve(/*turbopackIgnore: true*/ e.DESK_FILE ?? path.join(path.dirname(databaseFile), 'desk.db')),
    recordDeadlineMs: e.RECORD_DEADLINE_MS ?? DEFAULT_RECORD_DEADLINE_MS,
    editor: {
      user: e.EDITOR_USER?.trim() || 'editor',
      password: e.EDITOR_PASSWORD ?? '',
      secret: e.EDITOR_SECRET ?? null,
      stateFile: path.resolve(/*turbopackIgnore: true*/ e.EDITOR_STATE_FILE ?? path.join(path.dirname(databaseFile), 'editor-sessions.json')),
    },
  };
}

/**
 * The environment `npm start` serves with: without SITE_URL it names the origin it serves
 * (`http://localhost:PORT`), so canonical URLs, feeds and sitemaps of a site run on one's
 * own machine lead back to it rather than to the public default. `npm run serve` keeps
 * the public default: behind nginx or Varnish, the address it listens on is not the
 * one readers use.
 */
export function localServeEnv<Env extends Record<string, string | undefined>>(env: Env): { env: Env; siteUrl: string; defaulted: boolean } {
  const configured = readConfig(env);
  if (env.SITE_URL?.trim()) return { env, siteUrl: configured.siteUrl, defaulted: false };
  const siteUrl = `http://localhost:${configured.port}`;
  return { env: { ...env, SITE_URL: siteUrl }, siteUrl, defaulted: true };
}

/**
 * File path of the SQLite store named by a `DATABASE_URL` (`file:./data/site.db`,
 * `file:/abs/path.db`, or a bare path), resolved against the working directory.
 */
export function databaseFileOf(url: string | undefined): string {
  const value = url?.trim() || DEFAULT_DATABASE_URL;
  const withoutScheme = value.startsWith('file:') ? value.slice('file:'.length) : value;
  return path.resolve(/*turbopackIgnore: true*/ withoutScheme.replace(/\?.*$/, ''));
}

let current: Config | null = null;

/** The process's configuration, read from its environment on first use. */
export function config(): Config {
  return (current ??= readConfig(process.env));
}

/**
 * Forget the configuration read so far: the next config() reads the environment again.
 * For a process that runs one piece of work after another, each with its own environment
 * (the unit tests share one process per worker, each file with its own store).
 */
export function rereadConfig(): void {
  current = null;
}
