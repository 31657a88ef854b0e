import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { openFileInside } from '../content/files';
import { mediaHeaders, openPublishedMedia } from '../store/media-files';
import { withEdgeHeaderObject } from './edge-headers';

/**
 * Files the front server answers itself, streamed from disk: published images
 * (`/media/<digest>.<ext>`) and the build's assets (`/_next/static/…`). A client that
 * reads a 12 MB image through a tiny window holds a file descriptor and its own socket,
 * never a connection to the app that page rendering needs.
 */
export interface StaticRoots {
  /** The published media folder (config().mediaDir). */
  mediaDir?: string;
  /** The build's static assets (`.next/static`). */
  nextStaticDir?: string;
}

/** Files streamed at once; past it, 503 (file descriptors are a finite resource). */
const MAX_OPEN_FILES = 512;
/** The build's assets are small; nothing larger is streamed from there. */
const MAX_ASSET_BYTES = 32 * 1024 * 1024;

const ASSET_TYPES: Record<string, string> = {
  js: 'application/javascript; charset=utf-8',
  mjs: 'application/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  json: 'application/json; charset=utf-8',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  png: 'image/png',
  jpg: 'image/jpeg',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  webp: 'image/webp',
  txt: 'text/plain; charset=utf-8',
};

let openFiles = 0;

/**
 * Answers `pathname` from a static root when it is one of those paths (true), whether
 * the file exists or not; false for any other path.
 */
export function serveStatic(roots: StaticRoots, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  let opened: { fd: number; size: number } | null;
  let headers: Record<string, string>;
  if (roots.mediaDir && pathname.startsWith('/media/')) {
    const name = pathname.slice('/media/'.length);
    opened = openPublishedMedia(roots.mediaDir, name);
    headers = opened ? mediaHeaders(name, opened.size) : {};
  } else if (roots.nextStaticDir && pathname.startsWith('/_next/static/')) {
    const rel = assetPath(pathname.slice('/_next/static/'.length));
    opened = rel ? openFileInside(roots.nextStaticDir, rel, MAX_ASSET_BYTES) : null;
    const ext = rel?.slice(rel.lastIndexOf('.') + 1).toLowerCase() ?? '';
    headers = {
      'content-type': ASSET_TYPES[ext] ?? 'application/octet-stream',
      'content-length': String(opened?.size ?? 0),
      // Named by the build's content: never changes meaning.
      'cache-control': 'public, max-age=31536000, immutable',
    };
  } else {
    return false;
  }
  if (!opened) {
    res.writeHead(404, withEdgeHeaderObject({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }));
    res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
    return true;
  }
  if (openFiles >= MAX_OPEN_FILES) {
    fs.closeSync(opened.fd);
    res.writeHead(503, withEdgeHeaderObject({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' }));
    res.end('Too many files being sent: try again in a moment\n');
    return true;
  }
  res.writeHead(200, withEdgeHeaderObject(headers));
  if (req.method === 'HEAD' || opened.size === 0) {
    fs.closeSync(opened.fd);
    res.end();
    return true;
  }
  openFiles++;
  const stream = fs.createReadStream('', { fd: opened.fd, start: 0, end: opened.size - 1, highWaterMark: 64 * 1024, autoClose: true });
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    openFiles--;
    stream.destroy();
  };
  stream.on('error', () => {
    finish();
    res.destroy();
  });
  stream.on('close', finish);
  res.on('close', finish);
  stream.pipe(res);
  return true;
}

/** A build asset's path below the static folder: decoded, without dot segments or backslashes; null otherwise. */
function assetPath(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const parts = decoded.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) return null;
  return parts.join(path.sep);
}
