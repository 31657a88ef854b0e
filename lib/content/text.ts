import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Plain text of a rendered (sanitized, serializer-written) body, for the search
 * index: tags become spaces, character references are decoded.
 */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[ref.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text that may hold HTML (Medigy's descriptions and titles, copied from pages:
 * `Description&hellip;`, `Q&amp;A`, a stray `<b>`): its characters, every character
 * reference decoded (parse5, the HTML parser the renderer uses), tags dropped, white
 * space made single. Text without `&` or `<` is returned as it is.
 */
export function plainText(text: string): string {
  if (!/[&<]/.test(text)) return text;
  const out: string[] = [];
  const walk = (nodes: DefaultTreeAdapterMap['childNode'][]) => {
    for (const node of nodes) {
      if (node.nodeName === '#text') out.push((node as DefaultTreeAdapterMap['textNode']).value);
      else if ('childNodes' in node && node.nodeName !== 'script' && node.nodeName !== 'style') walk(node.childNodes);
    }
  };
  walk(parseFragment(text).childNodes);
  return out.join('').replace(/\s+/g, ' ').trim();
}
