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

/** Outbound links in curated text: no referrer games, no endorsement of the target. */
function outboundLinks() {
  return (tree: HastRoot) => {
    const stack: RootContent[] = [...tree.children];
    while (stack.length) {
      const node = stack.pop()!;
      if (node.type !== 'element') continue;
      const el = node as Element;
      if (el.tagName === 'a' && typeof el.properties.href === 'string' && /^https?:/i.test(el.properties.href)) {
        el.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
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

export function renderBody(body: string): string {
  if (!body.trim()) return '';
  const processor = bodyFormat(body) === 'html' ? fromHtml : fromMarkdown;
  return String(processor.processSync(body)).trim();
}
