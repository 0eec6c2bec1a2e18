// Tests of the HLS playlist: its state, stale segments and the ended
// playlist.
import { describe, expect, it } from 'vitest';
import { endedPlaylist, hlsOutputDir, playlistState, staleSegments } from './hls-playlist.js';

const LIVE = [
  '#EXTM3U',
  '#EXT-X-VERSION:6',
  '#EXT-X-TARGETDURATION:1',
  '#EXT-X-MEDIA-SEQUENCE:7',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXTINF:0.466667,',
  'index7.ts',
  '#EXT-X-DISCONTINUITY',
  '#EXTINF:1.000000,',
  'index8.ts',
  '#EXTINF:1.000000,',
  'index9.ts',
  '',
].join('\n');

describe('HLS playlist', () => {
  it('puts each stream in a directory named after the slug', () => {
    expect(hlsOutputDir('/data/hls', 'hoi-nghi-2025')).toBe('/data/hls/hoi-nghi-2025');
  });

  it('reads the first and next segment numbers of a live playlist', () => {
    expect(playlistState(LIVE)).toEqual({ firstSequence: 7, nextSequence: 10, ended: false });
    expect(playlistState('')).toEqual({ firstSequence: 0, nextSequence: 0, ended: false });
  });

  it('appends the end tag once', () => {
    const ended = endedPlaylist(LIVE);
    expect(ended).toBe(`${LIVE}#EXT-X-ENDLIST\n`);
    expect(playlistState(ended).ended).toBe(true);
    expect(endedPlaylist(ended)).toBe(ended);
    expect(endedPlaylist('#EXTM3U')).toBe('#EXTM3U\n#EXT-X-ENDLIST\n');
  });

  it('finds segments a previous encoder left behind, keeping the one just before the list', () => {
    const names = [
      'index.m3u8',
      'index1.ts',
      'index5.ts',
      'index6.ts',
      'index7.ts',
      'index10.ts.tmp',
      'x.ts',
    ];
    expect(staleSegments(names, playlistState(LIVE))).toEqual(['index1.ts', 'index5.ts']);
  });
});
