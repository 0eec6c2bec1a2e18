import type { PeerRole } from '@diemcau/protocol';

/**
 * Who receives whose media: the host sees and hears every participant; a
 * bridge point receives the host only (the spotlight rule comes with host controls).
 */
export function receives(receiver: PeerRole, sender: PeerRole): boolean {
  return receiver === 'host' || sender === 'host';
}

/** Simulcast layer for how a consumer is shown: the lowest for a thumbnail, the highest for a large tile. */
export function spatialLayerFor(view: 'thumbnail' | 'large', spatialLayers: number): number {
  return view === 'thumbnail' ? 0 : Math.max(0, spatialLayers - 1);
}
