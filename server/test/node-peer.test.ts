import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodePeer, type ConsumerInfo, type PeerRequests, type SignallingPort } from './helpers/node-peer.js';
import { waitFor } from './helpers/wait.js';

const MEDIA_CODECS: types.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90_000 },
];

interface PortOptions {
  /** Spatial layer the server pins this peer's video consumers to (undefined: the highest). */
  spatialLayer?: number;
}

/** The server side of one peer, mediasoup-demo style, straight onto the router. */
function routerPort(
  router: types.Router,
  producers: Map<string, types.Producer>,
  options: PortOptions = {},
): SignallingPort & { pushConsumer(producerId: string): Promise<string>; close(): void } {
  const transports = new Map<string, types.WebRtcTransport>();
  let recvTransport: types.WebRtcTransport | undefined;
  let rtpCapabilities: types.RtpCapabilities | undefined;
  const consumers = new Map<string, types.Consumer>();
  let notify: (method: string, data: unknown) => void = () => {};
  const transport = (id: string): types.WebRtcTransport => {
    const t = transports.get(id);
    if (!t) throw new Error(`no transport ${id}`);
    return t;
  };
  const consume = async (
    on: types.WebRtcTransport,
    producerId: string,
    capabilities: types.RtpCapabilities,
  ): Promise<ConsumerInfo> => {
    const consumer = await on.consume({ producerId, rtpCapabilities: capabilities, paused: true });
    if (consumer.kind === 'video' && options.spatialLayer !== undefined) {
      await consumer.setPreferredLayers({ spatialLayer: options.spatialLayer });
    }
    consumers.set(consumer.id, consumer);
    consumer.on('producerclose', () => notify('consumerClosed', { consumerId: consumer.id }));
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as ConsumerInfo['rtpParameters'],
    };
  };
  const handle = async (method: keyof PeerRequests, data: unknown): Promise<unknown> => {
    switch (method) {
      case 'getRouterRtpCapabilities':
        return router.rtpCapabilities;
      case 'join':
        rtpCapabilities = (data as PeerRequests['join'][0]).rtpCapabilities as types.RtpCapabilities;
        return {};
      case 'createWebRtcTransport': {
        const t = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
        transports.set(t.id, t);
        if ((data as PeerRequests['createWebRtcTransport'][0]).direction === 'recv') recvTransport = t;
        return {
          id: t.id,
          iceParameters: t.iceParameters,
          iceCandidates: t.iceCandidates,
          dtlsParameters: t.dtlsParameters,
        };
      }
      case 'connectWebRtcTransport': {
        const d = data as PeerRequests['connectWebRtcTransport'][0];
        return transport(d.transportId).connect({ dtlsParameters: d.dtlsParameters });
      }
      case 'produce': {
        const d = data as PeerRequests['produce'][0];
        const producer = await transport(d.transportId).produce({
          kind: d.kind,
          // mediasoup-client's types name a few header extensions mediasoup's do not; the JSON is the same.
          rtpParameters: d.rtpParameters as types.RtpParameters,
        });
        producers.set(producer.id, producer);
        return { id: producer.id };
      }
      case 'consume': {
        const d = data as PeerRequests['consume'][0];
        return consume(transport(d.transportId), d.producerId, d.rtpCapabilities as types.RtpCapabilities);
      }
      case 'resumeConsumer': {
        const d = data as PeerRequests['resumeConsumer'][0];
        return consumers.get(d.consumerId)?.resume();
      }
    }
  };
  return {
    request: (method, data) => handle(method, data) as Promise<never>,
    onNotification: (handler) => {
      notify = handler;
    },
    // Server-initiated consume, as the room does it: a paused consumer and a newConsumer notification.
    pushConsumer: async (producerId) => {
      if (!recvTransport || !rtpCapabilities) throw new Error('the peer has not joined');
      const info = await consume(recvTransport, producerId, rtpCapabilities);
      notify('newConsumer', info);
      return info.id;
    },
    close: () => {
      for (const t of transports.values()) t.close();
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Process CPU (all peers in this process share it) as % of one core since `from`. */
function cpuPercent(from: { cpu: NodeJS.CpuUsage; at: number }): number {
  const used = process.cpuUsage(from.cpu);
  return ((used.user + used.system) / 1000 / (performance.now() - from.at)) * 100;
}

const cpuMark = (): { cpu: NodeJS.CpuUsage; at: number } => ({
  cpu: process.cpuUsage(),
  at: performance.now(),
});

describe('NodePeer against a real mediasoup worker', () => {
  let worker: types.Worker;
  let router: types.Router;
  const producers = new Map<string, types.Producer>();
  const ports: { close(): void }[] = [];
  const peers: NodePeer[] = [];

  const join = async (name: string, options?: PortOptions): Promise<NodePeer> => {
    const port = routerPort(router, producers, options);
    ports.push(port);
    const peer = await NodePeer.join(port, name);
    peers.push(peer);
    return peer;
  };

  beforeAll(async () => {
    worker = await mediasoup.createWorker({ logLevel: 'warn' });
    router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  });

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    for (const port of ports) port.close();
    worker?.close();
  });

  it('sends simulcast video and audio that another peer decodes, and a server-side pause silences it', async () => {
    const workerCpu0 = await worker.getResourceUsage();
    const a = await join('A');
    const videoId = await a.produceVideo();
    const audioId = await a.produceAudio();

    // The producer really carries three rid layers.
    const layers = await waitFor('three simulcast layers at the producer', async () => {
      const stats = await producers.get(videoId)!.getStats();
      return stats.length === 3 ? stats : undefined;
    });
    expect(layers.map((s) => s.rid).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(
      producers
        .get(videoId)!
        .score.map((s) => s.score)
        .every((score) => score > 0),
    ).toBe(true);

    const senderMark = cpuMark();
    await sleep(1_500);
    const senderCpu = cpuPercent(senderMark);

    const b = await join('B');
    await b.consume(videoId);
    await b.consume(audioId);

    const firstFrame = await waitFor('B decodes A at full size', async () => {
      const video = b.received(videoId);
      return video.videoFrames > 20 && video.width === 960 ? video : undefined;
    });
    expect(firstFrame.height).toBe(540);
    await waitFor('B hears A', async () => (b.received(audioId).audibleFrames > 50 ? true : undefined));
    const receiverMark = cpuMark();
    await sleep(1_500);
    const receiverCpu = cpuPercent(receiverMark) - senderCpu;

    // A consumer pinned to spatial layer 0 gets the quarter-size layer: simulcast end to end.
    const thumb = await join('C', { spatialLayer: 0 });
    await thumb.consume(videoId);
    await waitFor('C decodes the lowest layer', async () => {
      const video = thumb.received(videoId);
      return video.videoFrames > 10 ? video : undefined;
    });
    expect(thumb.received(videoId)).toMatchObject({ width: 240, height: 135 });

    const stats = await b.stats();
    const inboundVideo = stats.inbound.find((s) => s.kind === 'video');
    expect(inboundVideo?.framesDecoded).toBeGreaterThan(20);
    expect(stats.inbound.find((s) => s.kind === 'audio')?.packetsReceived).toBeGreaterThan(50);
    expect((await a.stats()).outbound.filter((s) => s.kind === 'video').length).toBe(3);

    // Server-side pause: once the jitter buffer drains, nothing audible reaches B.
    await producers.get(audioId)!.pause();
    await sleep(500);
    const atPause = b.received(audioId);
    await sleep(1_000);
    const afterPause = b.received(audioId);
    expect(afterPause.audibleFrames).toBe(atPause.audibleFrames);
    const audibleAtPause = atPause.audibleFrames;
    expect(b.received(videoId).videoFrames).toBeGreaterThan(firstFrame.videoFrames); // video keeps flowing

    await producers.get(audioId)!.resume();
    await waitFor('B hears A again', async () =>
      b.received(audioId).audibleFrames > audibleAtPause + 20 ? true : undefined,
    );

    const finalLayers = await producers.get(videoId)!.getStats();
    const workerCpu1 = await worker.getResourceUsage();
    const workerCpuMs = workerCpu1.ru_utime + workerCpu1.ru_stime - workerCpu0.ru_utime - workerCpu0.ru_stime;
    console.log(
      [
        `node-peer: join time (NodePeer.join() → first decoded frame): B ${Math.round(
          b.received(videoId).firstAt! - b.startedAt!,
        )} ms; (C) ${Math.round(thumb.received(videoId).firstAt! - thumb.startedAt!)} ms`,
        `node-peer: CPU, % of one core: A sending 960x540@15 3-layer simulcast + audio ${senderCpu.toFixed(1)}%; ` +
          `B receiving 960x540 + audio ${receiverCpu.toFixed(1)}% more`,
        `node-peer: while A's audio was paused B's sink delivered ${afterPause.audioFrames - atPause.audioFrames} frames in 1 s, ` +
          `${afterPause.audibleFrames - atPause.audibleFrames} audible`,
        `node-peer: mediasoup worker CPU over the test ${workerCpuMs} ms`,
        `node-peer: B inbound ${JSON.stringify(stats.inbound)}`,
        `node-peer: producer layers at the end ${JSON.stringify(finalLayers.map((s) => ({ rid: s.rid, bitrate: s.bitrate, score: s.score })))}`,
      ].join('\n'),
    );
  }, 25_000);

  it('accepts pushed consumers, keeps the WebRTC globals scoped, follows a server-side close and leaves no timers', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const baseline = timers();
    const port = routerPort(router, producers);
    ports.push(port);
    const peer = await NodePeer.join(port, 'loopback');
    const videoId = await peer.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
    const audioId = await peer.produceAudio();
    const consumerId = await peer.consume(videoId);
    await port.pushConsumer(audioId); // the server-push path the real room uses
    await waitFor('the pushed consumer', async () => (peer.receives(audioId) ? true : undefined));
    expect('RTCPeerConnection' in globalThis || 'MediaStream' in globalThis).toBe(false);

    await waitFor('the peer decodes itself', async () =>
      peer.received(videoId).videoFrames > 5 && peer.received(audioId).audibleFrames > 5 ? true : undefined,
    );
    expect(peer.received(videoId)).toMatchObject({ width: 320, height: 180 });

    producers.get(videoId)!.close();
    await waitFor('the consumerClosed notification', async () =>
      peer.notifications.some((n) => n.method === 'consumerClosed') ? true : undefined,
    );
    expect(peer.notifications.map((n) => n.method)).toEqual(['newConsumer', 'consumerClosed']);
    expect(peer.notifications[1]?.data).toEqual({ consumerId });
    expect(peer.errors).toEqual([]);
    const framesAtClose = peer.received(videoId).videoFrames;
    await sleep(300);
    expect(peer.received(videoId).videoFrames).toBe(framesAtClose);

    await peer.close();
    expect(timers()).toBeLessThanOrEqual(baseline);
  });
});
