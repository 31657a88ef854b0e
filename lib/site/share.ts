/**
 * Links that share a page: plain addresses of each service's own share form, with the
 * page's canonical URL and title, and nothing else (no script, no tracking parameters,
 * no referrer: the links carry rel="noreferrer"). Each value is percent-encoded as one
 * query component, so no title can add a parameter or end the address.
 */
export interface ShareLink {
  /** The service, as a reader knows it. */
  name: string;
  /** What the link does, said to a screen reader before the name: "Share on" LinkedIn, "Share by" e-mail. */
  action: string;
  href: string;
}

export function shareLinks(page: { url: string; title: string }): ShareLink[] {
  const url = encodeURIComponent(page.url);
  const title = encodeURIComponent(page.title);
  return [
    { name: 'LinkedIn', action: 'Share on', href: `https://www.linkedin.com/sharing/share-offsite/?url=${url}` },
    { name: 'X', action: 'Share on', href: `https://x.com/intent/post?text=${title}&url=${url}` },
    { name: 'Facebook', action: 'Share on', href: `https://www.facebook.com/sharer/sharer.php?u=${url}` },
    { name: 'Bluesky', action: 'Share on', href: `https://bsky.app/intent/compose?text=${encodeURIComponent(`${page.title} ${page.url}`)}` },
    { name: 'E-mail', action: 'Share by', href: `mailto:?subject=${title}&body=${url}` },
  ];
}
