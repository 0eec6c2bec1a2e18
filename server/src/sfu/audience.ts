import type { NotificationData, NotificationMethod, PeerRole } from '@diemcau/protocol';
import type { Peer } from './peer.js';

/**
 * Whom a peer knows of (peer list, `peerJoined`/`peerLeft`): the host knows
 * every participant; a bridge point knows the host.
 */
export function receives(receiver: PeerRole, sender: PeerRole): boolean {
  return receiver === 'host' || sender === 'host';
}

export interface AudienceMember {
  id: string;
  role: PeerRole;
}

/**
 * Whose media a peer consumes: the host everyone's; a bridge point the host's
 * and the programme's (the spotlighted point or the active speaker), never its
 * own nor any other hall's.
 */
export function consumes(
  receiver: AudienceMember,
  sender: AudienceMember,
  programme: string | null,
): boolean {
  if (receiver.id === sender.id) return false;
  return receiver.role === 'host' || sender.role === 'host' || sender.id === programme;
}

/** Simulcast layer for how a consumer is shown: the lowest for a thumbnail, the highest for a large tile. */
export function spatialLayerFor(view: 'thumbnail' | 'large', spatialLayers: number): number {
  return view === 'thumbnail' ? 0 : Math.max(0, spatialLayers - 1);
}

/** Tells the hosts among `peers` (their console's view of the room). */
export function notifyHosts<M extends NotificationMethod>(
  peers: Iterable<Pick<Peer, 'role' | 'notify'>>,
  method: M,
  data: NotificationData<M>,
): void {
  for (const peer of peers) if (peer.role === 'host') peer.notify(method, data);
}
