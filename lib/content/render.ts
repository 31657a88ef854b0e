import type { Element, Root as HastRoot, RootContent } from 'hast';
import rehypeParse from 'rehype-parse';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

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

const fromHtml = unified()
  .use(rehypeParse, { fragment: true })
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

export type BodyFormat = 'html' | 'markdown';

/** A body that opens with a tag is HTML (Medigy's records); anything else is Markdown. */
export function bodyFormat(body: string): BodyFormat {
  return /^\s*<[a-zA-Z!]/.test(body) ? 'html' : 'markdown';
}

export function renderBody(body: string): string {
  if (!body.trim()) return '';
  const processor = bodyFormat(body) === 'html' ? fromHtml : fromMarkdown;
  return String(processor.processSync(body)).trim();
}
