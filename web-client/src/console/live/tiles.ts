import type { InvitedPoint } from '@diemcau/protocol';
import { meterFromDbov } from '../../media/levels.js';
import type { RemotePeer, RoomSnapshot, Track } from '../../room/room-state.js';

/** What the conference detail says of an invited point: its unit, for the tile and the order. */
export interface PointDirectoryEntry {
  unitName: string;
  unitCode: string;
}
export type PointDirectory = ReadonlyMap<string, PointDirectoryEntry>;

export function pointDirectory(points: readonly InvitedPoint[]): PointDirectory {
  return new Map(points.map((p) => [p.id, { unitName: p.unit.name, unitCode: p.unit.code }]));
}

/** One connected bridge point as its tile shows it. */
export interface TileModel {
  peerId: string;
  /** Stable across the point's reconnections (its peer id is not): tiles and test ids use it. */
  pointId: string;
  name: string;
  unitName: string | null;
  /** The picture, while its camera sends and reaches this console. */
  video: Track | null;
  cameraOff: boolean;
  cameraOffByHost: boolean;
  micOff: boolean;
  micMutedByHost: boolean;
  reconnecting: boolean;
  speaking: boolean;
  /** 0–1, from the room's audio levels. */
  level: number;
  headcount: number | null;
  spotlight: boolean;
  handRaised: boolean;
}

const paused = (peer: RemotePeer, source: 'mic' | 'camera'): boolean =>
  // The consumer follows the producer's pauses; before it arrives, what the peer announced.
  peer.media[source]?.paused ?? peer.sources[source]?.paused ?? true;

/**
 * The connected points, in the tree's order (unit code, then name) so that
 * tiles keep their place as halls come and go; points the directory does not
 * know (yet) follow, by name.
 */
export function pointTiles(
  snapshot: RoomSnapshot,
  directory: PointDirectory,
  headcounts: ReadonlyMap<string, number | null>,
): TileModel[] {
  const raised = new Set(snapshot.floorQueue.map((e) => e.peerId));
  const tiles = snapshot.peers
    .filter((p) => p.role === 'point')
    .map((peer): TileModel => {
      const pointId = peer.pointId ?? peer.id;
      const camera = peer.media.camera;
      const cameraOff = peer.cameraOffByHost || paused(peer, 'camera');
      const dbov = snapshot.levels[peer.id];
      return {
        peerId: peer.id,
        pointId,
        name: peer.displayName,
        unitName: directory.get(pointId)?.unitName ?? null,
        video: camera && !cameraOff ? camera.track : null,
        cameraOff,
        cameraOffByHost: peer.cameraOffByHost,
        micOff: paused(peer, 'mic'),
        micMutedByHost: peer.micMutedByHost,
        reconnecting: peer.reconnecting,
        speaking: snapshot.activeSpeaker === peer.id,
        level: dbov === undefined ? 0 : meterFromDbov(dbov),
        headcount: headcounts.get(pointId) ?? null,
        spotlight: snapshot.programme.reason === 'spotlight' && snapshot.programme.peerId === peer.id,
        handRaised: raised.has(peer.id),
      };
    });
  const key = (tile: TileModel) => directory.get(tile.pointId)?.unitCode;
  return tiles.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== undefined && kb === undefined) return -1;
    if (ka === undefined && kb !== undefined) return 1;
    if (ka !== undefined && kb !== undefined && ka !== kb) return ka < kb ? -1 : 1;
    return a.name.localeCompare(b.name, 'vi') || a.pointId.localeCompare(b.pointId);
  });
}

export type TileBadge =
  | 'reconnecting'
  | 'speaking'
  | 'handRaised'
  | 'spotlight'
  | 'mutedByHost'
  | 'micOff'
  | 'cameraOffByHost'
  | 'cameraOff';

/** The states a tile spells out, most urgent first; the host's own holds replace the point's. */
export function tileBadges(tile: TileModel): TileBadge[] {
  const badges: TileBadge[] = [];
  if (tile.reconnecting) badges.push('reconnecting');
  if (tile.speaking) badges.push('speaking');
  if (tile.handRaised) badges.push('handRaised');
  if (tile.spotlight) badges.push('spotlight');
  if (tile.micMutedByHost) badges.push('mutedByHost');
  else if (tile.micOff) badges.push('micOff');
  if (tile.cameraOffByHost) badges.push('cameraOffByHost');
  else if (tile.cameraOff) badges.push('cameraOff');
  return badges;
}
