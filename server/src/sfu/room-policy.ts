import type { MediaSource } from '@diemcau/protocol';
import { RoomError } from './room-error.js';

/** Who asks to enter a room. */
export interface Admission {
  role: 'host' | 'point';
  key: string;
  pointId?: string;
}

/**
 * What the host decided for a conference's room. It outlives one Room (a room
 * rebuilt after a worker died, or after being idle, keeps it) and is keyed by
 * peer key (`point:<id>`), so that a point that reconnects stays muted, removed
 * or admitted. It is dropped when the conference ends.
 */
export class RoomPolicy {
  locked = false;
  pointsMayUnmute = true;
  /** The spotlighted point's peer key. */
  spotlight: string | null = null;
  readonly #heldByHost: Record<'mic' | 'camera', Set<string>> = { mic: new Set(), camera: new Set() };
  /** Points the host removed: refused until readmitted. */
  readonly #removed = new Set<string>();
  /** Points that have been in the room: a lock keeps out only the others. */
  readonly #admitted = new Set<string>();

  /** Refuses a removed point (FORBIDDEN) and, while locked, a point new to the room (ROOM_LOCKED). */
  check(who: Admission): void {
    if (who.role !== 'point') return;
    if (who.pointId && this.#removed.has(who.pointId)) {
      throw new RoomError('FORBIDDEN', 'the host removed this point from the conference');
    }
    if (this.locked && !this.#admitted.has(who.key)) {
      throw new RoomError('ROOM_LOCKED', 'the host locked the room');
    }
  }

  admitted(who: Admission): void {
    if (who.role === 'point') this.#admitted.add(who.key);
  }

  remove(pointId: string): void {
    this.#removed.add(pointId);
  }

  /** Whether the point had been removed. */
  readmit(pointId: string): boolean {
    return this.#removed.delete(pointId);
  }

  isHeld(key: string, source: MediaSource): boolean {
    return source !== 'screen' && this.#heldByHost[source].has(key);
  }

  hold(key: string, source: 'mic' | 'camera', held: boolean): void {
    if (held) this.#heldByHost[source].add(key);
    else this.#heldByHost[source].delete(key);
  }
}
