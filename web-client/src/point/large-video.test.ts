import { describe, expect, it } from 'vitest';
import { cameraViews, largeVideoOf } from './large-video.js';
import { fakeTrack, peer, snapshotWith, withCamera, withScreen } from '../room/snapshot-fixture.js';

const host = withCamera(peer('h', 'host', { displayName: 'Chủ trì tỉnh' }));
const lộcNinh = withCamera(peer('a', 'point', { displayName: 'Xã Lộc Ninh' }));

describe('largeVideoOf', () => {
  it('shows the host while there is no programme', () => {
    const large = largeVideoOf(snapshotWith({ peers: [lộcNinh, host] }));
    expect(large).toEqual({
      kind: 'host',
      peerId: 'h',
      name: 'Chủ trì tỉnh',
      track: fakeTrack('cam-h'),
      screen: false,
    });
  });

  it('shows the spotlighted point with its camera', () => {
    const large = largeVideoOf(
      snapshotWith({
        peers: [host, lộcNinh],
        programme: { peerId: 'a', reason: 'spotlight', displayName: 'Xã Lộc Ninh' },
      }),
    );
    expect(large).toEqual({
      kind: 'programme',
      peerId: 'a',
      name: 'Xã Lộc Ninh',
      reason: 'spotlight',
      track: fakeTrack('cam-a'),
    });
  });

  it('names the programme before its video arrives, without a picture', () => {
    const large = largeVideoOf(
      snapshotWith({
        peers: [host],
        programme: { peerId: 'b', reason: 'speaker', displayName: 'Xã Lộc An' },
      }),
    );
    expect(large).toEqual({
      kind: 'programme',
      peerId: 'b',
      name: 'Xã Lộc An',
      reason: 'speaker',
      track: null,
    });
  });

  it('shows no picture for a paused camera', () => {
    const paused = withCamera(peer('a', 'point'), true);
    const large = largeVideoOf(
      snapshotWith({ peers: [host, paused], programme: { peerId: 'a', reason: 'speaker' } }),
    );
    expect(large.kind === 'programme' && large.track).toBeNull();
  });

  it('shows the host to the hall that is itself the programme', () => {
    const large = largeVideoOf(
      snapshotWith({ peers: [host], programme: { peerId: 'me', reason: 'spotlight' } }),
    );
    expect(large).toMatchObject({ kind: 'host', peerId: 'h' });
  });

  it("prefers the host's shared screen to its camera", () => {
    const large = largeVideoOf(snapshotWith({ peers: [withScreen(host)] }));
    expect(large).toEqual({
      kind: 'host',
      peerId: 'h',
      name: 'Chủ trì tỉnh',
      track: fakeTrack('scr-h'),
      screen: true,
    });
  });

  it('is none before a host is in the room', () => {
    expect(largeVideoOf(snapshotWith({ peers: [lộcNinh] }))).toEqual({ kind: 'none' });
  });
});

describe('cameraViews', () => {
  it('asks the highest layer for the large video and the lowest for the rest', () => {
    const snapshot = snapshotWith({
      peers: [host, lộcNinh, peer('c', 'point')],
      programme: { peerId: 'a', reason: 'spotlight' },
    });
    expect(cameraViews(snapshot, largeVideoOf(snapshot))).toEqual({ a: 'large', h: 'thumbnail' });
  });
});
