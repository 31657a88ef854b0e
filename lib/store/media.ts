import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type Sharp from 'sharp';
import { digestOf, readFileInside } from '../content/files';
import { MAX_IMAGE_BYTES, MEDIA_EXTENSIONS, mediaName } from './media-files';
import type { Row } from './tables';
import { StoreRows } from './writes';

/**
 * The images a store's pages show, published with it: every image file a record names
 * (featured images, offering logos, feed icons) is copied into the media folder beside
 * the store under its content digest, with WebP variants at the widths pages ask for
 * (made once per image content, so later ingests and rebuilt stores reuse them), and
 * an Image row says what was made. `npm run serve` then needs the store and this folder
 * only, not content/. Runs after the text is published: images never hold up the text.
 *
 * A page shows an image only once its Image row exists (lib/pages/images.ts), and a row
 * is written only after its files are in the media folder: pages never point at an
 * image that is not there. Rows are committed as images are done (every
 * `COMMIT_EVERY_MS`), so a large import's pictures appear while the rest are made.
 */

/**
 * The widths of the WebP variants, in CSS pixels times the screens' densities that pages
 * ask for (lib/pages: cards 72–144 px, the lead 416 px, item pages 736 px): 1920 is not
 * made, as no picture is shown wider than 1280 device pixels' worth.
 */
export const VARIANT_WIDTHS = [160, 320, 480, 640, 960, 1280];

/** How the variants are made: what the benchmark compares (scripts/bench-images.ts). */
export interface VariantSettings {
  widths: number[];
  /** libwebp's effort, 0–6: 2 makes files ~4 % larger than 4 (the default) in half the time (measured on Medigy's images). */
  effort: number;
  quality: number;
  /**
   * `once`: the image is decoded once, at the largest width needed, and every variant is
   * made from those pixels; `per-variant`: decoded again for each (what was done before).
   */
  decode: 'once' | 'per-variant';
  /** Images made at the same time (each on one of libuv's threads): one per core. */
  concurrency: number;
}

export const DEFAULT_VARIANT_SETTINGS: VariantSettings = {
  widths: VARIANT_WIDTHS,
  effort: 2,
  quality: 76,
  decode: 'once',
  concurrency: Math.max(1, Math.min(os.availableParallelism(), 8)),
};

/** Image rows are committed at least this often while images are made: pictures appear as they come. */
const COMMIT_EVERY_MS = 2000;
const LIMIT_INPUT_PIXELS = 50_000_000;

export interface MediaSummary {
  /** Images looked at (referenced by the store). */
  images: number;
  /** Images whose files were read this time (new or changed). */
  read: number;
  /** Files written into the media folder (originals and variants). */
  written: number;
  /** Bytes written into the media folder. */
  bytes: number;
  /** Images that could not be read: the page shows none. */
  problems: { file: string; message: string }[];
  seconds: number;
}

export type ImageRow = Row<'Image'>;

export interface MediaOptions {
  contentDir: string;
  databasePath: string;
  mediaDir: string;
  /** Called as images are published: (done, total), total being the images to make this time (0 when all are there). */
  onProgress?: (done: number, total: number) => void;
  settings?: Partial<VariantSettings>;
}

export async function publishMedia(options: MediaOptions): Promise<MediaSummary> {
  const started = performance.now();
  const summary: MediaSummary = { images: 0, read: 0, written: 0, bytes: 0, problems: [], seconds: 0 };
  const db = new Database(options.databasePath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  try {
    const referenced = db
      .prepare(
        `SELECT featuredImageHref AS p FROM NewsItem WHERE featuredImageHref IS NOT NULL
         UNION SELECT logoHref FROM Offering WHERE logoHref IS NOT NULL
         UNION SELECT imageHref FROM Offering WHERE imageHref IS NOT NULL
         UNION SELECT iconHref FROM Source WHERE iconHref IS NOT NULL`,
      )
      .pluck()
      .all() as string[];
    const known = new Map((db.prepare('SELECT * FROM Image').all() as ImageRow[]).map((r) => [r.path, r]));
    summary.images = referenced.length;
    const todo: string[] = [];
    for (const rel of referenced) {
      let st: fs.Stats;
      try {
        st = fs.lstatSync(path.join(options.contentDir, rel));
      } catch {
        summary.problems.push({ file: rel, message: 'the image file is gone; the page shows no image' });
        continue;
      }
      const before = known.get(rel);
      if (before && before.size === st.size && before.mtimeMs === st.mtimeMs && fs.existsSync(path.join(options.mediaDir, mediaName(before.digest, before.format)))) continue;
      todo.push(rel);
    }
    const rows = new StoreRows(db);
    let pending: ImageRow[] = [];
    let lastCommit = performance.now();
    const commit = () => {
      const batch = pending;
      pending = [];
      lastCommit = performance.now();
      if (batch.length) db.transaction(() => rows.putImages(batch)).immediate();
    };
    await publishImages(todo, options.contentDir, options.mediaDir, summary, {
      settings: options.settings,
      onProgress: options.onProgress,
      onImage: (row) => {
        pending.push(row);
        if (performance.now() - lastCommit >= COMMIT_EVERY_MS) commit();
      },
    });
    commit();
    const gone = [...known.keys()].filter((p) => !referenced.includes(p));
    if (gone.length) db.transaction(() => gone.forEach((p) => rows.deleteImage(p))).immediate();
  } finally {
    db.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/**
 * Publishes the image files `paths` (relative to `contentDir`) into `mediaDir`, several at
 * a time, each image's row handed to `onImage` once its files are all written. What the
 * store-less benchmark calls (scripts/bench-images.ts) and publishMedia uses.
 */
export async function publishImages(
  paths: string[],
  contentDir: string,
  mediaDir: string,
  summary: MediaSummary,
  hooks: { settings?: Partial<VariantSettings>; onImage?: (row: ImageRow) => void; onProgress?: (done: number, total: number) => void } = {},
): Promise<void> {
  const settings = { ...DEFAULT_VARIANT_SETTINGS, ...hooks.settings };
  let next = 0;
  let done = 0;
  hooks.onProgress?.(0, paths.length);
  if (paths.length) fs.mkdirSync(mediaDir, { recursive: true });
  const worker = async () => {
    while (next < paths.length) {
      const rel = paths[next++]!;
      const row = await publishImage(rel, contentDir, mediaDir, summary, settings);
      if (row) hooks.onImage?.(row);
      hooks.onProgress?.(++done, paths.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(settings.concurrency, paths.length)) }, worker));
}

let loadingSharp: Promise<typeof Sharp> | null = null;

/**
 * sharp (libvips), loaded when the first image is read: an ingest whose images are all
 * published already, or that names none, does not pay its start (~0.3 s of a core).
 */
function imageLibrary(): Promise<typeof Sharp> {
  return (loadingSharp ??= import('sharp').then((m) => m.default));
}

/** One image: its digest, format and size; the original and its variants in the media folder. */
async function publishImage(rel: string, contentDir: string, mediaDir: string, summary: MediaSummary, settings: VariantSettings): Promise<ImageRow | null> {
  // Only a regular file inside content/: never what a symbolic link points to elsewhere.
  const found = readFileInside(contentDir, rel, MAX_IMAGE_BYTES);
  if (!found) {
    summary.problems.push({ file: rel, message: `the image is not a file of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB inside content/; the page shows no image` });
    return null;
  }
  const { bytes, size, mtimeMs } = found;
  summary.read++;
  const sharp = await imageLibrary();
  const digest = digestOf(bytes);
  let format: string;
  let width: number;
  let height: number;
  const ico = icoSize(bytes);
  if (ico) {
    // libvips reads no ICO: the header says its size, and browsers show it as it is.
    ({ width, height } = ico);
    format = 'ico';
  } else {
    try {
      const meta = await sharp(bytes, { limitInputPixels: LIMIT_INPUT_PIXELS }).metadata();
      format = String(meta.format);
      // As shown: a photo turned by its EXIF orientation (5–8: a quarter turn) has its sides swapped.
      const turned = (meta.orientation ?? 1) >= 5;
      width = (turned ? meta.height : meta.width) ?? 0;
      height = (turned ? meta.width : meta.height) ?? 0;
    } catch (err) {
      summary.problems.push({ file: rel, message: `the image could not be read (${(err as Error).message}); the page shows no image` });
      return null;
    }
  }
  if (!MEDIA_EXTENSIONS[format] || !width || !height) {
    summary.problems.push({ file: rel, message: `the image is not one browsers show (${format}); the page shows no image` });
    return null;
  }
  const written = async (name: string, write: (tmp: string) => Promise<void> | void) => {
    const target = path.join(mediaDir, name);
    if (fs.existsSync(target)) return;
    const tmp = path.join(mediaDir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    try {
      await write(tmp);
      summary.bytes += fs.statSync(tmp).size;
      fs.renameSync(tmp, target);
      summary.written++;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  };
  await written(mediaName(digest, format), (tmp) => fs.writeFileSync(tmp, bytes));
  // Raster images get WebP variants at the widths below their own (and their own, up to
  // the largest); vector and icon files are shown as they are.
  const widths = settings.widths;
  const variants = ['svg', 'ico', 'gif'].includes(format) ? [] : [...new Set([...widths.filter((w) => w < width), Math.min(width, widths.at(-1)!)])];
  const missing = variants.filter((w) => !fs.existsSync(path.join(mediaDir, mediaName(digest, format, w))));
  try {
    if (missing.length) await makeVariants(bytes, missing, settings, (w, make) => written(mediaName(digest, format, w), make));
  } catch (err) {
    summary.problems.push({ file: rel, message: `smaller versions of the image could not be made (${(err as Error).message}); the page shows it as it is` });
    variants.length = 0;
  }
  return { path: rel, digest, format, width, height, variants: JSON.stringify(variants), size, mtimeMs };
}

/**
 * The WebP variants of an image at `widths`. Decoding is most of the cost of a large
 * photo: with `decode: 'once'` the image is decoded (JPEG shrinking on load) and turned
 * upright once, at the largest width asked for, and each variant is resized from those
 * pixels.
 */
async function makeVariants(bytes: Buffer, widths: number[], settings: VariantSettings, write: (width: number, make: (tmp: string) => Promise<void>) => Promise<void>): Promise<void> {
  const sharp = await imageLibrary();
  const webp = { quality: settings.quality, effort: settings.effort };
  const descending = [...widths].sort((a, b) => b - a);
  if (settings.decode === 'per-variant') {
    for (const w of descending) {
      await write(w, async (tmp) => {
        await sharp(bytes, { limitInputPixels: LIMIT_INPUT_PIXELS }).rotate().resize({ width: w, withoutEnlargement: true }).webp(webp).toFile(tmp);
      });
    }
    return;
  }
  const { data, info } = await sharp(bytes, { limitInputPixels: LIMIT_INPUT_PIXELS })
    .rotate()
    .resize({ width: descending[0], withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  for (const w of descending) {
    await write(w, async (tmp) => {
      const pixels = sharp(data, { raw });
      await (w < info.width ? pixels.resize({ width: w }) : pixels).webp(webp).toFile(tmp);
    });
  }
}

/** The size of the largest image in an ICO file, or null when it is not one. */
function icoSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 22 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) return null;
  const count = bytes.readUInt16LE(4);
  if (count === 0 || bytes.length < 6 + count * 16) return null;
  let best = { width: 0, height: 0 };
  for (let i = 0; i < count; i++) {
    const width = bytes[6 + i * 16] || 256;
    const height = bytes[7 + i * 16] || 256;
    if (width * height > best.width * best.height) best = { width, height };
  }
  return best;
}
