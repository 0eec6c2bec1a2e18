// Tests of the mixer's ffmpeg arguments, with and without slots named:
// the silent source always mixed in.
import { describe, expect, it } from 'vitest';
import { rtpInputArgs } from '../egress/rtp-input.js';
import { mixerArgs } from './mixer-args.js';

const SILENCE = ['-re', '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000'];
const OUTPUT = [
  ...['-map', '[mix]', '-c:a', 'pcm_s16be', '-ar', '48000', '-ac', '2', '-payload_type', '97'],
  ...['-f', 'rtp', 'rtp://127.0.0.1:41000'],
];

describe('mixerArgs', () => {
  it('sums the silence and each named slot, unnormalised, into L16 RTP', () => {
    expect(mixerArgs({ slotSdpPaths: ['/w/slot-a0.sdp', '/w/slot-a1.sdp'], outputPort: 41000 })).toEqual([
      ...['-hide_banner', '-nostats', '-loglevel', 'level+warning'],
      ...SILENCE,
      ...['-thread_queue_size', '1024', ...rtpInputArgs('/w/slot-a0.sdp', 'switched')],
      ...['-thread_queue_size', '1024', ...rtpInputArgs('/w/slot-a1.sdp', 'switched')],
      '-filter_complex',
      '[0:a][1:a][2:a]amix=inputs=3:duration=first:dropout_transition=0:normalize=0[mix]',
      ...OUTPUT,
    ]);
  });

  it('sends silence alone when no microphone is live', () => {
    const args = mixerArgs({ slotSdpPaths: [], outputPort: 41000 });
    expect(args.filter((arg) => arg === '-i')).toHaveLength(1);
    expect(args).toContain('[0:a]amix=inputs=1:duration=first:dropout_transition=0:normalize=0[mix]');
    expect(args.slice(-OUTPUT.length)).toEqual(OUTPUT);
  });
});
