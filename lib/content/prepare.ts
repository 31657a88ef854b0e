import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { ContentTree, firstInvalidUtf8, lineAt, readContentFile, type FileStamp } from './files';
import type { EventDetails } from './event';
import { OWN_KINDS, type ItemKind } from './kinds';
import { ADDRESS_SOURCES } from './normalize';
import { diagnostic, isError, type Diagnostic } from './problems';
import { readContentRecord, type NewsRecord, type OfferingRecord } from './record';
import type { BodyImage } from './render';
import { htmlText } from './text';
import type { VideoDetails } from './video';
import { addressKind } from '../urls/addresses';
import { routes } from '../urls/pages';
import { linkKey } from './link';
import type { Breadcrumb } from './schema';

export type { BodyImage, EventDetails, ItemKind, VideoDetails };

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
  /** When the item was published (epoch ms): its place in listings and its id (an event's start is `event.start`). */
  date: number;
  lastMod: number | null;
  /** The article's address; for the site's own writing (`ownArticle`), the item's own page (`/news/<slug>`). */
  url: string;
  /** `url` as compared for "curated before" (lib/content/link.ts). */
  linkKey: string;
  originalUrl: string | null;
  /** The publisher's host (`healthcareitnews.com`), the key of its source; empty for the site's own writing. */
  brand: string;
  /**
   * The record curates no article: it is the site's own writing (a post, an infographic,
   * contributed content, or a record whose link was lost), its body and image are the
   * page. Its page shows no link to an original and no source; `url` is its own page.
   */
  ownArticle: boolean;
  /** What the publisher is called, by this record (a feed's title, the page's og:site_name), for lib/content/publishers.ts to choose one name per publisher; null when it says nothing. */
  publisherName: string | null;
  /**
   * What the item is (lib/content/kinds.ts): an article (curated news), a video, an item
   * from a feed, an event, an infographic, a post (the site's own or contributed
   * writing), a report (recent updates, reports, advisories), a curated offering.
   */
  kind: ItemKind;
  /** An event's dates, place, being online or cancelled, recording (kind `event`); null otherwise. */
  event: EventDetails | null;
  /** The video the record names (YouTube, Vimeo): a video's own, an event's recording, a player on the curated page; null when none. */
  video: VideoDetails | null;
  /** An editor's pin on the front page: 0 when not pinned, else its weight (larger leads). */
  featured: number;
  /** Images the body shows by a path on Medigy's site, found beside the record: published with the store like featured images, their `src` replaced by the published file's. */
  bodyImages: BodyImage[];
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
  warnings: Diagnostic[];
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
  warnings: Diagnostic[];
}

/**
 * A file that is not published, with every problem found in it. When none of them is an
 * error (`isLeftOut`), it is a record left out without fault: a kind the site does not
 * publish (`kind-not-published`), or a record imported from Medigy with nothing to show
 * (`nothing-to-show`). Those are named in the report and never fail the ingest.
 */
export type RejectedFile = { ok: false; file: string; digest: string; problems: Diagnostic[] } & FileStamp;

/** Whether a file that is not published was left out without fault (no error among its problems), not refused. */
export function isLeftOut(file: RejectedFile): boolean {
  return file.problems.length > 0 && !file.problems.some(isError);
}

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
  // An image the body names by a path on Medigy's site (`/communities/security/infographics/x.jpg`)
  // is the file of that name beside the record, as Medigy's tree keeps them.
  const dir = path.dirname(full);
  const localImage = (src: string): string | null => {
    const name = siteImageName(src);
    return name && tree.entry(dir, name) === 'file' ? path.posix.join(path.posix.dirname(file), name) : null;
  };
  const result = readContentRecord(file, bytes.toString('utf8'), { localImage });
  if (!result.ok) return { ok: false, file, digest, ...stamp, problems: result.problems };
  const warnings = 'record' in result ? [...result.record.warnings] : [...result.offering.warnings];
  // An image is shown only when its file is there beside the record; a missing one is a warning.
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
        // The 2021H2 layout often leaves it empty: the body's opening says what the offering is.
        shortDescription: o.shortDescription ?? opening(htmlText(o.bodyHtml)),
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
  // A record that curates no article is the site's own writing: its body or its image is
  // the page. With neither there is nothing to show: an editor's record is refused (the
  // link is missing); one imported from Medigy is left out and named, not an error.
  if (!r.link) {
    if (!r.bodyHtml.trim() && !featuredImage && !r.video) {
      const message = `the record names no article (link.href; none was found in ${ADDRESS_SOURCES}), and has no body and no image: its page would be empty`;
      const problem = r.imported
        ? diagnostic('nothing-to-show', file, `${message}; it is left out`, { field: 'link' })
        : diagnostic('missing-field', file, `${message}; give the article's address in link.href, or write the body`, { field: 'link' });
      return { ok: false, file, digest, ...stamp, problems: [...warnings, problem] };
    }
    if (!OWN_KINDS.has(r.kind)) warnings.push(diagnostic('no-link', file, `the record names no article (none was found in ${ADDRESS_SOURCES}); its body is shown as the page, with no link to an original`, { field: 'link' }));
  }
  const url = r.link ? r.link.href : routes.news(r.slug);

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
      url,
      linkKey: linkKey(url),
      originalUrl: r.link?.original ?? null,
      brand: r.link ? r.link.brand.toLowerCase() : '',
      ownArticle: !r.link,
      publisherName: r.publisherName,
      kind: r.kind,
      event: r.event,
      video: r.video,
      featured: r.featured,
      bodyImages: r.bodyImages,
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

const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]*\.(?:jpe?g|png|gif|webp|avif|svg)$/i;

/** The file name an image address on Medigy's site ends in (`/communities/x/infographics/A%20b.jpg` → `A b.jpg`), or null. */
function siteImageName(src: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) return null;
  let name = src.split(/[?#]/)[0]!.split('/').pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    return null;
  }
  return IMAGE_NAME.test(name) ? name : null;
}

/** The first sentences of a text, up to about 300 characters (a profile's description from its body). */
function opening(text: string): string | null {
  if (!text) return null;
  if (text.length <= 300) return text;
  const cut = text.slice(0, 300);
  const sentence = cut.lastIndexOf('. ');
  return sentence > 80 ? cut.slice(0, sentence + 1) : `${cut.slice(0, cut.lastIndexOf(' ')).trimEnd()}…`;
}
