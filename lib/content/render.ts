import type { Element, Root as HastRoot, RootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parseFragment } from 'parse5';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Plugin } from 'unified';

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

/**
 * Outbound links and images in curated text: links endorse nothing and tell no referrer
 * (`nofollow ugc`: the text is curated from elsewhere), images load lazily and send no
 * referrer to the host they come from.
 */
function outboundLinks() {
  return (tree: HastRoot) => {
    const stack: RootContent[] = [...tree.children];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type !== 'element') continue;
      const el = node as Element;
      if (el.tagName === 'a' && typeof el.properties.href === 'string' && EXTERNAL.test(el.properties.href)) {
        el.properties.rel = ['nofollow', 'ugc', 'noopener', 'noreferrer'];
      } else if (el.tagName === 'img' && typeof el.properties.src === 'string' && EXTERNAL.test(el.properties.src)) {
        el.properties.referrerPolicy = 'no-referrer';
        el.properties.loading = 'lazy';
        el.properties.decoding = 'async';
      }
      stack.push(...el.children);
    }
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
  .use(outboundLinks)
  .use(rehypeStringify)
  .freeze();

const fromMarkdown = unified()
  .use(remarkParse)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, schema)
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
 * The work a body may cost. The HTML parser is linear; the Markdown parser is not for a
 * few constructs (long runs of `*`/`_` emphasis markers and setext underlines are
 * quadratic: 21 KB of them took 8 s, a 1.3 MB body over 300 s; deep nesting overflows the
 * stack). Counted in one pass before parsing, each far above what a curated note uses.
 */
const LIMITS = {
  htmlBytes: 512 * 1024,
  markdownBytes: 64 * 1024,
  /** Runs of `*` or `_` (each a possible emphasis delimiter). */
  emphasisRuns: 2000,
  /** `[` (each a possible link or image). */
  brackets: 2000,
  /** Lines of only `=` or `-` under text (setext headings, or thematic breaks). */
  underlines: 200,
  /** Block quotes and lists inside each other. */
  depth: 32,
  /** `[label]: url` reference definitions. */
  definitions: 500,
};

function checkMarkdownBudget(body: string): void {
  const refuse = (what: string, found: number, limit: number, fix: string) => {
    throw new BodyRefused(`the body has ${found.toLocaleString('en')} ${what}; at most ${limit.toLocaleString('en')} are rendered (more would take too long): ${fix}`);
  };
  if (body.length > LIMITS.markdownBytes) refuse('characters of Markdown', body.length, LIMITS.markdownBytes, 'shorten it (a curated item needs a summary, not the article)');
  let runs = 0;
  let brackets = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    // 92 '\\': an escaped character is text.
    if (c === 92) {
      i++;
      continue;
    }
    // 42 '*', 95 '_': a run is counted where it starts. 91 '['.
    if ((c === 42 || c === 95) && body.charCodeAt(i - 1) !== c) runs++;
    else if (c === 91) brackets++;
  }
  if (runs > LIMITS.emphasisRuns) refuse('runs of * or _', runs, LIMITS.emphasisRuns, 'write literal ones as \\* and \\_, or shorten the body');
  if (brackets > LIMITS.brackets) refuse('[ brackets', brackets, LIMITS.brackets, 'write literal ones as \\[, or shorten the body');
  let underlines = 0;
  let definitions = 0;
  let deepest = 0;
  for (const line of body.split('\n')) {
    if (/^ {0,3}(?:=+|-+)[ \t]*$/.test(line)) underlines++;
    if (/^ {0,3}\[[^\]]+\]:/.test(line)) definitions++;
    // Each level of a quote is a `>` (and the space after it), of a list some indentation.
    const prefix = /^[ \t>]*/.exec(line)![0].replace(/\t/g, '    ');
    const depth = (prefix.match(/>/g)?.length ?? 0) + Math.floor(prefix.replace(/> ?/g, '').length / 4);
    if (depth > deepest) deepest = depth;
  }
  if (underlines > LIMITS.underlines) refuse('lines of only = or -', underlines, LIMITS.underlines, 'use "## " headings and "***" rules sparingly');
  if (deepest > LIMITS.depth) refuse('levels of quotes or lists inside each other', deepest, LIMITS.depth, 'flatten them');
  if (definitions > LIMITS.definitions) refuse('link reference definitions', definitions, LIMITS.definitions, 'write the links inline');
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
  if (!text.trim()) return '';
  const body = quoteAttributes(text);
  const format = bodyFormat(body);
  if (format === 'html' && body.length > LIMITS.htmlBytes) {
    throw new BodyRefused(`the body has ${body.length.toLocaleString('en')} characters of HTML; at most ${LIMITS.htmlBytes.toLocaleString('en')} are rendered: shorten it`);
  }
  if (format === 'markdown') checkMarkdownBudget(body);
  const processor = format === 'html' ? fromHtml : fromMarkdown;
  return String(processor.processSync(body)).trim();
}
