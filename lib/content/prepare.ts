import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { ContentTree, firstInvalidUtf8, lineAt, readContentFile, type FileStamp } from './files';
import { diagnostic, type RecordProblem } from './problems';
import { readContentRecord, type NewsRecord, type OfferingRecord } from './record';
import { htmlText } from './text';
import { addressKind } from '../urls/addresses';
import { linkKey } from './link';
import type { Breadcrumb } from './schema';

/** Record files larger than this are refused unread: a curated link is a few KiB. */
const MAX_RECORD_BYTES = 2 * 1024 * 1024;

/**
 * A valid record in the form the store writer takes: JSON columns already
 * serialized, so that records cross from worker threads as (cheap to copy) strings.
 */
export interface PreparedRecord extends FileStamp {
  file: string;
  digest: string;
  slug: string;
  recordId: number | null;
  title: string;
  description: string | null;
  bodyHtml: string;
  /** The body as plain text, for the search index. */
  bodyText: string;
  date: number;
  lastMod: number | null;
  url: string;
  /** `url` as compared for "curated before" (lib/content/link.ts). */
  linkKey: string;
  originalUrl: string | null;
  brand: string;
  /** What the item is: an article (default), a video, an item from a feed, a curated offering. */
  kind: NewsRecord['kind'];
  /** The feed a feed item came from (Medigy's RSS reader). */
  feed: { title: string | null; siteUrl: string | null; feedUrl: string | null; icon: ImageFile | null } | null;
  featuredImage: ImageFile | null;
  /** The trail the item page shows (internal steps in their one form, lib/urls/addresses.ts). */
  breadcrumbs: Breadcrumb[];
  /** The sections that trail passes through (its steps that are sections), once each. */
  sectionPaths: string[];
  socialMetaJson: string;
  status: string;
  authors: string[];
  tags: string[];
  aliases: string[];
  topics: NewsRecord['topics'];
  offerings: NewsRecord['offerings'];
  /** What an editor should know (a missing image, metadata left out); the record still publishes. */
  warnings: RecordProblem[];
}

/** An image file beside a record: its path relative to the content directory, and what the record says of it. */
export interface ImageFile {
  href: string;
  alt: string | null;
  width: number | null;
  height: number | null;
}

/** A valid offering record (a product's profile), in the form the store writer takes. */
export interface PreparedOffering extends FileStamp {
  file: string;
  digest: string;
  slug: string;
  recordId: number | null;
  name: string;
  vendor: string | null;
  offeringType: string | null;
  shortDescription: string | null;
  bodyHtml: string;
  links: Record<string, string>;
  date: number | null;
  lastMod: number | null;
  topics: OfferingRecord['topics'];
  aliases: string[];
  image: ImageFile | null;
  logo: ImageFile | null;
  status: string;
  warnings: RecordProblem[];
}

/** A file that is not a valid record, with every problem found in it. */
export type RejectedFile = { ok: false; file: string; digest: string; problems: RecordProblem[] } & FileStamp;

export type PreparedResult = { ok: true; record: PreparedRecord } | { ok: true; offering: PreparedOffering } | RejectedFile;

/** Reads one record file and takes it through the whole per-record pipeline. Never throws. */
export function readRecordFile(contentDir: string, file: string, tree = new ContentTree(contentDir)): PreparedResult {
  const full = path.join(contentDir, file);
  const read = readContentFile(contentDir, file, MAX_RECORD_BYTES, { tree });
  if (!read.ok) return { ok: false, file, digest: '', size: read.size, mtimeMs: read.mtimeMs, problems: [diagnostic(read.code, file, read.message)] };
  const { bytes, digest, size, mtimeMs } = read;
  const stamp: FileStamp = { size, mtimeMs };
  // Text in another encoding (Latin-1 from an old editor) would show replacement characters.
  const invalid = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    const line = lineAt(bytes, invalid);
    const message = `the file is not UTF-8 text: byte 0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save the file as UTF-8`;
    return { ok: false, file, digest, ...stamp, problems: [diagnostic('not-utf8', file, message, { line })] };
  }
  const result = readContentRecord(file, bytes.toString('utf8'));
  if (!result.ok) return { ok: false, file, digest, ...stamp, problems: result.problems };
  const warnings = 'record' in result ? [...result.record.warnings] : [...result.offering.warnings];
  // An image is shown only when its file is there beside the record; a missing one is a warning.
  const dir = path.dirname(full);
  const beside = (img: { href: string; alt: string | null; width: number | null; height: number | null } | null, field: string): ImageFile | null => {
    if (!img) return null;
    const entry = tree.entry(dir, img.href);
    if (entry === 'file') return { ...img, href: path.posix.join(path.posix.dirname(file), img.href) };
    const folder = path.posix.dirname(file) === '.' ? 'the content folder' : `"${path.posix.dirname(file)}"`;
    // Images are read like records: a file itself, never through a link (lib/content/files.ts).
    const why = entry === 'link' ? `is a symbolic link in ${folder}; put the image file itself there` : entry === 'other' ? `in ${folder} is not a file` : `is not in ${folder}`;
    warnings.push(diagnostic('image-missing', file, `the image "${img.href}" ${why}; the page will show no image`, { field }));
    return null;
  };

  if ('offering' in result) {
    const o = result.offering;
    const image = beside(o.image, 'featuredImage');
    const logo = beside(o.logo, 'offeringLogo');
    return {
      ok: true,
      offering: {
        file,
        digest,
        ...stamp,
        slug: o.slug,
        recordId: o.recordId,
        name: o.name,
        vendor: o.vendor,
        offeringType: o.offeringType,
        shortDescription: o.shortDescription,
        bodyHtml: o.bodyHtml,
        links: o.links,
        date: o.date ? o.date.getTime() : null,
        lastMod: o.lastMod ? o.lastMod.getTime() : null,
        topics: o.topics,
        aliases: o.aliases,
        image,
        logo,
        status: o.status,
        warnings,
      },
    };
  }
  const r = result.record;
  const featuredImage = beside(r.featuredImage, 'featuredImage.href');
  const feed = r.feed ? { ...r.feed, icon: beside(r.feed.icon, 'icon') } : null;

  return {
    ok: true,
    record: {
      file,
      digest,
      ...stamp,
      slug: r.slug,
      recordId: r.recordId,
      title: r.title,
      description: r.description,
      bodyHtml: r.bodyHtml,
      bodyText: htmlText(r.bodyHtml),
      date: r.date.getTime(),
      lastMod: r.lastMod ? r.lastMod.getTime() : null,
      url: r.link.href,
      linkKey: linkKey(r.link.href),
      originalUrl: r.link.original,
      brand: r.link.brand.toLowerCase(),
      kind: r.kind,
      feed,
      featuredImage,
      breadcrumbs: r.breadcrumbs,
      sectionPaths: [...new Set(r.breadcrumbs.flatMap((b) => (b.href !== null && addressKind(b.href) === 'section' ? [b.href] : [])))],
      socialMetaJson: JSON.stringify(r.socialMeta),
      status: r.status,
      authors: r.authors,
      tags: r.tags,
      aliases: r.aliases,
      topics: r.topics,
      offerings: r.offerings,
      warnings,
    },
  };
}
