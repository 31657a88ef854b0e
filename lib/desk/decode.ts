/**
 * A feed's bytes as text, the way feed readers tolerate them: a byte-order mark first,
 * then the charset the server names, then the XML declaration's encoding, else UTF-8;
 * bytes that are not valid in the encoding a feed claims as UTF-8 (a CMS that writes
 * Windows-1252 and says UTF-8, a common mistake) are read as Windows-1252, which
 * decodes every byte.
 */
export interface Decoded {
  text: string;
  /** The encoding the text was read in (WHATWG name). */
  encoding: string;
  /** Set when the feed said one encoding and was read in another. */
  repaired?: string;
}

export function decodeFeed(bytes: Uint8Array, contentType?: string | null): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return tryDecode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  // The declaration is ASCII in every encoding a feed uses (UTF-16 has its mark).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const fromDeclaration = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  return tryDecode(bytes, supported(fromHeader) ?? supported(fromDeclaration) ?? 'utf-8');
}

function supported(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

function tryDecode(bytes: Uint8Array, encoding: string): Decoded {
  if (encoding === 'windows-1252') return { text: windows1252(bytes), encoding };
  if (encoding !== 'utf-8') return { text: new TextDecoder(encoding).decode(bytes), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding };
  } catch {
    return { text: windows1252(bytes), encoding: 'windows-1252', repaired: 'the feed says UTF-8 but is not; it was read as Windows-1252' };
  }
}

/** Windows-1252's characters at 0x80–0x9F (where ISO-8859-1 has control codes); the rest is ISO-8859-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 (which WHATWG also uses for labels "iso-8859-1" and "latin1"), decoded
 * here: Node's TextDecoder reads it as ISO-8859-1, turning curly quotes and dashes
 * into invisible control characters.
 */
function windows1252(bytes: Uint8Array): string {
  const latin1 = new TextDecoder('latin1').decode(bytes);
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
