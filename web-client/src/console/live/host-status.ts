import type { Closed, RoomSnapshot } from '../../room/room-state.js';

/** The console's own connection, when it needs saying. */
export type ConnectionNotice = { kind: 'connecting' } | { kind: 'reconnecting'; attempts: number } | null;

export function connectionNotice(snapshot: RoomSnapshot): ConnectionNotice {
  if (snapshot.connection === 'connecting') return { kind: 'connecting' };
  if (snapshot.connection === 'reconnecting') return { kind: 'reconnecting', attempts: snapshot.attempts };
  return null;
}

/** Why the console is out of the room, and what the host can do about it. */
export type HostClosed =
  | { kind: 'ended' }
  | { kind: 'left' }
  /** The same account opened this console elsewhere: it may take it back. */
  | { kind: 'replaced' }
  /** Not live (not started, or ended while the console was away). */
  | { kind: 'notLive' }
  | { kind: 'session' }
  | { kind: 'forbidden' }
  | { kind: 'refused'; code: string };

export function hostClosedOf(closed: Closed): HostClosed {
  switch (closed.reason) {
    case 'ended':
    case 'left':
    case 'replaced':
      return { kind: closed.reason };
    case 'removed':
      // Hosts are never removed; should a server do it, it reads as a refusal.
      return { kind: 'forbidden' };
    case 'refused':
      switch (closed.code) {
        case 'CONFLICT':
          return { kind: 'notLive' };
        case 'UNAUTHENTICATED':
          return { kind: 'session' };
        case 'FORBIDDEN':
          return { kind: 'forbidden' };
        default:
          return { kind: 'refused', code: closed.code ?? 'UNKNOWN' };
      }
  }
}
