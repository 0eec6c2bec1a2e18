// Who speaks in a room: mediasoup's active speaker and audio level observers on its first
// router, judged against mutes and silence, told as typed events (levels, speaker, held speaker).
import { EventEmitter } from 'node:events';
import type { NotificationData } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { Peer, ProducerData } from './peer.js';
import { SpeakerHold, SPEAKER_HOLD_MS } from './programme.js';

export interface SpeakerEvents {
  /** The peer really speaking changed (the hosts' view). */
  activeSpeaker: [data: NotificationData<'activeSpeaker'>];
  /** The loudest points' microphones, each level interval; empty on silence. */
  audioLevels: [data: NotificationData<'audioLevels'>];
  /** The point that has spoken long enough to be the programme changed (null: none). */
  heldSpeaker: [peerId: string | null];
}

/** What the host's level meters get: the ten loudest points above -70 dBov, every 400 ms. */
const AUDIO_LEVELS: types.AudioLevelObserverOptions = { maxEntries: 10, threshold: -70, interval: 400 };
/** How long after its last level report a microphone still counts as speaking (a few level intervals). */
const RECENTLY_AUDIBLE_MS = 1_500;

export class RoomSpeaker extends EventEmitter<SpeakerEvents> {
  readonly #observer: types.ActiveSpeakerObserver;
  readonly #levels: types.AudioLevelObserver;
  readonly #peers: ReadonlyMap<string, Peer>;
  readonly #hold: SpeakerHold;
  readonly #log: FastifyBaseLogger;
  /** The observer's latest dominant speaker (a peer id). */
  #dominant: string | null = null;
  /** The active speaker the hosts were last told of. */
  #announced: string | null = null;
  /** When each peer's microphone was last above the level threshold (performance.now()). */
  readonly #lastAudible = new Map<string, number>();

  private constructor(
    observer: types.ActiveSpeakerObserver,
    levels: types.AudioLevelObserver,
    peers: ReadonlyMap<string, Peer>,
    holdMs: number,
    log: FastifyBaseLogger,
  ) {
    super();
    this.#observer = observer;
    this.#levels = levels;
    this.#peers = peers;
    this.#log = log;
    this.#hold = new SpeakerHold(holdMs, (peerId) => this.emit('heldSpeaker', peerId));
    observer.on('dominantspeaker', ({ producer }) => {
      this.#dominant = this.#ownerOf(producer)?.id ?? null;
      this.#judge();
    });
    levels.on('volumes', (volumes) => this.#heard(volumes));
    levels.on('silence', () => {
      this.#lastAudible.clear();
      this.emit('audioLevels', { levels: [] });
      this.#judge();
    });
  }

  /** The observers, on the router every microphone is piped to; they close with it. */
  static async create(
    router: types.Router,
    peers: ReadonlyMap<string, Peer>,
    log: FastifyBaseLogger,
    holdMs = SPEAKER_HOLD_MS,
  ): Promise<RoomSpeaker> {
    const observer = await router.createActiveSpeakerObserver({ interval: 300 });
    const levels = await router.createAudioLevelObserver(AUDIO_LEVELS);
    return new RoomSpeaker(observer, levels, peers, holdMs, log);
  }

  /** The active speaker the hosts were last told of. */
  get announced(): string | null {
    return this.#announced;
  }

  /** The point held as the speaker: the programme when nobody is spotlighted. */
  get held(): string | null {
    return this.#hold.current;
  }

  /**
   * Follows a peer's new microphone: judged at once when paused or resumed, and
   * observed once its copy exists on the observers' router (`piped`; undefined: it lives there).
   */
  follow(peer: Peer, producer: types.Producer<ProducerData>, piped: Promise<boolean> | undefined): void {
    // A muted microphone stops being the active speaker at once.
    producer.observer.on('pause', () => this.#judge());
    producer.observer.on('resume', () => this.#judge());
    if (!piped) this.#observe(peer, producer);
    else void piped.then((ok) => ok && this.#observe(peer, producer));
  }

  /** The peer left: it can be neither the speaker nor about to become it. */
  forget(peerId: string): void {
    this.#hold.forget(peerId);
    this.#lastAudible.delete(peerId);
    this.#judge();
  }

  close(): void {
    this.#hold.close();
  }

  #observe(peer: Peer, producer: types.Producer<ProducerData>): void {
    if (producer.closed) return;
    this.#observer.addProducer({ producerId: producer.id }).catch((error: unknown) => {
      this.#log.warn({ err: error, producerId: producer.id }, 'cannot observe audio producer for speaker');
    });
    if (producer.appData.source === 'mic' && peer.role === 'point') {
      this.#levels.addProducer({ producerId: producer.id }).catch((error: unknown) => {
        this.#log.warn({ err: error, producerId: producer.id }, 'cannot observe audio producer for levels');
      });
    }
  }

  #ownerOf(producer: types.Producer): Peer | undefined {
    for (const peer of this.#peers.values()) if (peer.producers.has(producer.id)) return peer;
    return undefined;
  }

  #heard(volumes: types.AudioLevelObserverVolume[]): void {
    const now = performance.now();
    const levels = volumes.flatMap(({ producer, volume }) => {
      const peer = this.#ownerOf(producer);
      if (peer) this.#lastAudible.set(peer.id, now);
      return peer ? [{ peerId: peer.id, volume }] : [];
    });
    this.emit('audioLevels', { levels });
    // The dominant point may have just become audible (a host unmuted it).
    this.#judge();
  }

  /**
   * Who is really speaking. mediasoup's observer names the only microphone (or
   * the first, when the dominant one closes) even when it is paused or silent,
   * and keeps naming a microphone the host muted until someone else speaks; its
   * choice counts only while that microphone is live and (for a point) was
   * recently above the level threshold. Hosts see the result; a point that speaks may become the
   * programme.
   */
  #judge(): void {
    const peer = this.#dominant ? this.#peers.get(this.#dominant) : undefined;
    const mic = peer?.producerOf('mic');
    const heardAt = peer ? this.#lastAudible.get(peer.id) : undefined;
    // Levels are measured for points only (the hosts' meters); a host's live microphone is taken at its word.
    const audible =
      peer?.role === 'host' || (heardAt !== undefined && performance.now() - heardAt < RECENTLY_AUDIBLE_MS);
    const speaking = peer !== undefined && mic !== undefined && !mic.paused && audible;
    const speaker = speaking ? peer.id : null;
    if (speaker !== this.#announced) {
      this.#announced = speaker;
      this.emit('activeSpeaker', { peerId: speaker });
    }
    this.#hold.heard(speaking && peer.role === 'point' ? peer.id : null);
  }
}
