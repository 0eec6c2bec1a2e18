// Which simulcast view each remote camera is consumed at, as the pages ask it of the RoomClient.
import type { View } from './room-client.js';

/** The views that differ from those already applied. */
export function changedViews(applied: Record<string, View>, wanted: Record<string, View>): [string, View][] {
  return Object.entries(wanted).filter(([peerId, view]) => applied[peerId] !== view);
}
