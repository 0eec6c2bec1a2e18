/**
 * The join-link token in the page's address: the server serves join.html for
 * `/join/<token>`; `?link=<token>` works too (vite dev, static hosts). Null when
 * there is none or it is malformed (a broken %-escape names no link).
 */
export function linkTokenFrom(location: { pathname: string; search: string }): string | null {
  const fromPath = /^\/join\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  let token: string | undefined;
  try {
    token =
      fromPath === undefined
        ? new URLSearchParams(location.search).get('link')?.trim()
        : decodeURIComponent(fromPath);
  } catch {
    return null;
  }
  return token ? token : null;
}
