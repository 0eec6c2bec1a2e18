// Tests of the relay's ffmpeg arguments and of its local input URL, with
// its read timeout and FIFO.
import { describe, expect, it } from 'vitest';
import { relayArgs, relayInputUrl } from './relay-args.js';

describe('relay', () => {
  it('reads the local feed with a read timeout and a non-fatal FIFO', () => {
    expect(relayInputUrl(41000)).toBe(
      'udp://127.0.0.1:41000?timeout=5000000&fifo_size=1000000&overrun_nonfatal=1',
    );
  });

  it('copies MPEG-TS into FLV after 2 s of analysis, reporting progress on stdout, giving up on a destination stalled for 5 s', () => {
    expect(relayArgs({ input: 'udp://127.0.0.1:41000', url: 'rtmp://a.rtmp.youtube.com/live2/k' })).toEqual([
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'level+warning',
      '-nostdin',
      '-progress',
      'pipe:1',
      '-analyzeduration',
      '2000000',
      '-f',
      'mpegts',
      '-i',
      'udp://127.0.0.1:41000',
      '-map',
      '0',
      '-c',
      'copy',
      '-rw_timeout',
      '5000000',
      '-flvflags',
      'no_duration_filesize',
      '-f',
      'flv',
      'rtmp://a.rtmp.youtube.com/live2/k',
    ]);
  });
});
