import '@fastify/helmet';
import '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, RouteShorthandOptions } from 'fastify';

/**
 * The policy of the three HTML pages: scripts, styles and fonts only from this
 * origin, never inline; media from this origin or from blob: URLs (hls.js
 * feeds the video element through MediaSource); API, HLS and socket.io
 * signalling to this origin only (CSP 3 lets 'self' match ws: and wss: of the
 * same host; the schemes keep older browsers working). No
 * upgrade-insecure-requests: on plain http over the LAN it would send the
 * page's own scripts to an https port that does not exist.
 */
export const PAGE_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  // hls.js runs its transmuxer in a worker made from a blob: URL.
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Over TLS of our own: signalling on wss: only, and any http: reference upgraded. */
const SECURE_PAGE_CSP = { ...PAGE_CSP, 'connect-src': ["'self'", 'wss:'], 'upgrade-insecure-requests': [] };

const pageOptions = (directives: typeof PAGE_CSP): RouteShorthandOptions => ({
  helmet: { contentSecurityPolicy: { useDefaults: false, directives } },
  schema: { hide: true },
});

/**
 * The web client's pages at their public addresses. Each is the same static
 * file whatever the path holds: the join page reads its link token from the
 * address and trades it at POST /api/join itself, so nothing here looks at
 * the token, and the viewer page reads its slug and `?t=` likewise.
 * `no-store`: a new build's hashed assets are picked up at the next visit.
 * Needs @fastify/static registered (for reply.sendFile) on dist/.
 */
export const pages: FastifyPluginAsync<{ secure?: boolean }> = async (app, { secure = false }) => {
  const page = pageOptions(secure ? SECURE_PAGE_CSP : PAGE_CSP);
  const send = (reply: FastifyReply, file: string) =>
    reply.header('cache-control', 'no-store').sendFile(file, { cacheControl: false });

  app.get('/', page, async (_request, reply) => send(reply, 'index.html'));
  app.get('/join/:token', page, async (_request, reply) =>
    // A link holds a credential: keep search engines away from any that leaks.
    send(reply.header('x-robots-tag', 'noindex'), 'join.html'),
  );
  app.get('/watch/:slug', page, async (_request, reply) => send(reply, 'watch.html'));
};
