export interface CookieRequest {
  /** `https` when TLS ended here or at a proxy that said so (X-Forwarded-Proto). */
  protocol: string;
  /** The host the request was addressed to, without the port. */
  hostname: string;
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'strict';
  path: '/';
  secure: boolean;
}

/**
 * httpOnly (scripts never see the token), SameSite=Strict (no cross-site
 * requests carry it, which is our CSRF defence) and Secure whenever the
 * browser reached us over https: either the request says so (our own TLS, or
 * a proxy's X-Forwarded-Proto), or it is addressed to PUBLIC_URL's host and
 * PUBLIC_URL is https (a proxy that forgot X-Forwarded-Proto). Plain http
 * (localhost) stays without Secure, since browsers drop such cookies there.
 */
export function sessionCookieOptions(request: CookieRequest, publicUrl?: string): SessionCookieOptions {
  let secure = request.protocol === 'https';
  if (!secure && publicUrl) {
    const pub = new URL(publicUrl);
    secure = pub.protocol === 'https:' && pub.hostname === request.hostname;
  }
  return { httpOnly: true, sameSite: 'strict', path: '/', secure };
}
