/** What the page's own address says: which watch page, and the viewer token of a `token` page. */
export interface WatchAddress {
  slug: string;
  token: string | undefined;
}

/**
 * The server serves watch.html for `/watch/<slug>?t=<token>`; `/watch.html?slug=<slug>` works too
 * (local development and any static host that cannot rewrite paths).
 */
export function parseWatchAddress(location: { pathname: string; search: string }): WatchAddress | null {
  const query = new URLSearchParams(location.search);
  const fromPath = /^\/watch\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  let slug: string | undefined;
  try {
    slug = fromPath === undefined ? query.get('slug')?.trim() : decodeURIComponent(fromPath);
  } catch {
    return null; // a malformed %-escape names no page
  }
  if (!slug) return null;
  return { slug, token: query.get('t')?.trim() || undefined };
}

/**
 * WatchInfo carries no HLS address yet. The livestream work writes each watch page's stream under
 * `/hls/<slug>/` with `index.m3u8` as its playlist; this is the one place that knows the convention.
 */
export function hlsPlaylistUrl(slug: string): string {
  return `/hls/${encodeURIComponent(slug)}/index.m3u8`;
}
