// The ffmpeg arguments of the programme's audio mixer: the named slots
// and a silent source summed, sent as PCM to the encoder.
import { LOG_ARGS } from '../egress/log-args.js';
import { rtpInputArgs } from '../egress/rtp-input.js';
import { PCM_CHANNELS, PCM_PAYLOAD_TYPE, PCM_SAMPLE_RATE } from './pcm-sdp.js';

export interface MixerOptions {
  /** One SDP per audio slot named in the programme (Opus, its consumer swapped by the server). */
  slotSdpPaths: readonly string[];
  /** The local port the encoder reads the mix from (`pcmSdp`). */
  outputPort: number;
}

/**
 * The programme's audio: a silent source that always flows plus each named slot,
 * summed, sent as L16 RTP to the encoder. amix emits only while every input has
 * samples, so a slot without packets would stall the mix: the server names only
 * slots with a live microphone, and the silence keeps the mix flowing when it names none.
 */
export function mixerArgs({ slotSdpPaths, outputPort }: MixerOptions): string[] {
  const inputs = slotSdpPaths.length + 1;
  const labels = Array.from({ length: inputs }, (_, i) => `[${i}:a]`).join('');
  return [
    ...LOG_ARGS,
    // Paced at real time, so the mix runs at the pace of the clock, not as fast as silence can be made.
    '-re',
    '-f',
    'lavfi',
    '-i',
    `anullsrc=channel_layout=stereo:sample_rate=${PCM_SAMPLE_RATE}`,
    // Read by threads of their own: a deep queue takes a slow moment without dropping packets.
    ...slotSdpPaths.flatMap((sdpPath) => [
      '-thread_queue_size',
      '1024',
      ...rtpInputArgs(sdpPath, 'switched'),
    ]),
    '-filter_complex',
    // normalize=0: each voice at its own level, not divided by the number of inputs;
    // duration=first: the silence never ends, so neither does the mix.
    `${labels}amix=inputs=${inputs}:duration=first:dropout_transition=0:normalize=0[mix]`,
    '-map',
    '[mix]',
    '-c:a',
    'pcm_s16be',
    '-ar',
    String(PCM_SAMPLE_RATE),
    '-ac',
    String(PCM_CHANNELS),
    '-payload_type',
    String(PCM_PAYLOAD_TYPE),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${outputPort}`,
  ];
}
