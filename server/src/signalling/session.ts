import type { NotificationData, NotificationMethod } from '@diemcau/protocol';
import type { Socket } from 'socket.io';
import type { Peer, PeerCloseReason } from '../sfu/peer.js';
import type { Room } from '../sfu/room.js';
import { RoomError } from '../sfu/room-error.js';
import type { SignallingIdentity } from './handshake.js';

/** Told when a point's session enters and leaves its room: presence and the attendance timeline. */
export interface PointTracking {
  connected(conferenceId: string, pointId: string, sessionId: string): void;
  disconnected(conferenceId: string, pointId: string, sessionId: string): void;
}

/**
 * One admitted socket: who it is and, once joined, its room and peer. It tells
 * its client why its peer went away and keeps the point's tracking current.
 */
export class Session {
  #room: Room | undefined;
  #peer: Peer | undefined;
  /** Set while a join is in flight, so that two joins cannot race. */
  joining = false;

  constructor(
    readonly socket: Socket,
    readonly identity: SignallingIdentity,
    readonly tracking: PointTracking,
  ) {}

  get id(): string {
    return this.socket.id;
  }

  readonly notify = <M extends NotificationMethod>(method: M, data: NotificationData<M>): void => {
    this.socket.emit('notification', { method, data });
  };

  get inRoom(): boolean {
    return this.#peer !== undefined;
  }

  /** The room and peer of a joined session; NOT_IN_ROOM before `join` or after `leave`. */
  joined(): { room: Room; peer: Peer } {
    if (!this.#room || !this.#peer) throw new RoomError('NOT_IN_ROOM', 'join the room first');
    return { room: this.#room, peer: this.#peer };
  }

  attach(room: Room, peer: Peer): void {
    this.#room = room;
    this.#peer = peer;
    const { conferenceId, pointId } = this.identity;
    if (pointId) this.tracking.connected(conferenceId, pointId, this.id);
    peer.once('closed', (reason) => this.#detach(peer, reason));
  }

  /** The socket dropped without leaving: the peer waits for its client within the grace period. */
  drop(): void {
    if (this.#room && this.#peer) this.#room.suspend(this.#peer);
  }

  /** Leaves the room, if in one. */
  leave(reason: Extract<PeerCloseReason, 'left' | 'disconnected'>): void {
    if (this.#room && this.#peer) this.#room.leave(this.#peer, reason);
  }

  #detach(peer: Peer, reason: PeerCloseReason): void {
    if (this.#peer !== peer) return;
    this.#room = undefined;
    this.#peer = undefined;
    const { conferenceId, pointId } = this.identity;
    if (pointId) this.tracking.disconnected(conferenceId, pointId, this.id);
    switch (reason) {
      case 'replaced':
        this.notify('replaced', { reason: 'a newer session of the same participant joined' });
        this.socket.disconnect(true);
        break;
      case 'removed':
        // The room told the point why (`removed`) before it closed the peer.
        this.socket.disconnect(true);
        break;
      case 'conferenceEnded':
        this.notify('conferenceEnded', { conferenceId });
        this.socket.disconnect(true);
        break;
      case 'workerDied':
        this.notify('reconnect', { reason: 'the media server restarted: join again' });
        break;
      case 'left':
      case 'disconnected':
      case 'shutdown':
        break;
    }
  }
}
