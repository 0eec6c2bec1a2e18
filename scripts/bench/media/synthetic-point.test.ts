import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  audioRtpParameters,
  createReceiver,
  createSender,
  diffSnapshots,
  loadClip,
  newMasterKey,
  SendScheduler,
  srtpParameters,
  streamRate,
  SYNTHETIC_RTP_CAPABILITIES,
  videoRtpParameters,
} from './index.js';
import type { Clip, SyntheticReceiver, SyntheticSender } from './index.js';

/*
 * A synthetic point against a real mediasoup worker in this process: what it
 * sends must decrypt (mediasoup drops SRTP it cannot authenticate, so a
 * producer's packet count is the proof) and look like a browser's simulcast;
 * what it receives back must arrive whole.
 */

const MEDIA_CODECS: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90_000 },
];
const AUDIO = { ssrc: 0x11111111, payloadType: 111 };
const VIDEO = { ssrcs: [0x22222220, 0x22222221, 0x22222222], payloadType: 96 };
const SEND_MS = 4000;

let clip: Clip;
let worker: types.Worker;
let router: types.Router;
let scheduler: SendScheduler;
let audioProducer: types.Producer;
let videoProducer: types.Producer;
const closers: (SyntheticSender | SyntheticReceiver)[] = [];

function plainTransport(): Promise<types.PlainTransport> {
  return router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    comedia: true,
    rtcpMux: true,
    enableSrtp: true,
    srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
  });
}

const endpoint = (transport: types.PlainTransport) => ({
  ip: transport.tuple.localAddress,
  port: transport.tuple.localPort,
});

beforeAll(async () => {
  clip = await loadClip();
  worker = await mediasoup.createWorker({ logLevel: 'warn' });
  router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  scheduler = new SendScheduler();
}, 120_000);

afterAll(() => {
  scheduler?.stop();
  for (const c of closers) c.close();
  worker?.close();
});

describe('a synthetic point against in-process mediasoup', () => {
  it('sends SRTP that mediasoup decrypts: audio and all three simulcast layers at the clip rates', async () => {
    const transport = await plainTransport();
    const key = newMasterKey();
    await transport.connect({ srtpParameters: srtpParameters(key) });
    audioProducer = await transport.produce({
      kind: 'audio',
      rtpParameters: audioRtpParameters(AUDIO.ssrc, AUDIO.payloadType, 'synthetic'),
    });
    videoProducer = await transport.produce({
      kind: 'video',
      rtpParameters: videoRtpParameters(VIDEO.ssrcs, VIDEO.payloadType, 'synthetic'),
    });
    const sender = await createSender({
      clip,
      server: endpoint(transport),
      srtpKeyBase64: key,
      audio: AUDIO,
      video: VIDEO,
      startMs: 2000,
    });
    closers.push(sender);
    scheduler.add(sender);
    await sleep(SEND_MS);

    const seconds = SEND_MS / 1000;
    const expectations = [
      { ssrc: AUDIO.ssrc, stream: clip.audio, stats: await audioProducer.getStats() },
      ...clip.video.map((stream, i) => ({ ssrc: VIDEO.ssrcs[i]!, stream, stats: null })),
    ];
    const videoStats = await videoProducer.getStats();
    for (const { ssrc, stream, stats } of expectations) {
      const s = (stats ?? videoStats).find((x) => x.ssrc === ssrc);
      const rate = streamRate(stream, clip.durationMs);
      console.log(
        `[synthetic] producer ssrc ${ssrc.toString(16)}: ${s?.packetCount} packets, ` +
          `${(((s?.byteCount ?? 0) * 8) / seconds / 1000).toFixed(0)} kbit/s ` +
          `(clip ${(rate.bitsPerSecond / 1000).toFixed(0)}), lost ${s?.packetsLost}`,
      );
      expect(s, `producer stream ${ssrc}`).toBeDefined();
      // Generous margins: the window holds an uneven share of key frames, and the box is shared.
      expect(s!.packetCount).toBeGreaterThan(rate.packetsPerSecond * seconds * 0.7);
      expect(s!.packetCount).toBeLessThan(rate.packetsPerSecond * seconds * 1.3);
      expect((s!.byteCount * 8) / seconds).toBeGreaterThan(rate.bitsPerSecond * 0.6);
      expect((s!.byteCount * 8) / seconds).toBeLessThan(rate.bitsPerSecond * 1.6);
      expect(s!.packetsLost).toBeLessThan(s!.packetCount * 0.01);
    }
    expect(sender.sentPackets).toBeGreaterThan(0);
  }, 30_000);

  it('receives the top layer and the audio back through a comedia transport once it has sent SRTCP', async () => {
    expect(videoProducer, 'the sending test ran first').toBeDefined();
    const transport = await plainTransport();
    const key = newMasterKey();
    await transport.connect({ srtpParameters: srtpParameters(key) });
    const receiver = await createReceiver({ server: endpoint(transport), srtpKeyBase64: key });
    closers.push(receiver);
    const learned = once(transport, 'tuple');
    scheduler.add(receiver);
    await learned;

    const video = await transport.consume({
      producerId: videoProducer.id,
      rtpCapabilities: SYNTHETIC_RTP_CAPABILITIES,
      preferredLayers: { spatialLayer: 2, temporalLayer: 0 },
    });
    const audio = await transport.consume({
      producerId: audioProducer.id,
      rtpCapabilities: SYNTHETIC_RTP_CAPABILITIES,
    });
    // The top layer is forwarded from its next key frame: at most 2 s away.
    while (video.currentLayers?.spatialLayer !== 2) await once(video, 'layerschange');
    await sleep(300);

    const before = receiver.stats.snapshot();
    const windowMs = 3000;
    await sleep(windowMs);
    const window = diffSnapshots(before, receiver.stats.snapshot());
    const seconds = windowMs / 1000;
    const videoWindow = window.get(video.rtpParameters.encodings![0]!.ssrc!);
    const audioWindow = window.get(audio.rtpParameters.encodings![0]!.ssrc!);
    console.log(
      `[synthetic] received video: ${((videoWindow?.frames ?? 0) / seconds).toFixed(1)} fps, ` +
        `${(((videoWindow?.bytes ?? 0) * 8) / seconds / 1000).toFixed(0)} kbit/s, ` +
        `loss ${videoWindow?.lossPercent.toFixed(2)} %; audio: ${((audioWindow?.packets ?? 0) / seconds).toFixed(1)} ` +
        `packets/s, loss ${audioWindow?.lossPercent.toFixed(2)} %`,
    );

    expect(videoWindow).toBeDefined();
    expect(videoWindow!.frames / seconds).toBeGreaterThan(30 * 0.8);
    expect(videoWindow!.frames / seconds).toBeLessThan(30 * 1.2);
    expect(videoWindow!.lossPercent).toBeLessThan(1);
    // The bitrate of the 1280x720 layer, not of a lower one.
    const top = streamRate(clip.video[2]!, clip.durationMs).bitsPerSecond;
    expect((videoWindow!.bytes * 8) / seconds).toBeGreaterThan(top * 0.6);
    expect(audioWindow).toBeDefined();
    expect(audioWindow!.packets / seconds).toBeGreaterThan(50 * 0.8);
    expect(audioWindow!.lossPercent).toBeLessThan(1);
  }, 30_000);
});
