import {
  type EgressControl,
  egressControlChannel,
  type EgressStream,
  type LiveJobData,
  LiveProgress,
  type LiveStatus,
  type LiveTarget,
  validator,
} from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { types } from 'mediasoup';
import type { JobQueues } from '../jobs/queues.js';
import { EgressPort } from '../sfu/egress-port.js';
import type { Peer, ProducerData } from '../sfu/peer.js';
import type { Room } from '../sfu/room.js';
import { assignSlots, chooseFeed, type FeedPeer, type FeedSource } from './programme-feed.js';

const checkProgress = validator(LiveProgress);

/** Microphones mixed at once: the hosts, the programme hall and a few more. */
export const AUDIO_SLOTS = 4;
const VIDEO_MIME = 'video/VP8';
const KEY_FRAME_REPEAT_MS = 300;
const AUDIO_MIME = 'audio/opus';

export interface LiveDestination {
  id: string;
  name: string;
  /** The publish URL with the stream key: sent over the control channel only, never stored or logged. */
  url: string;
}

export interface LiveBroadcastDeps {
  room: Room;
  queues: JobQueues;
  publisher: Redis;
  listenIp: string;
  log: FastifyBaseLogger;
  onChange(status: LiveStatus, urgent: boolean): void;
}

export interface LiveBroadcastOptions {
  conferenceId: string;
  slug: string | null;
  destinations: LiveDestination[];
}

/**
 * One conference's livestream: a `live` job fed through one video slot (the
 * programme's camera, swapped on the same port as the programme changes) and
 * a few audio slots (live microphones), following the room as it changes.
 */
export class LiveBroadcast {
  readonly jobId: string;
  readonly #deps: LiveBroadcastDeps;
  readonly #options: LiveBroadcastOptions;
  readonly #video: EgressPort;
  readonly #audio: EgressPort[];
  /** The producer feeding each audio slot. */
  #slots: (string | null)[];
  #status: LiveStatus;
  #attempt = 0;
  #connected = false;
  #stopping = false;
  #applying: Promise<void> = Promise.resolve();
  #again = false;
  readonly #observed = new WeakSet<types.Producer>();
  readonly #unwatch: () => void;
  readonly #detach: () => void;
  readonly #tick: NodeJS.Timeout;
  #settle: () => void = () => undefined;
  readonly finished: Promise<void>;

  private constructor(
    deps: LiveBroadcastDeps,
    options: LiveBroadcastOptions,
    video: EgressPort,
    audio: EgressPort[],
  ) {
    this.#deps = deps;
    this.#options = options;
    this.#video = video;
    this.#audio = audio;
    this.#slots = audio.map(() => null);
    this.jobId = `live.${options.conferenceId}.${Date.now().toString(36)}`;
    this.finished = new Promise((resolve) => (this.#settle = resolve));
    this.#status = {
      conferenceId: options.conferenceId,
      state: 'starting',
      startedAt: new Date().toISOString(),
      seconds: 0,
      hlsUrl: options.slug === null ? null : `/hls/${options.slug}/index.m3u8`,
      slate: true,
      destinations: options.destinations.map((d) => ({
        id: d.id,
        name: d.name,
        state: 'connecting',
        attempts: 0,
      })),
      error: null,
    };
    this.#unwatch = deps.queues.liveEvents.watch(this.jobId, {
      progress: (data) => void this.#onProgress(data),
      completed: () => this.#end('stopped', null),
      failed: (reason) => this.#end('failed', errorOf(reason)),
    });
    const follow = () => this.#follow();
    const { room } = deps;
    room.on('producerAdded', follow);
    room.on('peerLeft', follow);
    room.on('programmeChanged', follow);
    this.#detach = () => {
      room.off('producerAdded', follow);
      room.off('peerLeft', follow);
      room.off('programmeChanged', follow);
    };
    // Pause and resume are seen on each producer; this catches anything else within a second.
    this.#tick = setInterval(follow, 1_000);
  }

  static async start(deps: LiveBroadcastDeps, options: LiveBroadcastOptions): Promise<LiveBroadcast> {
    const router = deps.room.routers[0]!.router;
    const port = (id: string, mime: string) =>
      EgressPort.create(router, { id, listenIp: deps.listenIp, mimeTypes: [mime] });
    const video = await port('video', VIDEO_MIME);
    const audio = await Promise.all(
      Array.from({ length: AUDIO_SLOTS }, (_, i) => port(`audio-${i}`, AUDIO_MIME)),
    );
    const broadcast = new LiveBroadcast(deps, options, video, audio);
    const data: LiveJobData = {
      conferenceId: options.conferenceId,
      slug: options.slug,
      video: slotStream('video', router, VIDEO_MIME),
      audio: audio.map((p) => slotStream(p.id, router, AUDIO_MIME)),
      destinations: options.destinations.map(({ id, name }) => ({ id, name })),
    };
    await deps.queues.live.add('live', data, {
      jobId: broadcast.jobId,
      attempts: 3,
      backoff: { type: 'fixed', delay: 1_000 },
      removeOnComplete: { age: 3_600 },
      removeOnFail: { age: 24 * 3_600 },
    });
    deps.log.info({ jobId: broadcast.jobId, destinations: options.destinations.length }, 'livestream queued');
    broadcast.#follow();
    return broadcast;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** Asks the job to stop; `finished` resolves when it has (HLS ended, relays closed). */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#update({ state: 'stopping' }, true);
    await this.#publish({ type: 'stop' });
    // A job that never started (no media-worker) is taken off the queue.
    const job = await this.#deps.queues.live.getJob(this.jobId);
    if (job && (await job.isWaiting())) {
      await job.remove().catch(() => undefined);
      this.#end('stopped', null);
    }
  }

  async #onProgress(data: unknown): Promise<void> {
    const checked = checkProgress(data);
    if (!checked.ok) return;
    const progress = checked.value;
    if (progress.phase === 'listening') {
      if (progress.attempt <= this.#attempt) return;
      const retaken = this.#attempt > 0;
      this.#attempt = progress.attempt;
      if (this.#stopping) {
        await this.#publish({ type: 'stop' });
        return;
      }
      if (retaken) this.#update({ state: 'recovering' }, true);
      for (const port of [this.#video, ...this.#audio]) {
        const rtpPort = progress.ports[port.id];
        if (rtpPort !== undefined) await port.connect({ host: progress.host, port: rtpPort });
      }
      this.#connected = true;
      await this.#publish({ type: 'programme', ...this.#programme() });
      const destinations: LiveTarget[] = this.#options.destinations.map(({ id, url }) => ({ id, url }));
      await this.#publish({ type: 'destinations', destinations });
      this.#deps.log.info({ jobId: this.jobId, attempt: progress.attempt }, 'livestream connected');
    } else if (progress.phase === 'keyFrame') {
      // ffmpeg drops the first packet after a source switch: a second request covers a key frame lost so.
      void this.#video.requestKeyFrame();
      setTimeout(() => void this.#video.requestKeyFrame(), KEY_FRAME_REPEAT_MS).unref();
    } else if (progress.phase === 'live') {
      const names = new Map(this.#options.destinations.map((d) => [d.id, d.name]));
      const changed = progress.destinations.some(
        (d) => this.#status.destinations.find((s) => s.id === d.id)?.state !== d.state,
      );
      this.#update(
        {
          state: this.#stopping ? 'stopping' : 'live',
          seconds: progress.seconds,
          slate: progress.slate,
          destinations: progress.destinations.map(({ seconds: _seconds, ...d }) => ({
            ...d,
            name: names.get(d.id) ?? d.id,
          })),
        },
        changed || this.#status.state !== 'live',
      );
    }
  }

  /** Re-judges the feed; changes run one at a time, the last request winning. */
  #follow(): void {
    if (this.#stopping) return;
    this.#again = true;
    this.#applying = this.#applying.then(async () => {
      if (!this.#again) return;
      this.#again = false;
      await this.#apply().catch((error: unknown) =>
        this.#deps.log.warn({ err: error, jobId: this.jobId }, 'livestream feed not updated'),
      );
    });
  }

  async #apply(): Promise<void> {
    const { room } = this.#deps;
    const peers = room.peers.filter((p) => !p.closed);
    for (const peer of peers) for (const producer of peer.producers.values()) this.#observe(producer);
    const feed = chooseFeed(
      peers.map((p) => this.#feedPeer(p)),
      room.programme.peerId,
      AUDIO_SLOTS,
    );
    let changed = false;
    if (feed.video !== this.#video.producerId) {
      changed = true;
      const found = feed.video === null ? undefined : findProducer(peers, feed.video);
      if (found && (await room.egressRouter(found.peer, found.producer)))
        await this.#video.attach(found.producer);
      else this.#video.detach();
    }
    const slots = assignSlots(this.#slots, feed.audio);
    for (const [i, producerId] of slots.entries()) {
      if (producerId === this.#slots[i]) continue;
      changed = true;
      const port = this.#audio[i]!;
      const found = producerId === null ? undefined : findProducer(peers, producerId);
      if (found && (await room.egressRouter(found.peer, found.producer))) await port.attach(found.producer);
      else port.detach();
    }
    this.#slots = this.#audio.map((p) => p.producerId ?? null);
    if (changed && this.#connected) await this.#publish({ type: 'programme', ...this.#programme() });
  }

  #programme(): { video: boolean; audio: string[] } {
    return {
      video: this.#video.producerId !== undefined,
      audio: this.#audio.filter((p) => p.producerId !== undefined).map((p) => p.id),
    };
  }

  #feedPeer(peer: Peer): FeedPeer {
    const source = (name: 'camera' | 'screen' | 'mic'): FeedSource | undefined => {
      const producer = peer.producerOf(name);
      if (!producer || producer.closed) return undefined;
      const port = name === 'mic' ? this.#audio[0]! : this.#video;
      return { producerId: producer.id, live: sending(producer), fits: port.canCarry(producer) };
    };
    const camera = source('camera');
    const screen = source('screen');
    const mic = source('mic');
    return {
      peerId: peer.id,
      role: peer.role,
      ...(camera ? { camera } : {}),
      ...(screen ? { screen } : {}),
      ...(mic ? { mic } : {}),
    };
  }

  #observe(producer: types.Producer<ProducerData>): void {
    if (this.#observed.has(producer)) return;
    this.#observed.add(producer);
    const follow = () => this.#follow();
    producer.observer.on('pause', follow);
    producer.observer.on('resume', follow);
    producer.observer.on('close', follow);
    // A stream without packets for ~1.5 s scores 0 (mediasoup's inactivity check), and back above when they return.
    producer.observer.on('score', follow);
  }

  async #publish(message: EgressControl): Promise<void> {
    await this.#deps.publisher
      .publish(egressControlChannel(this.jobId), JSON.stringify(message))
      .catch((error: unknown) => this.#deps.log.warn({ err: error, jobId: this.jobId }, 'control not sent'));
  }

  #update(patch: Partial<LiveStatus>, urgent: boolean): void {
    this.#status = { ...this.#status, ...patch };
    this.#deps.onChange(this.#status, urgent);
  }

  #end(state: 'stopped' | 'failed', error: LiveStatus['error']): void {
    if (this.#status.state === 'stopped' || this.#status.state === 'failed') return;
    this.#unwatch();
    this.#detach();
    clearInterval(this.#tick);
    this.#stopping = true;
    for (const port of [this.#video, ...this.#audio]) port.close();
    this.#update(
      {
        state,
        error,
        destinations: this.#status.destinations.map((d) => ({ ...d, state: 'stopped' as const })),
      },
      true,
    );
    this.#settle();
  }
}

/**
 * Whether a producer sends packets now: not paused, and not scored 0 by
 * mediasoup (a hall whose network or camera stopped). An input without packets
 * would stall the encoder or the mix.
 */
function sending(producer: types.Producer): boolean {
  return !producer.paused && producer.score.some((s) => s.score > 0);
}

/** A slot's stream before any producer feeds it: the router's payload type for the codec, no SSRC (swapped). */
function slotStream(id: string, router: types.Router, mime: string): EgressStream {
  const codec = router.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === mime.toLowerCase());
  if (!codec?.preferredPayloadType) throw new Error(`the room's router has no ${mime}`);
  const audio = codec.kind === 'audio';
  return {
    id,
    kind: codec.kind,
    mimeType: audio ? 'audio/opus' : 'video/VP8',
    payloadType: codec.preferredPayloadType,
    clockRate: codec.clockRate,
    ...(audio ? { channels: codec.channels ?? 2 } : {}),
  };
}

function findProducer(
  peers: readonly Peer[],
  producerId: string,
): { peer: Peer; producer: types.Producer<ProducerData> } | undefined {
  for (const peer of peers) {
    const producer = peer.producers.get(producerId);
    if (producer && !producer.closed) return { peer, producer };
  }
  return undefined;
}

/** BullMQ's failedReason `CODE: message` (the media-worker's convention), or a plain message. */
function errorOf(reason: string): { code: string; message: string } {
  const match = /^([A-Z][A-Z_]+): (.*)$/s.exec(reason);
  return match ? { code: match[1]!, message: match[2]! } : { code: 'LIVE_FAILED', message: reason };
}
