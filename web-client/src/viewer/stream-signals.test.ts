import { describe, expect, it } from 'vitest';
import {
  MEDIA_RECOVERY_WINDOW_MS,
  STALL_MS,
  classifyHlsError,
  classifyPlaylist,
  isStalled,
  observeTime,
  rebase,
  startClock,
} from './stream-signals.js';

const LIVE = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nindex0.ts\n';

describe('classifyPlaylist', () => {
  it('reads a live playlist as ready', () => {
    expect(classifyPlaylist(200, LIVE)).toBe('ready');
  });

  it('reads an absent or finished playlist as nothing on air', () => {
    expect(classifyPlaylist(404, '')).toBe('missing');
    expect(classifyPlaylist(410, '')).toBe('missing');
    expect(classifyPlaylist(200, `${LIVE}#EXT-X-ENDLIST\n`)).toBe('missing');
  });

  it('reads server errors and non-playlists as failures', () => {
    expect(classifyPlaylist(503, '')).toBe('failed');
    expect(classifyPlaylist(200, '<!doctype html><title>index</title>')).toBe('failed');
  });
});

describe('classifyHlsError', () => {
  const at = 100_000;
  it('leaves non-fatal errors to hls.js', () => {
    expect(
      classifyHlsError({ fatal: false, type: 'networkError', details: 'fragLoadError' }, undefined, at),
    ).toBe('ignore');
  });

  it('reads a fatal 404 on a playlist as the broadcast gone, other network errors as failures', () => {
    for (const details of ['manifestLoadError', 'levelLoadError']) {
      expect(
        classifyHlsError({ fatal: true, type: 'networkError', details, status: 404 }, undefined, at),
      ).toBe('missing');
    }
    expect(
      classifyHlsError(
        { fatal: true, type: 'networkError', details: 'fragLoadError', status: 404 },
        undefined,
        at,
      ),
    ).toBe('failed');
    expect(
      classifyHlsError(
        { fatal: true, type: 'networkError', details: 'manifestLoadError', status: 0 },
        undefined,
        at,
      ),
    ).toBe('failed');
  });

  it('recovers a media error in place once per window', () => {
    const media = { fatal: true, type: 'mediaError', details: 'bufferStalledError' };
    expect(classifyHlsError(media, undefined, at)).toBe('recoverMedia');
    expect(classifyHlsError(media, at - 1_000, at)).toBe('failed');
    expect(classifyHlsError(media, at - MEDIA_RECOVERY_WINDOW_MS, at)).toBe('recoverMedia');
    expect(classifyHlsError({ fatal: true, type: 'muxError', details: 'x' }, undefined, at)).toBe('failed');
  });
});

describe('playback progress', () => {
  it('counts forward movement as progress and stalls after STALL_MS without any', () => {
    let clock = startClock(0, 0);
    const step = observeTime(clock, 0.5, 1_000);
    expect(step.advanced).toBe(true);
    clock = step.clock;
    expect(observeTime(clock, 0.5, 5_000)).toEqual({ clock, advanced: false });
    expect(isStalled(clock, 1_000 + STALL_MS - 1)).toBe(false);
    expect(isStalled(clock, 1_000 + STALL_MS)).toBe(true);
  });

  it('does not count a seek or a restart of the timeline as progress', () => {
    const clock = startClock(0, 0);
    const seeked = rebase(clock, 4.2);
    expect(seeked).toEqual({ time: 4.2, since: 0 });
    expect(observeTime(seeked, 4.3, 500).advanced).toBe(true);
    const back = observeTime({ time: 30, since: 200 }, 2, 900);
    expect(back).toEqual({ clock: { time: 2, since: 200 }, advanced: false });
  });
});
