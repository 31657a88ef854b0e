import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
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
 */
export const VARIANT_WIDTHS = [160, 320, 480, 640, 960, 1280, 1920];

export interface MediaSummary {
  /** Images looked at (referenced by the store). */
  images: number;
  /** Images whose files were read this time (new or changed). */
  read: number;
  /** Files written into the media folder (originals and variants). */
  written: number;
  /** Images that could not be read: the page shows none. */
  problems: { file: string; message: string }[];
  seconds: number;
}

type ImageRow = Row<'Image'>;

export async function publishMedia(options: { contentDir: string; databasePath: string; mediaDir: string }): Promise<MediaSummary> {
  const started = performance.now();
  const summary: MediaSummary = { images: 0, read: 0, written: 0, problems: [], seconds: 0 };
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
    const put: ImageRow[] = [];
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
      const row = await publishImage(rel, options.contentDir, options.mediaDir, summary);
      if (row) put.push(row);
    }
    const gone = [...known.keys()].filter((p) => !referenced.includes(p));
    if (put.length || gone.length) {
      const rows = new StoreRows(db);
      db.transaction(() => {
        rows.putImages(put);
        for (const p of gone) rows.deleteImage(p);
      }).immediate();
    }
  } finally {
    db.close();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** One image: its digest, format and size; the original and its variants in the media folder. */
async function publishImage(rel: string, contentDir: string, mediaDir: string, summary: MediaSummary): Promise<ImageRow | null> {
  // Only a regular file inside content/: never what a symbolic link points to elsewhere.
  const found = readFileInside(contentDir, rel, MAX_IMAGE_BYTES);
  if (!found) {
    summary.problems.push({ file: rel, message: `the image is not a file of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB inside content/; the page shows no image` });
    return null;
  }
  const { bytes, size, mtimeMs } = found;
  summary.read++;
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
      const meta = await sharp(bytes, { limitInputPixels: 50_000_000 }).metadata();
      format = String(meta.format);
      width = meta.width ?? 0;
      height = meta.height ?? 0;
    } catch (err) {
      summary.problems.push({ file: rel, message: `the image could not be read (${(err as Error).message}); the page shows no image` });
      return null;
    }
  }
  if (!MEDIA_EXTENSIONS[format] || !width || !height) {
    summary.problems.push({ file: rel, message: `the image is not one browsers show (${format}); the page shows no image` });
    return null;
  }
  fs.mkdirSync(mediaDir, { recursive: true });
  const written = (name: string, write: (tmp: string) => Promise<void> | void) => {
    const target = path.join(mediaDir, name);
    if (fs.existsSync(target)) return Promise.resolve();
    const tmp = path.join(mediaDir, `.${name}.${process.pid}.tmp`);
    return Promise.resolve(write(tmp)).then(() => {
      fs.renameSync(tmp, target);
      summary.written++;
    });
  };
  await written(mediaName(digest, format), (tmp) => fs.writeFileSync(tmp, bytes));
  // Raster images get WebP variants at the widths below their own (and their own, up to
  // the largest); vector and icon files are shown as they are.
  const variants = ['svg', 'ico', 'gif'].includes(format) ? [] : [...new Set([...VARIANT_WIDTHS.filter((w) => w < width), Math.min(width, VARIANT_WIDTHS.at(-1)!)])];
  try {
    for (const w of variants) {
      await written(mediaName(digest, format, w), async (tmp) => {
        await sharp(bytes, { limitInputPixels: 50_000_000 }).resize({ width: w, withoutEnlargement: true }).webp({ quality: 76 }).toFile(tmp);
      });
    }
  } catch (err) {
    summary.problems.push({ file: rel, message: `smaller versions of the image could not be made (${(err as Error).message}); the page shows it as it is` });
    variants.length = 0;
  }
  return { path: rel, digest, format, width, height, variants: JSON.stringify(variants), size, mtimeMs };
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
