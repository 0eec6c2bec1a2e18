import type { SignallingNotification } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import {
  applyNotification,
  initialSnapshot,
  withSender,
  withoutConsumer,
  withoutSilentSenders,
  type RoomSnapshot,
  type Track,
} from './room-state.js';

const point = (id: string) => ({
  id,
  role: 'point' as const,
  pointId: `pt-${id}`,
  displayName: `Hall ${id}`,
  producers: [{ id: `cam-${id}`, kind: 'video' as const, source: 'camera' as const, paused: false }],
});

function apply(snapshot: RoomSnapshot, ...events: SignallingNotification[]): RoomSnapshot {
  return events.reduce((s, notification) => applyNotification(s, notification), snapshot);
}

describe('room snapshot', () => {
  it('follows peers joining, reconnecting and leaving, and forgets what the one who left said', () => {
    const s = apply(
      initialSnapshot(),
      { method: 'peerJoined', data: point('a') },
      { method: 'peerJoined', data: point('b') },
      { method: 'peerReconnecting', data: { peerId: 'a' } },
      { method: 'audioLevels', data: { levels: [{ peerId: 'b', volume: -20 }] } },
      { method: 'activeSpeaker', data: { peerId: 'b' } },
    );
    expect(s.peers.map((p) => [p.id, p.reconnecting])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(s.peers[1]!.sources).toEqual({ camera: { paused: false } });
    const left = applyNotification(s, { method: 'peerLeft', data: { peerId: 'b' } });
    expect(left.peers.map((p) => p.id)).toEqual(['a']);
    expect(left.levels).toEqual({});
    expect(left.activeSpeaker).toBeNull();
  });

  it('holds and releases the local microphone as the host decides', () => {
    const muted = apply(initialSnapshot(), { method: 'mutedByHost', data: { source: 'mic' } });
    expect(muted.local.mic).toMatchObject({ heldByHost: true, paused: false });
    const unmuted = apply(
      { ...muted, local: { ...muted.local, mic: { ...muted.local.mic, paused: true } } },
      { method: 'unmutedByHost', data: { source: 'mic' } },
    );
    expect(unmuted.local.mic).toMatchObject({ heldByHost: false, paused: false });
  });

  it('marks received media paused and drops it when its consumer closes', () => {
    const track = { id: 't' } as unknown as Track;
    let s = apply(initialSnapshot(), { method: 'peerJoined', data: point('a') });
    s = { ...s, peers: [{ ...s.peers[0]!, media: { camera: { track, consumerId: 'c1', paused: false } } }] };
    s = applyNotification(s, { method: 'consumerPaused', data: { consumerId: 'c1' } });
    expect(s.peers[0]!.media.camera?.paused).toBe(true);
    expect(withoutConsumer(s, 'c1').peers[0]!.media).toEqual({});
  });

  it('keeps the latest broadcast status, replacing the previous one whole', () => {
    const recording = {
      id: 'r1',
      status: 'recording' as const,
      startedAt: '2030-01-01T02:00:00.000Z',
      seconds: 12,
      outputs: 3,
      bytes: 4_000_000,
      error: null,
    };
    const live = {
      conferenceId: 'c1',
      state: 'live' as const,
      startedAt: '2030-01-01T02:00:05.000Z',
      seconds: 7,
      hlsUrl: '/hls/final-2030/index.m3u8',
      slate: false,
      destinations: [{ id: 'd1', name: 'YouTube', state: 'retrying' as const, attempts: 2, retryInMs: 4000 }],
      error: null,
    };
    expect(initialSnapshot().broadcast).toBeNull();
    const both = apply(initialSnapshot(), { method: 'broadcastStatus', data: { recording, live } });
    expect(both.broadcast).toEqual({ recording, live });
    const finalising = apply(
      both,
      { method: 'peerJoined', data: point('a') },
      { method: 'broadcastStatus', data: { recording: { ...recording, status: 'finalising' }, live: null } },
    );
    expect(finalising.broadcast).toEqual({ recording: { ...recording, status: 'finalising' }, live: null });
    expect(finalising.peers.map((p) => p.id)).toEqual(['a']);
  });

  it('keeps the snapshot for a notification it does not know', () => {
    const s = initialSnapshot();
    // What a newer server might send: outside the protocol this client was built with.
    const unknown = { method: 'somethingNew', data: {} } as unknown as SignallingNotification;
    expect(applyNotification(s, unknown)).toBe(s);
  });
});

describe('senders a point is not told of', () => {
  it('adds the programme hall when its media arrives, names it, and drops it when its media goes', () => {
    const track = { id: 't' } as unknown as Track;
    let s = applyNotification(initialSnapshot(), {
      method: 'programmeChanged',
      data: { peerId: 'p9', reason: 'spotlight', displayName: 'Xã Lộc Hưng' },
    });
    s = withSender(s, 'p9');
    expect(s.peers).toMatchObject([
      { id: 'p9', role: 'point', displayName: 'Xã Lộc Hưng', senderOnly: true },
    ]);
    expect(withSender(s, 'p9')).toBe(s);
    s = { ...s, peers: [{ ...s.peers[0]!, media: { camera: { track, consumerId: 'c9', paused: false } } }] };
    expect(withoutSilentSenders(s)).toBe(s);
    expect(withoutSilentSenders(withoutConsumer(s, 'c9')).peers).toEqual([]);
  });
});
