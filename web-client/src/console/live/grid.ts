import type { View } from '../../room/room-client.js';

/** Tiles per page: a 4×3 grid, all thumbnails a modest console computer decodes at once. */
const PAGE_SIZE = 12;

export interface GridPage<T> {
  items: T[];
  /** 0-based, clamped to the pages there are. */
  page: number;
  /** At least 1. */
  pages: number;
}

export function gridPage<T>(items: readonly T[], page: number, size: number = PAGE_SIZE): GridPage<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { items: items.slice(clamped * size, (clamped + 1) * size), page: clamped, pages };
}

/**
 * Whose video the console receives, and at which layer: the tiles on the
 * visible page as thumbnails, and the programme large — also when it is on
 * another page, so that the host always sees what every hall sees.
 */
export function gridSubscription(
  pagePeerIds: readonly string[],
  programmePeerId: string | null,
): { peerIds: string[]; views: Record<string, View> } {
  const views: Record<string, View> = {};
  for (const id of pagePeerIds) views[id] = 'thumbnail';
  if (programmePeerId !== null) views[programmePeerId] = 'large';
  return { peerIds: Object.keys(views), views };
}
