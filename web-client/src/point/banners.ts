import type { Closed, RoomSnapshot } from '../room/room-state.js';

/** A state the hall must notice while in the room, most urgent first. */
export type PointBanner =
  | { kind: 'connecting' }
  | { kind: 'reconnecting'; attempts: number }
  /**
   * The host muted the hall's microphone. Points are not told the room's
   * settings, so whether it may unmute itself is known only once it tried:
   * `mayUnmute` is false after the server refused, else null (unknown).
   */
  | { kind: 'mutedByHost'; mayUnmute: false | null }
  | { kind: 'cameraOffByHost' }
  /** Every hall sees this one now. */
  | { kind: 'onProgramme'; reason: 'spotlight' | 'speaker' }
  | { kind: 'handRaised' };

export function pointBanners(snapshot: RoomSnapshot, unmuteRefused: boolean): PointBanner[] {
  const banners: PointBanner[] = [];
  if (snapshot.connection === 'connecting') banners.push({ kind: 'connecting' });
  if (snapshot.connection === 'reconnecting')
    banners.push({ kind: 'reconnecting', attempts: snapshot.attempts });
  if (snapshot.local.mic.heldByHost)
    banners.push({ kind: 'mutedByHost', mayUnmute: unmuteRefused ? false : null });
  if (snapshot.local.camera.heldByHost) banners.push({ kind: 'cameraOffByHost' });
  const { programme, self } = snapshot;
  if (self && programme.peerId === self.peerId && programme.reason !== 'none') {
    banners.push({ kind: 'onProgramme', reason: programme.reason });
  }
  if (snapshot.handRaised) banners.push({ kind: 'handRaised' });
  return banners;
}

/** Why the hall is out of the room, as its page explains it. */
export type ClosedScreen =
  | { kind: 'left' }
  | { kind: 'removed' }
  /** The same link was opened on another device, which took over. */
  | { kind: 'replaced' }
  /** Ended, or no longer live when the page tried to get back in. */
  | { kind: 'ended' }
  | { kind: 'linkInvalid' }
  /** Removed earlier, or no longer invited. */
  | { kind: 'notAllowed' }
  | { kind: 'locked' }
  | { kind: 'refused'; code: string };

export function closedScreenOf(closed: Closed): ClosedScreen {
  switch (closed.reason) {
    case 'left':
    case 'removed':
    case 'replaced':
    case 'ended':
      return { kind: closed.reason };
    case 'refused':
      switch (closed.code) {
        case 'NOT_FOUND':
          return { kind: 'linkInvalid' };
        case 'CONFLICT':
          return { kind: 'ended' };
        case 'FORBIDDEN':
          return { kind: 'notAllowed' };
        case 'ROOM_LOCKED':
          return { kind: 'locked' };
        default:
          return { kind: 'refused', code: closed.code ?? 'UNKNOWN' };
      }
  }
}
