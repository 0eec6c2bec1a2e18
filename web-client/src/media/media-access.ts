// Whether this page can ask for a camera and microphone at all, and the https address that could.

export type MediaAccess = 'ok' | 'insecure' | 'unsupported';

interface PageScope {
  isSecureContext?: boolean;
  navigator?: { mediaDevices?: { getUserMedia?: unknown } };
}

/**
 * Browsers hide `navigator.mediaDevices` outside a secure context (https, or localhost): plain
 * http to a LAN address is the usual reason a hall has no camera, so it is told apart from an
 * old browser.
 */
export function mediaAccess(scope: PageScope): MediaAccess {
  if (scope.isSecureContext === false) return 'insecure';
  return typeof scope.navigator?.mediaDevices?.getUserMedia === 'function' ? 'ok' : 'unsupported';
}

/** The same page over https, for a page opened over plain http; null otherwise. */
export function secureAddress(
  location: Pick<Location, 'protocol' | 'host' | 'pathname' | 'search' | 'hash'>,
) {
  if (location.protocol !== 'http:') return null;
  return `https://${location.host}${location.pathname}${location.search}${location.hash}`;
}

/** This page's access, read once: a context does not become secure without a new load. */
export const pageMediaAccess = (): MediaAccess =>
  mediaAccess(typeof window === 'undefined' ? {} : (window as unknown as PageScope));
