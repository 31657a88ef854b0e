import { openFileInside, readFileInside } from '../content/files';

/**
 * The published media folder as readers reach it (`/media/<name>`): which names exist,
 * their types and headers, and a file opened safely. Apart from lib/store/media.ts, which
 * writes the folder, so that serving loads no image library.
 */

/** No image beside a record is this large; past it, nothing is read. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** The formats (as sharp names them) browsers show, and their files' extensions. */
export const MEDIA_EXTENSIONS: Record<string, string> = { jpeg: 'jpg', png: 'png', gif: 'gif', webp: 'webp', avif: 'avif', svg: 'svg', ico: 'ico' };

/** The name of a published file: the original (`<digest>.<ext>`) or a variant (`<digest>-<width>.webp`). */
export function mediaName(digest: string, format: string, width?: number): string {
  return width ? `${digest}-${width}.webp` : `${digest}.${MEDIA_EXTENSIONS[format] ?? 'bin'}`;
}

/** Whether a request names a published media file (and nothing else: no path, no dot-files). */
export const MEDIA_NAME = /^[0-9a-f]{40}(?:-\d{2,4}\.webp|\.(?:jpg|png|gif|webp|avif|svg|ico))$/;

const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml', ico: 'image/x-icon' };

/** Response headers of a published media file: a name never changes meaning, so it is kept a year. */
export function mediaHeaders(name: string, size: number): Record<string, string> {
  return {
    'content-type': TYPES[name.slice(name.lastIndexOf('.') + 1)]!,
    'content-length': String(size),
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // An SVG opened directly must not run script in the site's origin.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  };
}

/** A published media file opened for streaming, or null for any other name. The caller closes `fd`. */
export function openPublishedMedia(mediaDir: string, name: string): { fd: number; size: number } | null {
  if (!MEDIA_NAME.test(name)) return null;
  return openFileInside(mediaDir, name, MAX_IMAGE_BYTES);
}

/** A published media file's bytes and headers, or null for any other name. */
export function readPublishedMedia(mediaDir: string, name: string): { body: Buffer; headers: Record<string, string> } | null {
  if (!MEDIA_NAME.test(name)) return null;
  const found = readFileInside(mediaDir, name, MAX_IMAGE_BYTES);
  return found ? { body: found.bytes, headers: mediaHeaders(name, found.size) } : null;
}
