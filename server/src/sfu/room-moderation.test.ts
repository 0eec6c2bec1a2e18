import type { NotificationMethod } from '@diemcau/protocol';
import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { Peer, type PeerIdentity } from './peer.js';
import { RoomModeration } from './room-moderation.js';
import { RoomPolicy } from './room-policy.js';

type Sent = { method: NotificationMethod; data: unknown }[];

function room() {
  const peers = new Map<string, Peer>();
  const sent = new Map<Peer, Sent>();
  const add = (identity: PeerIdentity): Peer => {
    const log: Sent = [];
    const peer = new Peer(identity, {} as types.RtpCapabilities, (method, data) =>
      log.push({ method, data }),
    );
    peers.set(peer.id, peer);
    sent.set(peer, log);
    return peer;
  };
  const host = add({ role: 'host', key: 'account:a1', displayName: 'Host' });
  const point = add({ role: 'point', key: 'point:p1', pointId: 'p1', displayName: 'Hall 1' });
  const moderation = new RoomModeration(new RoomPolicy(), peers);
  const methods = (peer: Peer) => sent.get(peer)!.map((s) => s.method);
  return { moderation, host, point, methods };
}

describe('RoomModeration', () => {
  it('holds a point’s microphone, and lets the point lift the hold only while points may unmute', async () => {
    const { moderation, host, point, methods } = room();
    await moderation.holdMedia(point, 'mic', true);
    expect(moderation.isHeld(point, 'mic')).toBe(true);
    expect(methods(point)).toEqual(['mutedByHost']);
    expect(methods(host)).toEqual(['pointState']);
    moderation.setSettings({ pointsMayUnmute: false });
    expect(moderation.releaseOwnHold(point, 'mic')).toBe(false);
    expect(moderation.isHeld(point, 'mic')).toBe(true);
    moderation.setSettings({ pointsMayUnmute: true });
    expect(moderation.releaseOwnHold(point, 'mic')).toBe(true);
    expect(moderation.isHeld(point, 'mic')).toBe(false);
    expect(moderation.releaseOwnHold(point, 'camera')).toBe(true);
  });

  it('tells the hosts of the floor queue, and grants the floor with the spotlight', async () => {
    const { moderation, host, point, methods } = room();
    let spotlightChanges = 0;
    moderation.on('spotlightChanged', () => spotlightChanges++);
    moderation.raiseHand(point);
    moderation.raiseHand(point);
    expect(moderation.floorQueue().entries.map((e) => e.pointId)).toEqual(['p1']);
    expect(() => moderation.raiseHand(host)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await moderation.grantFloor(point);
    expect(moderation.floorQueue().entries).toEqual([]);
    expect(moderation.policy.spotlight).toBe('point:p1');
    expect(spotlightChanges).toBe(1);
    expect(methods(host)).toEqual(['floorQueue', 'floorQueue']);
    expect(methods(point)).toEqual(['floorGranted']);
    expect(() => moderation.dismissHand(point)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('removes a point: told why, off the spotlight, refused until readmitted', () => {
    const { moderation, point, methods } = room();
    const removed: Peer[] = [];
    moderation.on('removed', (p) => removed.push(p));
    moderation.spotlight(point);
    moderation.remove(point, 'off topic');
    expect(methods(point)).toEqual(['removed']);
    expect(removed).toEqual([point]);
    expect(moderation.policy.spotlight).toBeNull();
    expect(() => moderation.checkAdmission(point.identity)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(moderation.readmit('p1')).toBe(true);
    expect(() => moderation.checkAdmission(point.identity)).not.toThrow();
  });
});
