/** Query parameters that only track where a click came from. */
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref|ref_src|cmpid)$/i;

/**
 * The identity of a curated link, so that one article is curated once however the
 * URL was copied: no scheme, no `www.`, no fragment, no trailing slash, no tracking
 * parameters, the remaining parameters sorted.
 */
export function linkKey(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim().toLowerCase();
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  const pathname = u.pathname.replace(/\/+$/, '') || '';
  const params = [...u.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${port}${pathname}${query}`;
}

/** The link as an editor should store it: without tracking parameters or fragment. */
export function cleanLink(url: string): string {
  const u = new URL(url.trim());
  for (const key of [...u.searchParams.keys()]) if (TRACKING.test(key)) u.searchParams.delete(key);
  u.hash = '';
  return u.toString();
}
