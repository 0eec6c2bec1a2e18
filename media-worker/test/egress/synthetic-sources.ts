// Test helpers sending synthetic media: RTP streams like a hall's and an
// MPEG-TS feed like the encoder's.
import type { EgressStream } from '@diemcau/protocol';

/** The streams a point sends: its mic and camera, as the server would describe them. */
export const POINT_STREAMS: readonly EgressStream[] = [
  {
    id: 'mic',
    kind: 'audio',
    mimeType: 'audio/opus',
    payloadType: 100,
    clockRate: 48000,
    channels: 2,
    parameters: { minptime: 10, useinbandfec: 1 },
    ssrc: 11111111,
  },
  { id: 'camera', kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, ssrc: 22222222 },
];

// Test pattern and tone, paced at real time like a camera and a microphone.
const LIVE_INPUTS = [
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=320x240:rate=30',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=48000',
];

export interface RtpSenderOptions {
  ports: Record<'mic' | 'camera', number>;
  /** Another SSRC and first sequence number per stream play a new source on the same ports. */
  ssrcs?: Record<'mic' | 'camera', number>;
  firstSequence?: number;
  /** No RTCP sender reports, as from a mediasoup consumer whose first report is still due. */
  withoutRtcp?: boolean;
}

/**
 * A point as mediasoup would forward it: Opus and VP8 (a key frame every second)
 * to two RTP ports, with the payload types and SSRCs POINT_STREAMS declares.
 */
export function rtpSenderArgs({ ports, ssrcs, firstSequence, withoutRtcp }: RtpSenderOptions): string[] {
  const [mic, camera] = POINT_STREAMS as [EgressStream, EgressStream];
  const rtp = (stream: EgressStream, ssrc: number | undefined, port: number) => [
    '-payload_type',
    String(stream.payloadType),
    '-ssrc',
    String(ssrc ?? stream.ssrc),
    ...(firstSequence === undefined ? [] : ['-seq', String(firstSequence)]),
    ...(withoutRtcp === true ? ['-rtpflags', 'skip_rtcp'] : []),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${port}`,
  ];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    ...LIVE_INPUTS,
    ...['-map', '1:a', '-c:a', 'libopus', '-b:a', '64k', ...rtp(mic, ssrcs?.mic, ports.mic)],
    ...[
      '-map',
      '0:v',
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '500k',
      '-g',
      '30',
    ],
    ...rtp(camera, ssrcs?.camera, ports.camera),
  ];
}

/** The live encoder's local feed to a relay: H.264 + AAC in MPEG-TS over UDP. */
export function tsEncoderArgs(udpPort: number): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    ...LIVE_INPUTS,
    ...['-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30'],
    ...['-pix_fmt', 'yuv420p', '-map', '1:a', '-c:a', 'aac', '-b:a', '64k'],
    ...['-f', 'mpegts', `udp://127.0.0.1:${udpPort}?pkt_size=1316`],
  ];
}
