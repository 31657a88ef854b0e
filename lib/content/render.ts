import type { Element, Root as HastRoot, RootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parseFragment } from 'parse5';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Plugin } from 'unified';
import type { VFile } from 'vfile';
import { hostOf } from './values';

/**
 * Record bodies are untrusted: Medigy's are raw HTML (with `&nbsp;`, unquoted
 * attributes, `target='_blank'` links), hand-written ones are Markdown. Both end as
 * HTML that went through rehype-sanitize (GitHub's allow-list: no scripts, styles,
 * event handlers, iframes or `javascript:`/`data:` URLs), so pages can insert it as is.
 */

// GitHub's schema, plus `rel` on links so ours (below) survive sanitizing.
const schema = {
  ...defaultSchema,
  attributes: { ...defaultSchema.attributes, a: [...(defaultSchema.attributes?.a ?? []), 'rel'] },
};

/** An address on another site: with a scheme, or protocol-relative (`//host/…`). */
const EXTERNAL = /^(?:https?:)?\/\//i;

/** An image a body shows from Medigy's site (`/communities/security/infographics/x.jpg`), found beside the record. */
export interface BodyImage {
  /** The address as the body writes it (after sanitizing): what a page replaces with the published file's. */
  src: string;
  /** The image file's path relative to the content directory. */
  href: string;
}

/** What the caller knows of images named by a site path: the file beside the record (its content path), or null when it is not there. */
export type LocalImage = (src: string) => string | null;

interface RenderData {
  localImage?: LocalImage;
  images?: BodyImage[];
  missing?: string[];
  originalHost?: string;
}

/**
 * Outbound links and images in curated text: links endorse nothing and tell no referrer
 * (`nofollow ugc`: the text is curated from elsewhere), images load lazily and send no
 * referrer to the host they come from. Images named by a path on Medigy's site are
 * looked up beside the record when the caller can (`localImage`): found, they are listed
 * for the page to show from the published media; not found, they are left out (the
 * address leads nowhere on this site) and listed as missing.
 */
function outboundLinks() {
  return (tree: HastRoot, file: VFile) => {
    const data = file.data as RenderData;
    const resolve = data.localImage;
    const walk = (children: RootContent[]): RootContent[] =>
      children.filter((node) => {
        if (node.type !== 'element') return true;
        const el = node as Element;
        const src = typeof el.properties.src === 'string' ? el.properties.src : null;
        if (el.tagName === 'a' && typeof el.properties.href === 'string' && EXTERNAL.test(el.properties.href)) {
          el.properties.rel = ['nofollow', 'ugc', 'noopener', 'noreferrer'];
        } else if (el.tagName === 'img' && src !== null && EXTERNAL.test(src)) {
          el.properties.referrerPolicy = 'no-referrer';
          el.properties.loading = 'lazy';
          el.properties.decoding = 'async';
        } else if (el.tagName === 'img' && src !== null && resolve) {
          const href = resolve(src);
          if (!href) {
            (data.missing ??= []).push(src);
            return false;
          }
          (data.images ??= []).push({ src, href });
          el.properties.loading = 'lazy';
          el.properties.decoding = 'async';
        }
        const before = el.children.length;
        el.children = walk(el.children) as Element['children'];
        // A paragraph that held only a left-out image goes with it.
        return !(before > 0 && el.children.length === 0 && el.tagName === 'p');
      });
    tree.children = walk(tree.children);
  };
}

/** "Read on who.int", "Watch on YouTube", "Listen on", "View it at …": the words of a call to the original. */
const CALL_TO_ORIGINAL = /^\s*(?:Read|Watch|Listen|View)(?:\s+it)?\s+(?:on|at)\b/i;

const textOf = (node: RootContent): string => (node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(textOf).join('') : '');
const isBlank = (node: RootContent): boolean => (node.type === 'text' && !node.value.trim()) || node.type === 'comment';
const isBreak = (node: RootContent): boolean => node.type === 'element' && node.tagName === 'br';

/**
 * Medigy's bodies end with a call to the original ("<a href=…>Read on who.int</a>", "Listen
 * on youtube.com"), and the item page makes its own ("Read the original on who.int", "Watch
 * on youtube.com"): when the body's closing link leads to the host the page's call leads to
 * (`originalHost`), it goes, with the line breaks before it and a paragraph it leaves empty,
 * so the reader is asked once. A call to another host, or one inside the text, stays.
 */
function withoutClosingCall() {
  return (tree: HastRoot, file: VFile) => {
    const host = (file.data as RenderData).originalHost;
    if (!host) return;
    const isCall = (node: RootContent): boolean =>
      node.type === 'element' && node.tagName === 'a' && typeof node.properties.href === 'string' && hostOf(node.properties.href) === host && CALL_TO_ORIGINAL.test(textOf(node));
    // Takes the call off the end of a list of nodes; whether it did.
    const trim = (children: RootContent[]): boolean => {
      let end = children.length;
      while (end > 0 && isBlank(children[end - 1]!)) end--;
      if (end === 0 || !isCall(children[end - 1]!)) return false;
      let cut = end - 1;
      while (cut > 0 && (isBlank(children[cut - 1]!) || isBreak(children[cut - 1]!))) cut--;
      children.splice(cut);
      return true;
    };
    if (trim(tree.children)) return;
    let end = tree.children.length;
    while (end > 0 && isBlank(tree.children[end - 1]!)) end--;
    const last = tree.children[end - 1];
    if (last?.type !== 'element' || (last.tagName !== 'p' && last.tagName !== 'div')) return;
    if (trim(last.children as RootContent[]) && !last.children.some((c) => !isBlank(c as RootContent) && !isBreak(c as RootContent))) tree.children.splice(end - 1, 1);
  };
}

/**
 * rehype-parse's parser, less source positions: it always asks parse5 to track
 * them, which costs more than the rest of rendering together and which nothing
 * here uses (bodies are rendered once, at ingest).
 */
const htmlFragment: Plugin<[], string, HastRoot> = function () {
  this.parser = (doc) => fromParse5(parseFragment(doc)) as HastRoot;
};

const fromHtml = unified()
  .use(htmlFragment)
  .use(rehypeSanitize, schema)
  .use(withoutClosingCall)
  .use(outboundLinks)
  .use(rehypeStringify)
  .freeze();

const fromMarkdown = unified()
  .use(remarkParse)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, schema)
  .use(withoutClosingCall)
  .use(outboundLinks)
  .use(rehypeStringify)
  .freeze();

type BodyFormat = 'html' | 'markdown';

const OPENS_WITH_TAG = /^\s*<[a-zA-Z!]/;
const HAS_TAG = /<(?:p|br|a|div|span|ul|ol|li|h[1-6]|img|strong|em|b|i|table|blockquote)\b[^>]*>/i;
const MARKDOWN_SYNTAX = /(?:^|\n)\s*(?:#{1,6}\s|[-*+]\s|\d+\.\s|>\s)|\*\*|\]\(|\n\s*\n/;

/**
 * Medigy's bodies are HTML, sometimes opening with bare text ("…<br><br>Read on
 * <a href=…>"), and hand-written ones are Markdown. HTML it is when the body opens
 * with a tag, or has tags and none of Markdown's block or link syntax.
 */
function bodyFormat(body: string): BodyFormat {
  if (OPENS_WITH_TAG.test(body)) return 'html';
  return HAS_TAG.test(body) && !MARKDOWN_SYNTAX.test(body) ? 'html' : 'markdown';
}

/** A body the renderer will not take on: what is wrong, for the editor. */
export class BodyRefused extends Error {}

/**
 * A first filter on what a body may cost, counted in one pass before parsing: the shapes
 * known to make the Markdown parser slow (quadratic or worse) or overflow its stack are
 * refused at once, with what to change. Long runs of `*`/`_` (two runs of 10,000 took
 * 66 s), many emphasis delimiters, `[` (each a possible link), setext underlines, many
 * list items, and containers nested deep, on separate lines (`> > >`, indentation) or on
 * one line (`- - - - a`, `1. 2. 3. …`: 11 s to 30 s, then a stack overflow). Each limit is far above
 * what a curated note uses. This is not the bound: bodies are rendered on the preparation
 * service's workers under a deadline (lib/ingest/preparation.ts), which stops whatever else
 * runs long.
 */
const LIMITS = {
  htmlBytes: 512 * 1024,
  markdownBytes: 64 * 1024,
  /** Runs of `*` or `_` (each a possible emphasis delimiter). */
  emphasisRuns: 2000,
  /** `*` and `_` in all (the parser pairs them up). */
  emphasisMarks: 4000,
  /** The longest run of one of them: a rule (`***`) or bold-italic needs a few. */
  emphasisRun: 100,
  /** `[` (each a possible link or image). */
  brackets: 2000,
  /** Lines of only `=` or `-` under text (setext headings, or thematic breaks). */
  underlines: 200,
  /** Block quotes and lists inside each other. */
  depth: 32,
  /** List items and quote markers in all: nested ones cost the parser quadratic time (3,000 lines of `- - x`: 14 s). */
  containers: 2000,
  /** `[label]: url` reference definitions. */
  definitions: 500,
};

function checkMarkdownBudget(body: string): void {
  const refuse = (what: string, found: number, limit: number, fix: string) => {
    throw new BodyRefused(`the body has ${found.toLocaleString('en')} ${what}; at most ${limit.toLocaleString('en')} are rendered (more would take too long): ${fix}`);
  };
  if (body.length > LIMITS.markdownBytes) refuse('characters of Markdown', body.length, LIMITS.markdownBytes, 'shorten it (a curated item needs a summary, not the article)');
  let runs = 0;
  let marks = 0;
  let longest = 0;
  let run = 0;
  let previous = -1;
  let brackets = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    // 92 '\\': an escaped character is text.
    if (c === 92) {
      i++;
      previous = -1;
      continue;
    }
    // 42 '*', 95 '_': a run is counted where it starts. 91 '['.
    if (c === 42 || c === 95) {
      marks++;
      if (previous === c) run++;
      else {
        runs++;
        run = 1;
      }
      if (run > longest) longest = run;
      previous = c;
      continue;
    }
    previous = -1;
    if (c === 91) brackets++;
  }
  const literal = 'write literal ones as \\* and \\_, or shorten the body';
  if (longest > LIMITS.emphasisRun) refuse('* or _ in a row', longest, LIMITS.emphasisRun, literal);
  if (runs > LIMITS.emphasisRuns) refuse('runs of * or _', runs, LIMITS.emphasisRuns, literal);
  if (marks > LIMITS.emphasisMarks) refuse('* and _', marks, LIMITS.emphasisMarks, literal);
  if (brackets > LIMITS.brackets) refuse('[ brackets', brackets, LIMITS.brackets, 'write literal ones as \\[, or shorten the body');
  let underlines = 0;
  let definitions = 0;
  let deepest = 0;
  let containers = 0;
  for (const line of body.split('\n')) {
    if (/^ {0,3}(?:=+|-+)[ \t]*$/.test(line)) underlines++;
    if (/^ {0,3}\[[^\]]+\]:/.test(line)) definitions++;
    const { depth, markers } = containerDepth(line);
    if (depth > deepest) deepest = depth;
    containers += markers;
  }
  if (underlines > LIMITS.underlines) refuse('lines of only = or -', underlines, LIMITS.underlines, 'use "## " headings and "***" rules sparingly');
  if (deepest > LIMITS.depth) refuse('levels of quotes or lists inside each other', deepest, LIMITS.depth, 'flatten them (a list or quote marker at the start of a line opens a new level, several on one line too)');
  if (containers > LIMITS.containers) refuse('list items and quote markers', containers, LIMITS.containers, 'shorten the lists, or make them paragraphs');
  if (definitions > LIMITS.definitions) refuse('link reference definitions', definitions, LIMITS.definitions, 'write the links inline');
}

/**
 * How many quotes and lists a line opens or continues: each `>`, each list marker
 * (`-`, `+`, `*`, `1.`, `1)` followed by a space or the end of the line) at its start, one
 * after another (`markers`), and each four columns of indentation before, between or
 * after them.
 */
function containerDepth(line: string): { depth: number; markers: number } {
  let depth = 0;
  let columns = 0;
  let i = 0;
  for (;;) {
    const c = line.charCodeAt(i);
    if (c === 32) columns++;
    else if (c === 9) columns += 4 - (columns % 4);
    else if (c === 62) depth++; // '>'
    else {
      let end = i;
      if (c === 45 || c === 43 || c === 42) end = i + 1; // '-', '+', '*'
      else {
        while (end < line.length && end - i < 9 && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
        end = end > i && (line[end] === '.' || line[end] === ')') ? end + 1 : i;
      }
      const after = line.charCodeAt(end);
      if (end === i || !(end === line.length || after === 32 || after === 9)) break;
      depth++;
      i = end;
      continue;
    }
    i++;
  }
  return { depth: depth + Math.floor(columns / 4), markers: depth };
}

/**
 * Medigy's bodies mix text with raw HTML whose attribute values are not quoted
 * (`<a target="_blank" href=https://…>Read on …</a>`): HTML allows that, Markdown's
 * parser does not and shows the tag as text. Quote them; nothing else changes.
 */
function quoteAttributes(body: string): string {
  if (!/=[^\s"'=<>`]/.test(body)) return body;
  return body.replace(/<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)>/g, (tag, name: string, attrs: string) =>
    `<${name}${attrs.replace(/(\s[a-zA-Z_:][-a-zA-Z0-9_:.]*)=([^\s"'=<>`]+)/g, '$1="$2"')}>`,
  );
}

/** Sanitized HTML of a record's body; throws BodyRefused when the body is over budget. */
export function renderBody(text: string): string {
  return renderRecordBody(text).html;
}

/** A body rendered, with the images it shows from Medigy's site: found beside the record (`images`), or left out (`missing`). */
export interface RenderedBody {
  html: string;
  images: BodyImage[];
  missing: string[];
}

/**
 * `renderBody`, looking up the images the body names by a path on Medigy's site with
 * `localImage` (lib/content/prepare.ts: the file of that name beside the record), and
 * without a closing call to the original on `originalHost` (the host of the article the
 * item page links to; none for the site's own writing).
 */
export function renderRecordBody(text: string, localImage?: LocalImage, originalHost?: string): RenderedBody {
  if (!text.trim()) return { html: '', images: [], missing: [] };
  const body = quoteAttributes(text);
  const format = bodyFormat(body);
  if (format === 'html' && body.length > LIMITS.htmlBytes) {
    throw new BodyRefused(`the body has ${body.length.toLocaleString('en')} characters of HTML; at most ${LIMITS.htmlBytes.toLocaleString('en')} are rendered: shorten it`);
  }
  if (format === 'markdown') checkMarkdownBudget(body);
  const processor = format === 'html' ? fromHtml : fromMarkdown;
  const file = processor.processSync({ value: body, data: { localImage, originalHost } });
  const data = file.data as RenderData;
  return { html: String(file).trim(), images: data.images ?? [], missing: data.missing ?? [] };
}
