import { describe, expect, it } from 'vitest';
import { serverUrl, streamKeyHint } from './platforms.js';

describe('serverUrl', () => {
  it('uses the presets for facebook and youtube and refuses a url for them', () => {
    expect(serverUrl('facebook', undefined)).toEqual({ url: 'rtmps://live-api-s.facebook.com:443/rtmp/' });
    expect(serverUrl('youtube', undefined)).toEqual({ url: 'rtmp://a.rtmp.youtube.com/live2' });
    expect(serverUrl('youtube', 'rtmp://evil.example/live')).toHaveProperty('error');
  });

  it('takes rtmp and rtmps urls with an application path', () => {
    expect(serverUrl('rtmp', 'rtmp://10.0.0.5/live')).toEqual({ url: 'rtmp://10.0.0.5/live' });
    expect(serverUrl('rtmp', 'rtmps://ingest.example:443/app/sub')).toEqual({
      url: 'rtmps://ingest.example:443/app/sub',
    });
  });

  it('refuses a missing url, other schemes, no path and credentials', () => {
    for (const bad of [
      undefined,
      'http://example.com/live',
      'rtmp://example.com',
      'rtmp://example.com/',
      'rtmp://user:pw@example.com/live',
      'not a url',
    ]) {
      expect(serverUrl('rtmp', bad), String(bad)).toHaveProperty('error');
    }
  });
});

describe('streamKeyHint', () => {
  it('shows the last 4 characters of a long key and nothing of a short one', () => {
    expect(streamKeyHint('abcd-efgh-1234')).toBe('••••1234');
    expect(streamKeyHint('short')).toBe('••••');
  });
});
