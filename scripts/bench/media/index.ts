/*
 * Synthetic bridge point: the media core of the load generator.
 *
 * A real hall runs a browser that encodes its camera and microphone. Hundreds
 * of those do not fit on the 2-core box that also runs the SFU, so a synthetic
 * point replays media encoded once instead:
 *
 * Real:
 * - the media: Opus and three VP8 simulcast layers (the web client's camera
 *   encodings, 1/4, 1/2 and full 1280x720 at 150 k / 500 k / 1.2 Mbit/s, 30 fps,
 *   key frames every 2 s in all layers) encoded by ffmpeg (libopus, libvpx)
 *   from moving, noisy test sources, and packetized by ffmpeg's RTP muxer
 *   (clip.ts; cached in bench-results/ so later runs skip ffmpeg);
 * - SRTP: AES_CM_128_HMAC_SHA1_80 per RFC 3711 (srtp.ts), so mediasoup pays
 *   its full decrypt and encrypt cost; a packet it cannot decrypt is dropped,
 *   so a producer's stats prove the crypto;
 * - the transport: plain UDP into mediasoup PlainTransports (comedia, rtcpMux,
 *   enableSrtp), the producer's rtpParameters as a browser would announce them
 *   (NACK/PLI/FIR on VP8, in-band FEC on Opus, one SSRC per layer).
 *
 * Synthetic:
 * - no encoder at run time: each sender loops the clip (rtp-stream.ts) with its
 *   own SSRCs, sequence numbers, timestamps and VP8 PictureIDs, from its own
 *   key frame, so the SFU sees one continuous stream per point;
 * - NACK, PLI and FIR are answered by nothing: lost packets stay lost and a key
 *   frame comes every 2 s whatever is asked; no RTX, no bandwidth estimation
 *   (no transport-cc or REMB), so consumers get the layers they prefer;
 * - what comes back is counted from the clear RTP headers (receive-stats.ts),
 *   never decrypted: packets, bytes, loss from sequence numbers, frames from
 *   marker bits.
 *
 * One SendScheduler timer drives every sender and receiver of the process.
 *
 * Use, per point (synthetic-point.test.ts does exactly this against mediasoup):
 *   send key = newMasterKey(), given to the send transport's connect as srtpParameters(key);
 *   produce with audioRtpParameters / videoRtpParameters for the SSRCs and payload types chosen;
 *   scheduler.add(await createSender({ clip, server, srtpKeyBase64: key, audio, video }));
 *   receive key likewise for the receive transport, consumed with SYNTHETIC_RTP_CAPABILITIES;
 *   scheduler.add(receiver = await createReceiver({ server, srtpKeyBase64 }));
 *   diffSnapshots(before, receiver.stats.snapshot()) per measurement window.
 */
import type { types } from 'mediasoup';
import type { Clip } from './clip-file.js';
import { VIDEO_LAYERS } from './clip.js';
import { MediaBenchError } from './errors.js';
import { SyntheticReceiver } from './receiver.js';
import { randomIdentity, RtpStreamCursor } from './rtp-stream.js';
import { connectedSocket, SyntheticSender } from './sender.js';
import type { Endpoint } from './sender.js';
import { SrtpSession } from './srtp.js';

export { loadClip } from './clip.js';
export type { ClipOptions } from './clip.js';
export { describeClip, streamRate } from './clip-file.js';
export type { Clip, ClipStream } from './clip-file.js';
export { MediaBenchError } from './errors.js';
export type { MediaBenchErrorCode } from './errors.js';
export { diffSnapshots, ReceiveStats } from './receive-stats.js';
export type { ReceiveSnapshot, WindowStats } from './receive-stats.js';
export { SyntheticReceiver } from './receiver.js';
export { SendScheduler, SyntheticSender } from './sender.js';
export type { Endpoint } from './sender.js';
export { newMasterKey, srtpParameters, SRTP_CRYPTO_SUITE } from './srtp.js';
export type { SrtpParameters } from './srtp.js';

export interface SenderOptions {
  clip: Clip;
  /** The server PlainTransport's tuple (`transport.tuple.localAddress/localPort`). */
  server: Endpoint;
  /** This point's master key, the one given to `transport.connect({ srtpParameters })`. */
  srtpKeyBase64: string;
  audio?: { ssrc: number; payloadType: number };
  /** One SSRC per clip video layer, lowest first. */
  video?: { ssrcs: readonly number[]; payloadType: number };
  /** Where in the clip to start; a multiple of `clip.keyFrameIntervalMs`. Default: one at random. */
  startMs?: number;
  /** Address to send from; default any (the kernel picks the route's, the same for every packet). */
  localIp?: string;
}

/**
 * A sender with its socket bound and connected. It sends nothing until added
 * to a SendScheduler, so add it once the server has connected the transport
 * and created the producers.
 */
export async function createSender(options: SenderOptions): Promise<SyntheticSender> {
  const { clip, audio, video } = options;
  if (video && video.ssrcs.length !== clip.video.length) {
    throw new MediaBenchError(
      'BAD_OPTIONS',
      `the clip has ${clip.video.length} video layers, ${video.ssrcs.length} SSRCs given`,
    );
  }
  const keyFrames = Math.floor(clip.durationMs / clip.keyFrameIntervalMs);
  const startMs = options.startMs ?? Math.floor(Math.random() * keyFrames) * clip.keyFrameIntervalMs;
  const cursors: RtpStreamCursor[] = [];
  if (audio) {
    cursors.push(
      new RtpStreamCursor(
        clip.audio,
        clip.durationMs,
        startMs,
        randomIdentity(audio.ssrc, audio.payloadType),
      ),
    );
  }
  if (video) {
    clip.video.forEach((layer, i) => {
      const identity = randomIdentity(video.ssrcs[i]!, video.payloadType);
      cursors.push(new RtpStreamCursor(layer, clip.durationMs, startMs, identity));
    });
  }
  const srtp = new SrtpSession(options.srtpKeyBase64);
  return new SyntheticSender(
    await connectedSocket(options.localIp ?? '0.0.0.0', options.server),
    srtp,
    cursors,
  );
}

export interface ReceiverOptions {
  /** The server's comedia PlainTransport (`transport.tuple.localAddress/localPort`). */
  server: Endpoint;
  /** This point's master key for SRTCP, the one given to that transport's `connect`. */
  srtpKeyBase64: string;
  /** SSRC of this point's receiver reports; default random. */
  rtcpSsrc?: number;
  /** As for the sender. */
  localIp?: string;
}

/** A receive socket; add it to a SendScheduler to send the reports that make the server send to it. */
export async function createReceiver(options: ReceiverOptions): Promise<SyntheticReceiver> {
  const socket = await connectedSocket(options.localIp ?? '0.0.0.0', options.server);
  const ssrc = options.rtcpSsrc ?? Math.floor(Math.random() * 2 ** 32);
  return new SyntheticReceiver(socket, new SrtpSession(options.srtpKeyBase64), ssrc);
}

const OPUS_PARAMETERS = { minptime: 10, useinbandfec: 1 };
/** A new array each time: callers may adjust what they get. */
const vp8Feedback = (): types.RtcpFeedback[] => [
  { type: 'nack' },
  { type: 'nack', parameter: 'pli' },
  { type: 'ccm', parameter: 'fir' },
];

/** The Opus producer's rtpParameters for what a sender sends with `ssrc` and `payloadType`. */
export function audioRtpParameters(ssrc: number, payloadType: number, cname: string): types.RtpParameters {
  return {
    codecs: [
      {
        mimeType: 'audio/opus',
        payloadType,
        clockRate: 48_000,
        channels: 2,
        parameters: { ...OPUS_PARAMETERS },
        rtcpFeedback: [],
      },
    ],
    encodings: [{ ssrc }],
    headerExtensions: [],
    rtcp: { cname, reducedSize: true },
  };
}

/** The simulcast VP8 producer's rtpParameters: one encoding per layer, lowest first, as the web client's. */
export function videoRtpParameters(
  ssrcs: readonly number[],
  payloadType: number,
  cname: string,
): types.RtpParameters {
  return {
    codecs: [
      { mimeType: 'video/VP8', payloadType, clockRate: 90_000, parameters: {}, rtcpFeedback: vp8Feedback() },
    ],
    encodings: ssrcs.map((ssrc, i) => ({
      ssrc,
      scalabilityMode: 'L1T1',
      ...(VIDEO_LAYERS[i] ? { maxBitrate: VIDEO_LAYERS[i].bitrate } : {}),
    })),
    headerExtensions: [],
    rtcp: { cname, reducedSize: true },
  };
}

/** What a synthetic point can receive, announced on join: Opus and VP8, no RTX, no header extensions. */
export const SYNTHETIC_RTP_CAPABILITIES: types.RtpCapabilities = {
  codecs: [
    {
      kind: 'audio',
      mimeType: 'audio/opus',
      preferredPayloadType: 100,
      clockRate: 48_000,
      channels: 2,
      parameters: { ...OPUS_PARAMETERS },
      rtcpFeedback: [],
    },
    {
      kind: 'video',
      mimeType: 'video/VP8',
      preferredPayloadType: 101,
      clockRate: 90_000,
      parameters: {},
      rtcpFeedback: vp8Feedback(),
    },
  ],
  headerExtensions: [],
};
