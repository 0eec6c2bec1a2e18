// The host's hand on a room: admission, holds on points' media, spotlight, removal, settings
// and the floor queue, kept in the conference's RoomPolicy, and what hosts and points are told.
import { EventEmitter } from 'node:events';
import type { MediaSource, NotificationData } from '@diemcau/protocol';
import { notifyHosts } from './audience.js';
import { FloorQueue } from './floor-queue.js';
import type { Peer, PeerIdentity } from './peer.js';
import { RoomError } from './room-error.js';
import type { RoomPolicy } from './room-policy.js';

export interface ModerationEvents {
  /** The spotlighted point changed: the programme follows. */
  spotlightChanged: [];
  /** The host removed this point, which has been told why: it leaves the room. */
  removed: [point: Peer];
}

/** What the rest of the server may read of the host's decisions. */
export type PolicyView = Pick<Readonly<RoomPolicy>, 'locked' | 'pointsMayUnmute' | 'spotlight'>;

type RoomSettingsChange = Partial<NotificationData<'roomSettings'>>;

export class RoomModeration extends EventEmitter<ModerationEvents> {
  readonly #policy: RoomPolicy;
  readonly #peers: ReadonlyMap<string, Peer>;
  readonly #floor = new FloorQueue();

  /** `policy` is kept by the caller across rebuilt rooms; `peers` is the room's. */
  constructor(policy: RoomPolicy, peers: ReadonlyMap<string, Peer>) {
    super();
    this.#policy = policy;
    this.#peers = peers;
  }

  get policy(): PolicyView {
    return this.#policy;
  }

  /** Refuses a point the host removed (FORBIDDEN) or, while locked, one new to the room (ROOM_LOCKED). */
  checkAdmission(identity: PeerIdentity): void {
    this.#policy.check(identity);
  }

  /** The peer is in: a later lock does not keep it out. */
  admitted(identity: PeerIdentity): void {
    this.#policy.admitted(identity);
  }

  /** Whether the host holds this peer's source paused. */
  isHeld(peer: Peer, source: MediaSource): boolean {
    return peer.role === 'point' && this.#policy.isHeld(peer.identity.key, source);
  }

  /**
   * Pauses (or resumes) a point's microphone or camera on the server, and keeps
   * it so for a producer it makes later. The point and the hosts are told.
   */
  async holdMedia(point: Peer, source: 'mic' | 'camera', held: boolean): Promise<void> {
    this.#policy.hold(point.identity.key, source, held);
    const producer = point.producerOf(source);
    if (producer && !producer.closed) await (held ? producer.pause() : producer.resume());
    point.notify(held ? 'mutedByHost' : 'unmutedByHost', { source });
    notifyHosts(this.#peers.values(), 'pointState', this.pointState(point));
  }

  /**
   * The point resumes its own source. A hold of the host's is lifted when the
   * room lets points unmute themselves; false when the hold stands.
   */
  releaseOwnHold(point: Peer, source: MediaSource): boolean {
    if (source === 'screen' || !this.isHeld(point, source)) return true;
    if (!this.#policy.pointsMayUnmute) return false;
    this.#policy.hold(point.identity.key, source, false);
    notifyHosts(this.#peers.values(), 'pointState', this.pointState(point));
    return true;
  }

  spotlight(point: Peer | null): void {
    this.#policy.spotlight = point?.identity.key ?? null;
    this.emit('spotlightChanged');
  }

  /** Tells the point why, disconnects it and keeps it out of this conference until readmitted. */
  remove(point: Peer, reason: string): void {
    if (point.identity.pointId) this.#policy.remove(point.identity.pointId);
    if (this.#policy.spotlight === point.identity.key) this.#policy.spotlight = null;
    point.notify('removed', { reason });
    this.emit('removed', point);
  }

  /** Lets a removed point join again; whether it had been removed. */
  readmit(pointId: string): boolean {
    return this.#policy.readmit(pointId);
  }

  setSettings(change: RoomSettingsChange): void {
    if (change.locked !== undefined) this.#policy.locked = change.locked;
    if (change.pointsMayUnmute !== undefined) this.#policy.pointsMayUnmute = change.pointsMayUnmute;
    const settings = this.settings();
    for (const peer of this.#peers.values()) peer.notify('roomSettings', settings);
  }

  settings(): NotificationData<'roomSettings'> {
    return { locked: this.#policy.locked, pointsMayUnmute: this.#policy.pointsMayUnmute };
  }

  raiseHand(point: Peer): void {
    const { pointId, displayName } = point.identity;
    if (!pointId) throw new RoomError('FORBIDDEN', 'only a bridge point raises its hand');
    const raised = this.#floor.raise({
      peerId: point.id,
      pointId,
      name: displayName,
      since: new Date().toISOString(),
    });
    if (raised) this.#notifyFloor();
  }

  /** The point lowers its hand, or left the room. */
  lowerHand(point: Peer): void {
    if (this.#floor.remove(point.id)) this.#notifyFloor();
  }

  /** Gives a point the floor: unmuted if the host had muted it, spotlighted, off the queue. */
  async grantFloor(point: Peer): Promise<void> {
    if (this.isHeld(point, 'mic')) await this.holdMedia(point, 'mic', false);
    if (this.#floor.remove(point.id)) this.#notifyFloor();
    this.spotlight(point);
    point.notify('floorGranted', {});
  }

  dismissHand(point: Peer): void {
    if (!this.#floor.remove(point.id)) throw new RoomError('NOT_FOUND', 'that point has not raised its hand');
    this.#notifyFloor();
    point.notify('handDismissed', {});
  }

  floorQueue(): NotificationData<'floorQueue'> {
    return { entries: this.#floor.entries() };
  }

  pointState(point: Peer): NotificationData<'pointState'> {
    return {
      peerId: point.id,
      micMutedByHost: this.isHeld(point, 'mic'),
      cameraOffByHost: this.isHeld(point, 'camera'),
    };
  }

  #notifyFloor(): void {
    notifyHosts(this.#peers.values(), 'floorQueue', this.floorQueue());
  }
}
