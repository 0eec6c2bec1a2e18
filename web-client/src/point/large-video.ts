import type { View } from '../room/room-client.js';
import type { RemotePeer, RoomSnapshot, Track } from '../room/room-state.js';

/**
 * What a hall shows large — the only remote video it renders, so that a modest
 * laptop copes: the programme (the spotlighted or speaking point), else the host.
 * A hall that is itself the programme sees the host, as it cannot watch itself.
 */
export type LargeVideo =
  | {
      kind: 'programme';
      peerId: string;
      name: string;
      reason: 'spotlight' | 'speaker';
      /** Null while its video has not arrived or is paused. */
      track: Track | null;
    }
  | { kind: 'host'; peerId: string; name: string; track: Track | null; screen: boolean }
  /** No host in the room (yet). */
  | { kind: 'none' };

const shown = (peer: RemotePeer, source: 'camera' | 'screen'): Track | null => {
  const media = peer.media[source];
  return media && !media.paused ? media.track : null;
};

export function largeVideoOf(snapshot: RoomSnapshot): LargeVideo {
  const { programme, self, peers } = snapshot;
  if (programme.peerId !== null && programme.reason !== 'none' && programme.peerId !== self?.peerId) {
    const peer = peers.find((p) => p.id === programme.peerId);
    return {
      kind: 'programme',
      peerId: programme.peerId,
      name: peer?.displayName ?? programme.displayName ?? '',
      reason: programme.reason,
      track: peer ? shown(peer, 'camera') : null,
    };
  }
  const hosts = peers.filter((p) => p.role === 'host');
  // A host sharing a screen is showing what the hall needs to see; else a host with a picture.
  const host = hosts.find((p) => shown(p, 'screen')) ?? hosts.find((p) => shown(p, 'camera')) ?? hosts[0];
  if (!host) return { kind: 'none' };
  const screen = shown(host, 'screen');
  return {
    kind: 'host',
    peerId: host.id,
    name: host.displayName,
    track: screen ?? shown(host, 'camera'),
    screen: screen !== null,
  };
}

/**
 * The simulcast layer each received camera should take: the large one the
 * highest, every other (received but not shown) the lowest, to spare the link.
 */
export function cameraViews(snapshot: RoomSnapshot, large: LargeVideo): Record<string, View> {
  const largeId = large.kind === 'none' ? null : large.peerId;
  const views: Record<string, View> = {};
  for (const peer of snapshot.peers) {
    if (peer.media.camera) views[peer.id] = peer.id === largeId ? 'large' : 'thumbnail';
  }
  return views;
}
