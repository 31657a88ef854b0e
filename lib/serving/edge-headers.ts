/**
 * Security headers every response of the site carries (README, Security), added to a
 * flat header list where the app did not set them: no content-type sniffing, and framed
 * only by the site itself, and framing only the video players an item page may load when
 * its reader presses play (components/media/VideoPlayer.tsx; its own frame is a `srcdoc`,
 * which frame-src does not govern). A response's own stricter policy, the editor's, still
 * applies: browsers enforce every Content-Security-Policy a response has.
 */
const FRAME_POLICY = "frame-ancestors 'self'; frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com";

export function withEdgeHeaders(list: string[]): string[] {
  const names = new Set<string>();
  let frameAncestors = false;
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toLowerCase();
    names.add(name);
    if (name === 'content-security-policy' && /frame-ancestors/i.test(list[i + 1]!)) frameAncestors = true;
  }
  const out = [...list];
  if (!names.has('x-content-type-options')) out.push('x-content-type-options', 'nosniff');
  if (!frameAncestors) out.push('content-security-policy', FRAME_POLICY);
  if (!names.has('x-frame-options')) out.push('x-frame-options', 'SAMEORIGIN');
  return out;
}

/** The same, for a header object (names in lower case). */
export function withEdgeHeaderObject(headers: Record<string, string>): Record<string, string> {
  const list = withEdgeHeaders(Object.entries(headers).flat());
  const out: Record<string, string> = {};
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!.toLowerCase();
    // Two policies are both enforced: kept as one header of two, comma-joined policies.
    out[name] = out[name] !== undefined && name === 'content-security-policy' ? `${out[name]}, ${list[i + 1]}` : list[i + 1]!;
  }
  return out;
}
