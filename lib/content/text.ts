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
 * Text with its HTML character references decoded (Medigy's descriptions and titles,
 * copied from pages: `Description&hellip;`, `Q&amp;A`), by parse5, the HTML parser the
 * renderer uses, so that every named reference is known. Titles and descriptions are
 * plain text: a `<` in them is a character, never a tag, and stays one.
 */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  const out: string[] = [];
  for (const node of parseFragment(text.replace(/</g, '&lt;')).childNodes) {
    if (node.nodeName === '#text') out.push((node as DefaultTreeAdapterMap['textNode']).value);
  }
  return out.join('');
}
