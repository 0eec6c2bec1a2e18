import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConferenceService } from '../conferences/conference-service.js';
import { AppError } from '../errors.js';

export interface HlsRoutesOptions {
  conferences: ConferenceService;
  /** DATA_DIR/hls: the media-worker writes `<slug>/index.m3u8` and its segments there. */
  hlsDir: string;
}

const TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

/** A viewer fetches a segment a second: its watch-page check is remembered this long. */
const ACCESS_TTL_MS = 5_000;
const ACCESS_CACHE_MAX = 10_000;

/**
 * The livestream's HLS at the stable address the watch page plays,
 * `/hls/<slug>/index.m3u8`, with the watch page's own access rule: public, or
 * its viewer token (Bearer, or `?t=`). Files are read from disk on every
 * request because ffmpeg keeps rewriting them.
 */
export const hlsRoutes: FastifyPluginAsyncTypebox<HlsRoutesOptions> = async (
  app,
  { conferences, hlsDir },
) => {
  const allowed = new Map<string, number>();

  async function checkAccess(slug: string, token: string | undefined): Promise<void> {
    const key = `${slug}\u0000${token ?? ''}`;
    if ((allowed.get(key) ?? 0) > Date.now()) return;
    await conferences.watch(slug, token);
    if (allowed.size >= ACCESS_CACHE_MAX) allowed.clear();
    allowed.set(key, Date.now() + ACCESS_TTL_MS);
  }

  app.get<{ Params: { slug: string; file: string }; Querystring: { t?: string } }>(
    '/hls/:slug/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const { slug, file } = request.params;
      const type = TYPES[path.extname(file)];
      // Plain names only: nothing outside the stream's folder can be reached.
      if (!type || !/^[a-z0-9-]{3,64}$/.test(slug) || !/^[\w-]+\.[a-z0-9]+$/.test(file)) {
        throw new AppError('NOT_FOUND', 404, 'no such stream file');
      }
      const header = request.headers.authorization;
      const token = (header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined) || request.query.t;
      await checkAccess(slug, token);
      let body: Buffer;
      try {
        body = await fs.promises.readFile(path.join(hlsDir, slug, file));
      } catch {
        throw new AppError('NOT_FOUND', 404, 'the stream is not on air');
      }
      const playlist = file.endsWith('.m3u8');
      return reply
        .header('cache-control', playlist ? 'no-cache' : `${token ? 'private' : 'public'}, max-age=30`)
        .type(type)
        .send(body);
    },
  );
};
