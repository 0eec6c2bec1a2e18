import { initialSnapshot, type RemotePeer, type RoomSnapshot, type Track } from './room-state.js';

/*
 * Snapshots for the pure functions' tests: peers with fake tracks (the
 * functions only pass tracks along, they never touch them).
 */

export const fakeTrack = (id: string): Track => ({ id }) as unknown as Track;

export function peer(id: string, role: RemotePeer['role'], change: Partial<RemotePeer> = {}): RemotePeer {
  return {
    id,
    role,
    ...(role === 'point' ? { pointId: `pt-${id}` } : {}),
    displayName: `Peer ${id}`,
    reconnecting: false,
    sources: {},
    media: {},
    micMutedByHost: false,
    cameraOffByHost: false,
    ...change,
  };
}

export function withCamera(p: RemotePeer, paused = false): RemotePeer {
  return {
    ...p,
    sources: { ...p.sources, camera: { paused } },
    media: { ...p.media, camera: { track: fakeTrack(`cam-${p.id}`), consumerId: `cc-${p.id}`, paused } },
  };
}

export function withScreen(p: RemotePeer): RemotePeer {
  return {
    ...p,
    sources: { ...p.sources, screen: { paused: false } },
    media: {
      ...p.media,
      screen: { track: fakeTrack(`scr-${p.id}`), consumerId: `sc-${p.id}`, paused: false },
    },
  };
}

export function snapshotWith(change: Partial<RoomSnapshot>): RoomSnapshot {
  return { ...initialSnapshot(), connection: 'joined', self: { peerId: 'me', role: 'point' }, ...change };
}
