import type { EgressStream, RecordingLayout } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { Peer, ProducerData } from '../sfu/peer.js';
import type { Room } from '../sfu/room.js';
import { EgressPort } from './egress-port.js';
import {
  assignSlots,
  chooseFeed,
  chooseGrid,
  type FeedPeer,
  type FeedSource,
  gridOrder,
} from './programme-feed.js';

/** Microphones mixed at once: the hosts, the programme hall and a few more. */
export const AUDIO_SLOTS = 4;
/**
 * Cameras in the grid layout: 2x2 cells of 640x360 (16:9, like the cameras)
 * in the 1280x720 frame, big enough to tell a hall and its people by. Nine
 * (3x3) would make 426x240 cells, and every cell is one more VP8 decoder and
 * scaler beside the encoder (docs/recordings.md has the cost).
 */
export const GRID_CELLS = 4;
const VIDEO_MIME = 'video/VP8';
const AUDIO_MIME = 'audio/opus';
/** ffmpeg drops the first packet after a source switch: a second request covers a key frame lost so. */
const KEY_FRAME_REPEAT_MS = 300;

/** Which slots carry media now, as the `programme` control message says it. */
export interface ProgrammeInputs {
  video: boolean;
  audio: string[];
  /** Grid layout: the video slots with a camera, in the order shown, with the hall's name. */
  grid?: { slot: string; name: string }[];
}

/**
 * The programme as egress inputs, following the room: video slots (the
 * speaker layout's one, `video`, the programme's camera; the grid layout's
 * `video-0..`, one camera each), each swapped on the same port as the choice
 * changes, and a few audio slots (live microphones). Shared by the livestream
 * (speaker) and the programme recording; `onInputs` hears every change once
 * connected.
 */
export class ProgrammeEgress {
  readonly #room: Room;
  readonly #log: FastifyBaseLogger;
  readonly #layout: RecordingLayout;
  readonly #video: EgressPort[];
  readonly #audio: EgressPort[];
  /** The producer feeding each audio slot. */
  #slots: (string | null)[];
  /** The name of the peer shown in each video slot (grid captions). */
  readonly #names = new Map<string, string>();
  #connected = false;
  #closed = false;
  #applying: Promise<void> = Promise.resolve();
  #again = false;
  readonly #observed = new WeakSet<types.Producer>();
  readonly #detach: () => void;
  readonly #tick: NodeJS.Timeout;
  onInputs: (inputs: ProgrammeInputs) => void = () => undefined;

  private constructor(
    room: Room,
    log: FastifyBaseLogger,
    layout: RecordingLayout,
    video: EgressPort[],
    audio: EgressPort[],
  ) {
    this.#room = room;
    this.#log = log;
    this.#layout = layout;
    this.#video = video;
    this.#audio = audio;
    this.#slots = audio.map(() => null);
    const follow = () => this.follow();
    room.on('producerAdded', follow);
    room.on('peerLeft', follow);
    room.on('programmeChanged', follow);
    this.#detach = () => {
      room.off('producerAdded', follow);
      room.off('peerLeft', follow);
      room.off('programmeChanged', follow);
    };
    // Pause, resume and score are seen on each producer; this catches anything else within a second.
    this.#tick = setInterval(follow, 1_000);
  }

  static async create(
    room: Room,
    listenIp: string,
    log: FastifyBaseLogger,
    layout: RecordingLayout = 'speaker',
  ): Promise<ProgrammeEgress> {
    const router = room.routers[0]!.router;
    const port = (id: string, mime: string) => EgressPort.create(router, { id, listenIp, mimeTypes: [mime] });
    const video = await Promise.all(
      layout === 'speaker'
        ? [port('video', VIDEO_MIME)]
        : Array.from({ length: GRID_CELLS }, (_, i) => port(`video-${i}`, VIDEO_MIME)),
    );
    const audio = await Promise.all(
      Array.from({ length: AUDIO_SLOTS }, (_, i) => port(`audio-${i}`, AUDIO_MIME)),
    );
    const egress = new ProgrammeEgress(room, log, layout, video, audio);
    egress.follow();
    return egress;
  }

  /**
   * The speaker layout's slots as a live job describes them: the router's
   * payload types, no SSRC (their sources change).
   */
  streams(): { video: EgressStream; audio: EgressStream[] } {
    return {
      video: this.#slotStream(this.#video[0]!),
      audio: this.#audio.map((p) => this.#slotStream(p)),
    };
  }

  /** Every slot as a record job's streams: the video slots, then the audio slots. */
  allStreams(): EgressStream[] {
    return [...this.#video, ...this.#audio].map((p) => this.#slotStream(p));
  }

  /** Connects every slot to a (new) listener's ports. */
  async connect(host: string, ports: Record<string, number>): Promise<void> {
    for (const port of [...this.#video, ...this.#audio]) {
      const rtpPort = ports[port.id];
      if (rtpPort !== undefined) await port.connect({ host, port: rtpPort });
    }
    this.#connected = true;
  }

  inputs(): ProgrammeInputs {
    const audio = this.#audio.filter((p) => p.producerId !== undefined).map((p) => p.id);
    if (this.#layout === 'speaker') return { video: this.#video[0]!.producerId !== undefined, audio };
    const hosts = new Set(
      this.#room.peers.filter((p) => p.role === 'host').flatMap((p) => [...p.producers.keys()]),
    );
    const grid = gridOrder(
      this.#video.map((p) => p.producerId ?? null),
      hosts,
    ).map((i) => {
      const slot = this.#video[i]!;
      return { slot: slot.id, name: this.#names.get(slot.id) ?? '' };
    });
    return { video: grid.length > 0, audio, grid };
  }

  /** The encoder waits for a key frame from each video slot's source. */
  requestKeyFrame(): void {
    for (const port of this.#video) this.#requestKeyFrame(port);
  }

  /** ffmpeg drops the first packet after a source switch: a second request covers a key frame lost so. */
  #requestKeyFrame(port: EgressPort): void {
    void port.requestKeyFrame();
    setTimeout(() => void port.requestKeyFrame(), KEY_FRAME_REPEAT_MS).unref();
  }

  /** Re-judges the feed; changes run one at a time, the last request winning. */
  follow(): void {
    if (this.#closed) return;
    this.#again = true;
    this.#applying = this.#applying.then(async () => {
      if (!this.#again || this.#closed) return;
      this.#again = false;
      await this.#apply().catch((error: unknown) =>
        this.#log.warn({ err: error, conferenceId: this.#room.conferenceId }, 'programme egress not updated'),
      );
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#detach();
    clearInterval(this.#tick);
    for (const port of [...this.#video, ...this.#audio]) port.close();
  }

  async #apply(): Promise<void> {
    const room = this.#room;
    const peers = room.peers.filter((p) => !p.closed);
    for (const peer of peers) for (const producer of peer.producers.values()) this.#observe(producer);
    const feedPeers = peers.map((p) => this.#feedPeer(p));
    const feed = chooseFeed(feedPeers, room.programme.peerId, AUDIO_SLOTS);
    const video =
      this.#layout === 'speaker'
        ? [feed.video]
        : assignSlots(
            this.#video.map((p) => p.producerId ?? null),
            chooseGrid(feedPeers, room.programme.peerId, GRID_CELLS),
          );
    let changed = false;
    for (const [i, producerId] of video.entries()) {
      const port = this.#video[i]!;
      if (producerId === (port.producerId ?? null)) continue;
      changed = true;
      const peer = await this.#feed(port, peers, producerId);
      if (peer) this.#names.set(port.id, peer.identity.displayName);
      else this.#names.delete(port.id);
      // The encoder cannot see the source change, and ffmpeg drops the new source's first packet.
      if (port.producerId !== undefined && this.#connected) this.#requestKeyFrame(port);
    }
    const slots = assignSlots(this.#slots, feed.audio);
    for (const [i, producerId] of slots.entries()) {
      if (producerId === this.#slots[i]) continue;
      changed = true;
      await this.#feed(this.#audio[i]!, peers, producerId);
    }
    this.#slots = this.#audio.map((p) => p.producerId ?? null);
    if (changed && this.#connected && !this.#closed) this.onInputs(this.inputs());
  }

  /** Feeds `port` from the producer (or nothing); returns the producer's peer once attached. */
  async #feed(
    port: EgressPort,
    peers: readonly Peer[],
    producerId: string | null,
  ): Promise<Peer | undefined> {
    const found = producerId === null ? undefined : findProducer(peers, producerId);
    if (found && (await this.#room.egressRouter(found.peer, found.producer))) {
      await port.attach(found.producer);
      return found.peer;
    }
    port.detach();
    return undefined;
  }

  #slotStream(port: EgressPort): EgressStream {
    const mime = this.#audio.includes(port) ? AUDIO_MIME : VIDEO_MIME;
    return slotStream(port.id, this.#room.routers[0]!.router, mime);
  }

  #feedPeer(peer: Peer): FeedPeer {
    const source = (name: 'camera' | 'screen' | 'mic'): FeedSource | undefined => {
      const producer = peer.producerOf(name);
      if (!producer || producer.closed) return undefined;
      const port = name === 'mic' ? this.#audio[0]! : this.#video[0]!;
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
    const follow = () => this.follow();
    producer.observer.on('pause', follow);
    producer.observer.on('resume', follow);
    producer.observer.on('close', follow);
    // A stream without packets for ~1.5 s scores 0 (mediasoup's inactivity check), and back above when they return.
    producer.observer.on('score', follow);
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
