import type { StreamPlatform } from '@diemcau/protocol';

/** The ingest servers of the platforms with a fixed one; `rtmp` destinations give their own. */
export const PLATFORM_URLS: Record<Exclude<StreamPlatform, 'rtmp'>, string> = {
  facebook: 'rtmps://live-api-s.facebook.com:443/rtmp/',
  youtube: 'rtmp://a.rtmp.youtube.com/live2',
};

/**
 * The server URL a destination streams to, or an error message: `rtmp` needs
 * an rtmp:// or rtmps:// URL with an application path; the platforms use their
 * preset and refuse one.
 */
export function serverUrl(
  platform: StreamPlatform,
  url: string | undefined,
): { url: string } | { error: string } {
  if (platform !== 'rtmp') {
    return url === undefined
      ? { url: PLATFORM_URLS[platform] }
      : { error: `${platform} destinations use ${PLATFORM_URLS[platform]}: give no url` };
  }
  if (url === undefined) return { error: 'an rtmp destination needs its server url' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `${url} is not a URL` };
  }
  if (parsed.protocol !== 'rtmp:' && parsed.protocol !== 'rtmps:')
    return { error: 'the url must be rtmp:// or rtmps://' };
  if (!parsed.hostname) return { error: 'the url needs a host' };
  if (parsed.pathname.replace(/\//g, '') === '')
    return { error: 'the url needs an application path, e.g. /live' };
  if (parsed.username || parsed.password) return { error: 'put credentials in the stream key, not the url' };
  return { url };
}

/** What the API shows of a key: its last 4 characters, only when at least as many stay hidden. */
export function streamKeyHint(key: string): string {
  return key.length >= 8 ? `••••${key.slice(-4)}` : '••••';
}

/** The URL a relay publishes to: the server URL with the stream key as its last path segment. */
export function publishUrl(url: string, streamKey: string): string {
  return `${url.endsWith('/') ? url : `${url}/`}${streamKey}`;
}
