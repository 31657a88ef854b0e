import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, databaseFileOf, readConfig } from '../../lib/config/env';

describe('the configuration', () => {
  it('has defaults for everything, paths resolved', () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      contentDir: path.resolve('content'),
      databaseFile: path.resolve('data/site.db'),
      mediaDir: path.resolve('data/media'),
      port: 3000,
      pageCacheBytes: 64 * 1024 * 1024,
      storeCheckMs: 0,
      siteUrl: 'https://digitalhealthcurated.org',
      sitemapUrlsPerFile: 45_000,
      editor: { user: 'editor', password: '', secret: null, stateFile: path.resolve('data/editor-sessions.json') },
    });
    // Development serves canonical URLs on itself; empty variables are unset ones.
    expect(readConfig({ NODE_ENV: 'development', PORT: '4000', SITE_URL: '' }).siteUrl).toBe('http://localhost:4000');
    expect(readConfig({ SITE_URL: 'https://news.example.org/some/path' }).siteUrl).toBe('https://news.example.org');
  });

  it('refuses what it cannot use, naming every variable', () => {
    let error: unknown;
    try {
      readConfig({ PORT: 'eighty', SITE_URL: 'news.example.org', SITEMAP_URLS_PER_FILE: '60000', SYNC_SECRET: 'x' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT: PORT must be a whole number',
      'SITE_URL: SITE_URL must be an origin like https://news.example.org',
      'SITEMAP_URLS_PER_FILE: SITEMAP_URLS_PER_FILE must be at most 45000',
      'SYNC_SECRET: SYNC_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`), or unset to keep POST /api/sync closed',
    ]);
  });

  it('names the store file in the forms Prisma accepts', () => {
    expect(databaseFileOf(undefined)).toBe(path.resolve('data/site.db'));
    expect(databaseFileOf('file:./data/x.db')).toBe(path.resolve('data/x.db'));
    expect(databaseFileOf('file:/tmp/y.db?mode=ro')).toBe('/tmp/y.db');
  });
});
