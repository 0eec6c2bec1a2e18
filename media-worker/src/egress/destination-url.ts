// The RTMP(S) URL a relay publishes to: a platform's ingest server or
// the host's own, with the stream key checked and appended.
import { EgressError } from './errors.js';

export type Platform = 'facebook' | 'youtube' | 'rtmp';

/** The ingest servers the platforms document; the stream key is appended as the last path segment. */
export const PLATFORM_URLS = {
  facebook: 'rtmps://live-api-s.facebook.com:443/rtmp/',
  youtube: 'rtmp://a.rtmp.youtube.com/live2',
} as const;

// Whitespace or control characters cannot be part of a key or URL: they come from a bad paste.
const UNPRINTABLE = /[\s\p{Cc}]/u;

/**
 * The publish URL ffmpeg sends to: the platform's ingest server (or the host's own
 * `rtmp://` / `rtmps://` server for `rtmp`; `url` is read for it only) followed by the stream key.
 */
export function destinationUrl(platform: Platform, { url, key }: { url?: string; key: string }): string {
  if (key === '') throw new EgressError('STREAM_KEY_MISSING', 'the stream key is empty');
  if (UNPRINTABLE.test(key)) {
    throw new EgressError('STREAM_KEY_INVALID', 'the stream key contains spaces or control characters');
  }
  const base = platform === 'rtmp' ? customServer(url) : PLATFORM_URLS[platform];
  return `${base.endsWith('/') ? base : `${base}/`}${key}`;
}

function customServer(url: string | undefined): string {
  if (url === undefined || url === '')
    throw new EgressError('DESTINATION_URL_MISSING', 'no server URL given');
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || UNPRINTABLE.test(url)) {
    throw new EgressError('DESTINATION_URL_INVALID', 'the server URL is not a URL');
  }
  if (parsed.protocol !== 'rtmp:' && parsed.protocol !== 'rtmps:') {
    throw new EgressError('DESTINATION_URL_INVALID', 'the server URL must start with rtmp:// or rtmps://');
  }
  if (parsed.hostname === '') throw new EgressError('DESTINATION_URL_INVALID', 'the server URL has no host');
  // ffmpeg takes the first path segment as the RTMP application; without one it cannot publish.
  if (parsed.pathname === '' || parsed.pathname === '/') {
    throw new EgressError('DESTINATION_URL_INVALID', 'the server URL needs an application path, e.g. /live');
  }
  return url;
}
