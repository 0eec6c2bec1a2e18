import type { InvitedPoint } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { fakeTrack, peer, snapshotWith, withCamera } from '../../room/snapshot-fixture.js';
import type { RemotePeer } from '../../room/room-state.js';
import { pointDirectory, pointTiles, tileBadges, type TileModel } from './tiles.js';

const invited = (id: string, code: string, unit: string): InvitedPoint => ({
  id,
  name: `Hội trường ${unit}`,
  unit: { id: `u-${code}`, code, name: unit, level: 'commune' },
  live: { state: 'online' },
});
const directory = pointDirectory([
  invited('pt-b', 'BP-01', 'Xã Lộc Ninh'),
  invited('pt-a', 'BP-02', 'Xã Lộc An'),
]);
const point = (id: string, name: string, change: Partial<RemotePeer> = {}) =>
  peer(id, 'point', { displayName: name, ...change });
const host = snapshotWith({ self: { peerId: 'me', role: 'host' } });

describe('pointTiles', () => {
  it('orders points by unit code, unknown points last by name, and leaves hosts out', () => {
    const snapshot = {
      ...host,
      peers: [
        point('x', 'Điểm Zeta', { pointId: 'pt-x' }),
        point('a', 'Hội trường Lộc An'),
        peer('h2', 'host'),
        point('y', 'Điểm Anpha', { pointId: 'pt-y' }),
        point('b', 'Hội trường Lộc Ninh'),
      ],
    };
    expect(pointTiles(snapshot, directory, new Map()).map((t) => t.pointId)).toEqual([
      'pt-b',
      'pt-a',
      'pt-y',
      'pt-x',
    ]);
  });

  it('gives each tile its unit, picture, level, headcount and states', () => {
    const snapshot = {
      ...host,
      peers: [withCamera(point('a', 'Hội trường Lộc An', { micMutedByHost: true }))],
      activeSpeaker: 'a',
      levels: { a: -45 },
      programme: { peerId: 'a', reason: 'spotlight' as const },
      floorQueue: [
        { peerId: 'a', pointId: 'pt-a', name: 'Hội trường Lộc An', since: '2030-01-01T00:00:00.000Z' },
      ],
    };
    const [tile] = pointTiles(snapshot, directory, new Map([['pt-a', 85]]));
    expect(tile).toEqual<TileModel>({
      peerId: 'a',
      pointId: 'pt-a',
      name: 'Hội trường Lộc An',
      unitName: 'Xã Lộc An',
      video: fakeTrack('cam-a'),
      cameraOff: false,
      cameraOffByHost: false,
      micOff: true,
      micMutedByHost: true,
      reconnecting: false,
      speaking: true,
      level: 0.5,
      headcount: 85,
      spotlight: true,
      handRaised: true,
    });
  });

  it('shows no picture for a camera that is paused, held by the host or absent', () => {
    const snapshot = {
      ...host,
      peers: [
        withCamera(point('a', 'A'), true),
        withCamera(point('b', 'B', { cameraOffByHost: true })),
        point('c', 'C'),
      ],
    };
    for (const tile of pointTiles(snapshot, directory, new Map())) {
      expect(tile.video).toBeNull();
      expect(tile.cameraOff).toBe(true);
    }
  });

  it('reads a camera announced but not yet received as on, without a picture', () => {
    const snapshot = { ...host, peers: [point('c', 'C', { sources: { camera: { paused: false } } })] };
    const [tile] = pointTiles(snapshot, directory, new Map());
    expect(tile).toMatchObject({ cameraOff: false, video: null, headcount: null, level: 0 });
  });
});

describe('tileBadges', () => {
  const base = pointTiles({ ...host, peers: [withCamera(point('a', 'A'))] }, directory, new Map())[0]!;

  it('says nothing of a point that simply takes part', () => {
    expect(tileBadges({ ...base, micOff: false })).toEqual([]);
  });

  it('spells out every state, the host holds instead of the point’s own', () => {
    const busy: TileModel = {
      ...base,
      reconnecting: true,
      speaking: true,
      handRaised: true,
      spotlight: true,
      micOff: true,
      micMutedByHost: true,
      cameraOff: true,
      cameraOffByHost: true,
    };
    expect(tileBadges(busy)).toEqual([
      'reconnecting',
      'speaking',
      'handRaised',
      'spotlight',
      'mutedByHost',
      'cameraOffByHost',
    ]);
    expect(tileBadges({ ...base, micOff: true, cameraOff: true })).toEqual(['micOff', 'cameraOff']);
  });
});
