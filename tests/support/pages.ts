import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

/**
 * Reading the site's pages in end-to-end tests, as one set of helpers: fetching a page as
 * text (without React's empty comments between adjacent texts), its JSON-LD, and text or
 * attribute values decoded by the HTML standard's own parser (parse5) rather than by
 * patterns over entities.
 */

export interface FetchedPage {
  status: number;
  /** The body as text, React's `<!-- -->` separators removed (a reader sees one text). */
  body: string;
  headers: Headers;
}

/** `get(path, init?)` against `base` (a server's origin, or a function giving it), redirects not followed. */
export function pageFetcher(base: string | (() => string)) {
  return async (path: string, init: RequestInit = {}): Promise<FetchedPage> => {
    const res = await fetch((typeof base === 'string' ? base : base()) + path, { redirect: 'manual', ...init });
    return { status: res.status, body: (await res.text()).replaceAll('<!-- -->', ''), headers: res.headers };
  };
}

/** Every JSON-LD document of a page, lists flattened. */
export function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].flatMap((m) => [JSON.parse(m[1]!)].flat()) as Record<string, unknown>[];
}

type Node = DefaultTreeAdapterMap['node'];

/** Text of an HTML fragment as a browser shows it: tags dropped (a space for each), character references decoded, spaces collapsed. */
export function htmlText(html: string): string {
  const out: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeName === '#text') out.push((node as DefaultTreeAdapterMap['textNode']).value);
    else if ('tagName' in node) out.push(' ');
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parseFragment(html) as unknown as Node);
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** An attribute value or text as written in HTML (`&amp;`, `&#x27;`…), decoded. */
export function decodeHtml(text: string): string {
  const p = parseFragment(`<p title="${text.replace(/"/g, '&quot;')}"></p>`).childNodes[0] as DefaultTreeAdapterMap['element'];
  return p.attrs[0]!.value;
}
