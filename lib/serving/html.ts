import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/**
 * Script types that are data, not code: the browser never runs them, and search
 * engines read them (JSON-LD structured data).
 */
const DATA_SCRIPT_TYPES = new Set(['application/ld+json', 'application/json']);

/**
 * Reader pages are server components with plain links and no client component: Next.js's
 * client runtime (its chunks, the React Server Components payload inlined as
 * `self.__next_f.push(...)` scripts) only hydrates markup that needs no hydration, and costs
 * phones ~135 KB gz of JavaScript and main-thread time (Lighthouse: total blocking time).
 * This removes every executable <script> and the <link>s that preload script, keeping data
 * scripts (JSON-LD), styles and everything else byte for byte.
 *
 * The document is tokenized by parse5 (the HTML standard's parser) rather than matched with
 * patterns, so what counts as a script element and where it ends is what a browser decides.
 */
export function stripClientRuntime(html: string): string {
  const document = parse(html, { sourceCodeLocationInfo: true });
  const cuts: [start: number, end: number][] = [];
  const visit = (node: Node) => {
    if ('tagName' in node && isClientRuntime(node)) {
      const loc = node.sourceCodeLocation;
      // Elements the parser made up (implied, no source text) have no location: nothing to cut.
      if (loc) cuts.push([loc.startOffset, loc.endOffset]);
      return;
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
    // <template> contents live in a separate fragment.
    if ('content' in node && node.content) visit(node.content);
  };
  visit(document);
  if (cuts.length === 0) return html;
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of cuts) {
    if (start < at) continue;
    out += html.slice(at, start);
    at = end;
  }
  return out + html.slice(at);
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function isClientRuntime(element: Element): boolean {
  if (element.tagName === 'script') {
    const type = (attribute(element, 'type') ?? '').trim().toLowerCase();
    return !DATA_SCRIPT_TYPES.has(type);
  }
  if (element.tagName === 'link') {
    const rel = (attribute(element, 'rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('modulepreload')) return true;
    if (rel.includes('preload') && (attribute(element, 'as') ?? '').toLowerCase() === 'script') return true;
  }
  return false;
}
