// Tests of destination URLs: each platform's server, the host's own
// server, and the EgressError codes a bad URL or key gives.
import { describe, expect, it } from 'vitest';
import { destinationUrl } from './destination-url.js';

const egressError = (code: string) => expect.objectContaining({ name: 'EgressError', code });

describe('destinationUrl', () => {
  it('appends the key to the Facebook and YouTube ingest servers', () => {
    expect(destinationUrl('facebook', { key: 'FB-1-0-Ab?s_bl=1&a=x' })).toBe(
      'rtmps://live-api-s.facebook.com:443/rtmp/FB-1-0-Ab?s_bl=1&a=x',
    );
    expect(destinationUrl('youtube', { key: 'abcd-efgh-ijkl-mnop' })).toBe(
      'rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop',
    );
  });

  it('uses a preset whatever URL is given alongside it', () => {
    expect(destinationUrl('youtube', { url: 'rtmp://elsewhere/x', key: 'k' })).toBe(
      'rtmp://a.rtmp.youtube.com/live2/k',
    );
  });

  it('appends the key to a custom rtmp:// or rtmps:// server, with or without a trailing slash', () => {
    expect(destinationUrl('rtmp', { url: 'rtmp://10.1.2.3:1935/live', key: 'k1' })).toBe(
      'rtmp://10.1.2.3:1935/live/k1',
    );
    expect(destinationUrl('rtmp', { url: 'rtmps://ingest.example.vn/app/', key: 'k2' })).toBe(
      'rtmps://ingest.example.vn/app/k2',
    );
  });

  it.each([
    ['an empty key', 'youtube', undefined, '', 'STREAM_KEY_MISSING'],
    ['a key with a space', 'facebook', undefined, 'FB-1 2', 'STREAM_KEY_INVALID'],
    ['a key with a line break', 'youtube', undefined, 'abcd\n', 'STREAM_KEY_INVALID'],
    ['a custom server without URL', 'rtmp', undefined, 'k', 'DESTINATION_URL_MISSING'],
    ['a custom server with an empty URL', 'rtmp', '', 'k', 'DESTINATION_URL_MISSING'],
    ['an http:// URL', 'rtmp', 'http://example.vn/live', 'k', 'DESTINATION_URL_INVALID'],
    ['a URL that does not parse', 'rtmp', 'rtmp//example.vn/live', 'k', 'DESTINATION_URL_INVALID'],
    ['a URL without host', 'rtmp', 'rtmp:///live', 'k', 'DESTINATION_URL_INVALID'],
    ['a URL without application', 'rtmp', 'rtmp://example.vn', 'k', 'DESTINATION_URL_INVALID'],
    ['a URL with a space', 'rtmp', 'rtmp://example.vn/live now', 'k', 'DESTINATION_URL_INVALID'],
  ] as const)('refuses %s', (_label, platform, url, key, code) => {
    expect(() => destinationUrl(platform, { url, key })).toThrow(egressError(code));
  });
});
