import type {
  BroadcastStatus,
  LiveAttendance,
  MediaSource,
  NotificationData,
  PeerInfo,
  PeerRole,
  SignallingErrorCode,
  SignallingNotification,
} from '@diemcau/protocol';
import type { types } from 'mediasoup-client';

/*
 * What a page shows of a room, as one immutable snapshot: the RoomClient
 * replaces it on every change and the UI renders from it. The reducers here
 * are pure, so the room's bookkeeping is tested without media.
 */

/** A MediaStreamTrack as mediasoup-client types it (in Node tests, a wrtc track). */
export type Track = NonNullable<types.Producer['track']>;

export type Connection =
  /** Opening the socket and entering the room. */
  | 'connecting'
  /** In the room: media flows. */
  | 'joined'
  /** The connection dropped (or the server asked to join again): recovering by itself. */
  | 'reconnecting'
  /** Out for good; `closed` says why. */
  | 'closed';

export type ClosedReason =
  /** This client left. */
  | 'left'
  /** The host removed this point from the conference. */
  | 'removed'
  /** Another session of the same point or account took over. */
  | 'replaced'
  /** The conference ended. */
  | 'ended'
  /** The server refused the connection (`code` says why: not invited, not live, locked…). */
  | 'refused';

export interface Closed {
  reason: ClosedReason;
  code?: SignallingErrorCode | string;
  message?: string;
}

export interface RemoteMedia {
  track: Track;
  consumerId: string;
  /** The sender (or the host, on the server) paused it. */
  paused: boolean;
}

export interface RemotePeer {
  id: string;
  role: PeerRole;
  pointId?: string;
  displayName: string;
  /** Its connection dropped; the server keeps its place for a grace period. */
  reconnecting: boolean;
  /**
   * Known only by the media it sends to this client: a point is not told of the
   * other halls, yet receives the one on the programme.
   */
  senderOnly?: true;
  /** What it sends, as announced (present before a consumer reaches this client). */
  sources: Partial<Record<MediaSource, { paused: boolean }>>;
  /** What this client receives of it. */
  media: Partial<Record<MediaSource, RemoteMedia>>;
  micMutedByHost: boolean;
  cameraOffByHost: boolean;
}

export interface LocalSource {
  track: Track | null;
  /** Paused by this client (muted microphone, camera turned off). */
  paused: boolean;
  /** Paused by the host on the server. */
  heldByHost: boolean;
}

export interface RoomSnapshot {
  connection: Connection;
  closed: Closed | null;
  /** Failed reconnection attempts since the connection was last good. */
  attempts: number;
  self: { peerId: string; role: PeerRole } | null;
  peers: RemotePeer[];
  programme: NotificationData<'programmeChanged'>;
  activeSpeaker: string | null;
  /** Peer id → dBov of the loudest points (hosts). */
  levels: Record<string, number>;
  floorQueue: NotificationData<'floorQueue'>['entries'];
  handRaised: boolean;
  headcount: number | null;
  attendance: LiveAttendance | null;
  settings: NotificationData<'roomSettings'> | null;
  /**
   * Hosts: the recording and the livestream as the server last told (on joining
   * and on every change). Null until then; kept through a reconnection, since
   * the server sends it again on joining.
   */
  broadcast: BroadcastStatus | null;
  local: Record<MediaSource, LocalSource>;
}

const noLocal = (): LocalSource => ({ track: null, paused: false, heldByHost: false });

export function initialSnapshot(): RoomSnapshot {
  return {
    connection: 'connecting',
    closed: null,
    attempts: 0,
    self: null,
    peers: [],
    programme: { peerId: null, reason: 'none' },
    activeSpeaker: null,
    levels: {},
    floorQueue: [],
    handRaised: false,
    headcount: null,
    attendance: null,
    settings: null,
    broadcast: null,
    local: { mic: noLocal(), camera: noLocal(), screen: noLocal() },
  };
}

export function remotePeer(info: PeerInfo): RemotePeer {
  return {
    id: info.id,
    role: info.role,
    ...(info.pointId ? { pointId: info.pointId } : {}),
    displayName: info.displayName,
    reconnecting: info.reconnecting ?? false,
    sources: Object.fromEntries(info.producers.map((p) => [p.source, { paused: p.paused }])),
    media: {},
    micMutedByHost: false,
    cameraOffByHost: false,
  };
}

/** The snapshot with one peer changed; unchanged when the peer is unknown. */
export function updatePeer(
  snapshot: RoomSnapshot,
  peerId: string,
  change: (peer: RemotePeer) => RemotePeer,
): RoomSnapshot {
  if (!snapshot.peers.some((p) => p.id === peerId)) return snapshot;
  return { ...snapshot, peers: snapshot.peers.map((p) => (p.id === peerId ? change(p) : p)) };
}

/**
 * The snapshot with the sender of a new consumer among its peers: a point
 * receives the programme hall without being told of it, so it is named after
 * the programme (the server gives the programme's name).
 */
export function withSender(snapshot: RoomSnapshot, peerId: string): RoomSnapshot {
  if (snapshot.peers.some((p) => p.id === peerId)) return snapshot;
  const { programme } = snapshot;
  const sender: RemotePeer = {
    ...remotePeer({
      id: peerId,
      role: 'point',
      displayName: programme.peerId === peerId ? (programme.displayName ?? '') : '',
      producers: [],
    }),
    senderOnly: true,
  };
  return { ...snapshot, peers: [...snapshot.peers, sender] };
}

/** Drops the peers known only by their media once nothing of theirs is received. */
export function withoutSilentSenders(snapshot: RoomSnapshot): RoomSnapshot {
  const silent = (p: RemotePeer) => p.senderOnly && Object.keys(p.media).length === 0;
  return snapshot.peers.some(silent)
    ? { ...snapshot, peers: snapshot.peers.filter((p) => !silent(p)) }
    : snapshot;
}

/** The peer and source a consumer belongs to. */
export function findConsumer(
  snapshot: RoomSnapshot,
  consumerId: string,
): { peer: RemotePeer; source: MediaSource } | undefined {
  for (const peer of snapshot.peers) {
    for (const [source, media] of Object.entries(peer.media)) {
      if (media?.consumerId === consumerId) return { peer, source: source as MediaSource };
    }
  }
  return undefined;
}

export function withoutConsumer(snapshot: RoomSnapshot, consumerId: string): RoomSnapshot {
  const found = findConsumer(snapshot, consumerId);
  if (!found) return snapshot;
  return updatePeer(snapshot, found.peer.id, (p) => {
    const media = { ...p.media };
    delete media[found.source];
    return { ...p, media };
  });
}

export function setConsumerPaused(snapshot: RoomSnapshot, consumerId: string, paused: boolean): RoomSnapshot {
  const found = findConsumer(snapshot, consumerId);
  if (!found) return snapshot;
  return updatePeer(snapshot, found.peer.id, (p) => ({
    ...p,
    media: { ...p.media, [found.source]: { ...p.media[found.source]!, paused } },
  }));
}

/**
 * The room's notifications that only change what is shown. Media notifications
 * (`newConsumer`, `consumerClosed`) and those that end or restart the session are
 * the RoomClient's, which owns the transports.
 */
export function applyNotification(
  snapshot: RoomSnapshot,
  notification: SignallingNotification,
): RoomSnapshot {
  const { method, data } = notification;
  switch (method) {
    case 'peerJoined': {
      const peer = remotePeer(data);
      return { ...snapshot, peers: [...snapshot.peers.filter((p) => p.id !== peer.id), peer] };
    }
    case 'peerLeft': {
      const { peerId } = data;
      const { [peerId]: _gone, ...levels } = snapshot.levels;
      return {
        ...snapshot,
        peers: snapshot.peers.filter((p) => p.id !== peerId),
        levels,
        activeSpeaker: snapshot.activeSpeaker === peerId ? null : snapshot.activeSpeaker,
      };
    }
    case 'peerReconnecting': {
      const { peerId } = data;
      return updatePeer(snapshot, peerId, (p) => ({ ...p, reconnecting: true }));
    }
    case 'consumerPaused':
      return setConsumerPaused(snapshot, data.consumerId, true);
    case 'consumerResumed':
      return setConsumerPaused(snapshot, data.consumerId, false);
    case 'activeSpeaker':
      return { ...snapshot, activeSpeaker: data.peerId };
    case 'audioLevels': {
      const { levels } = data;
      return { ...snapshot, levels: Object.fromEntries(levels.map((l) => [l.peerId, l.volume])) };
    }
    case 'programmeChanged': {
      const programme = data;
      const named = programme.peerId
        ? updatePeer(snapshot, programme.peerId, (p) =>
            p.senderOnly && programme.displayName ? { ...p, displayName: programme.displayName } : p,
          )
        : snapshot;
      return { ...named, programme };
    }
    case 'pointState': {
      const { peerId, micMutedByHost, cameraOffByHost } = data;
      return updatePeer(snapshot, peerId, (p) => ({ ...p, micMutedByHost, cameraOffByHost }));
    }
    case 'roomSettings':
      return { ...snapshot, settings: data };
    case 'floorQueue':
      return { ...snapshot, floorQueue: data.entries };
    case 'floorGranted':
    case 'handDismissed':
      return { ...snapshot, handRaised: false };
    case 'attendance':
      return { ...snapshot, attendance: data };
    case 'broadcastStatus':
      return { ...snapshot, broadcast: data };
    case 'mutedByHost':
    case 'unmutedByHost': {
      const { source } = data;
      const held = method === 'mutedByHost';
      const local = snapshot.local[source];
      // Unmuted by the host: the server resumed the producer, so the microphone is live again.
      const paused = held ? local.paused : source === 'mic' ? false : local.paused;
      return { ...snapshot, local: { ...snapshot.local, [source]: { ...local, heldByHost: held, paused } } };
    }
    default:
      return snapshot;
  }
}
