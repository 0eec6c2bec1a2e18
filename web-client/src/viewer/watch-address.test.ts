import { describe, expect, it } from 'vitest';
import { hlsPlaylistUrl, parseWatchAddress } from './watch-address.js';

describe('parseWatchAddress', () => {
  it('reads the slug from /watch/<slug> and the viewer token from ?t=', () => {
    expect(parseWatchAddress({ pathname: '/watch/chung-ket-2030', search: '?t=abc123' })).toEqual({
      slug: 'chung-ket-2030',
      token: 'abc123',
    });
    expect(parseWatchAddress({ pathname: '/watch/chung-ket-2030/', search: '' })).toEqual({
      slug: 'chung-ket-2030',
      token: undefined,
    });
  });

  it('reads ?slug= on /watch.html', () => {
    expect(parseWatchAddress({ pathname: '/watch.html', search: '?slug=hoi-thi&t=' })).toEqual({
      slug: 'hoi-thi',
      token: undefined,
    });
  });

  it('names no page without a slug or with a malformed one', () => {
    expect(parseWatchAddress({ pathname: '/watch.html', search: '' })).toBeNull();
    expect(parseWatchAddress({ pathname: '/watch/', search: '' })).toBeNull();
    expect(parseWatchAddress({ pathname: '/watch/%E0%A4%A', search: '' })).toBeNull();
  });
});

describe('hlsPlaylistUrl', () => {
  it('follows the /hls/<slug>/index.m3u8 convention, escaping the slug', () => {
    expect(hlsPlaylistUrl('chung-ket-2030')).toBe('/hls/chung-ket-2030/index.m3u8');
    expect(hlsPlaylistUrl('a/b')).toBe('/hls/a%2Fb/index.m3u8');
  });
});
