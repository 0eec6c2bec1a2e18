// Tests of the recorder's ffmpeg arguments: inputs, stream copy and the
// segment muxer's options.
import { describe, expect, it } from 'vitest';
import { recorderArgs } from './recorder-args.js';
import { rtpInputArgs } from './rtp-input.js';

describe('rtpInputArgs', () => {
  it('reorders late packets of a fixed source for up to 0.5 s', () => {
    expect(rtpInputArgs('/r/in.sdp', 'fixed')).toEqual([
      '-protocol_whitelist',
      'file,udp,rtp',
      '-reorder_queue_size',
      '500',
      '-max_delay',
      '500000',
      '-i',
      '/r/in.sdp',
    ]);
  });

  it('takes a switched source in arrival order and on the wall clock', () => {
    expect(rtpInputArgs('/r/in.sdp', 'switched')).toEqual([
      '-protocol_whitelist',
      'file,udp,rtp',
      '-reorder_queue_size',
      '0',
      '-use_wallclock_as_timestamps',
      '1',
      '-i',
      '/r/in.sdp',
    ]);
  });
});

describe('recorderArgs', () => {
  it('copies every stream into numbered, independently playable Matroska segments', () => {
    const args = recorderArgs({ sdpPath: '/r/in.sdp', segmentDir: '/r/segments/p1', segmentSeconds: 2 });
    expect(args).toEqual([
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'level+warning',
      ...rtpInputArgs('/r/in.sdp', 'fixed'),
      '-map',
      '0',
      '-c',
      'copy',
      '-f',
      'segment',
      '-segment_time',
      '2',
      '-segment_format',
      'matroska',
      '-reset_timestamps',
      '1',
      '-strftime',
      '0',
      '-segment_start_number',
      '0',
      '/r/segments/p1/%05d.mkv',
    ]);
  });

  it('continues the numbering of a previous run', () => {
    const args = recorderArgs({ sdpPath: 'in.sdp', segmentDir: 'seg', segmentSeconds: 4, startNumber: 17 });
    expect(args.slice(args.indexOf('-segment_time'), args.indexOf('-segment_time') + 2)).toEqual([
      '-segment_time',
      '4',
    ]);
    expect(args.slice(-3)).toEqual(['-segment_start_number', '17', 'seg/%05d.mkv']);
  });
});
