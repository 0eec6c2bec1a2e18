import { describe, expect, it } from 'vitest';
import { initialSnapshot } from '../room/room-state.js';
import { closedScreenOf, pointBanners } from './banners.js';
import { snapshotWith } from '../room/snapshot-fixture.js';

const held = { track: null, paused: false, heldByHost: true };
const free = { track: null, paused: false, heldByHost: false };

describe('pointBanners', () => {
  it('shows nothing for a hall simply in the room', () => {
    expect(pointBanners(snapshotWith({}), false)).toEqual([]);
  });

  it('says it is connecting, then reconnecting with the attempts so far', () => {
    expect(pointBanners(initialSnapshot(), false)).toEqual([{ kind: 'connecting' }]);
    expect(pointBanners(snapshotWith({ connection: 'reconnecting', attempts: 3 }), false)).toEqual([
      { kind: 'reconnecting', attempts: 3 },
    ]);
  });

  it('says the host muted the microphone, and that it stays muted once unmuting was refused', () => {
    const muted = snapshotWith({ local: { mic: held, camera: free, screen: free } });
    expect(pointBanners(muted, false)).toEqual([{ kind: 'mutedByHost', mayUnmute: null }]);
    expect(pointBanners(muted, true)).toEqual([{ kind: 'mutedByHost', mayUnmute: false }]);
  });

  it('lists every state at once, the connection first', () => {
    const snapshot = snapshotWith({
      connection: 'reconnecting',
      attempts: 1,
      local: { mic: held, camera: held, screen: free },
      programme: { peerId: 'me', reason: 'spotlight' },
      handRaised: true,
    });
    expect(pointBanners(snapshot, false).map((b) => b.kind)).toEqual([
      'reconnecting',
      'mutedByHost',
      'cameraOffByHost',
      'onProgramme',
      'handRaised',
    ]);
  });

  it('does not claim the programme for another hall', () => {
    expect(pointBanners(snapshotWith({ programme: { peerId: 'other', reason: 'speaker' } }), false)).toEqual(
      [],
    );
  });
});

describe('closedScreenOf', () => {
  it('explains the ends the room reports', () => {
    expect(closedScreenOf({ reason: 'removed', message: 'x' })).toEqual({ kind: 'removed' });
    expect(closedScreenOf({ reason: 'replaced' })).toEqual({ kind: 'replaced' });
    expect(closedScreenOf({ reason: 'ended' })).toEqual({ kind: 'ended' });
    expect(closedScreenOf({ reason: 'left' })).toEqual({ kind: 'left' });
  });

  it('explains refusals by their code', () => {
    expect(closedScreenOf({ reason: 'refused', code: 'NOT_FOUND' })).toEqual({ kind: 'linkInvalid' });
    expect(closedScreenOf({ reason: 'refused', code: 'CONFLICT' })).toEqual({ kind: 'ended' });
    expect(closedScreenOf({ reason: 'refused', code: 'FORBIDDEN' })).toEqual({ kind: 'notAllowed' });
    expect(closedScreenOf({ reason: 'refused', code: 'ROOM_LOCKED' })).toEqual({ kind: 'locked' });
    expect(closedScreenOf({ reason: 'refused', code: 'UNAUTHENTICATED' })).toEqual({
      kind: 'refused',
      code: 'UNAUTHENTICATED',
    });
  });
});
