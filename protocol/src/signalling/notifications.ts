import Type, { type Static } from 'typebox';
import { LiveAttendance } from '../rest/attendance.js';
import { BroadcastStatus } from '../rest/broadcast.js';
import { Id, IsoDateTime, Name } from '../rest/common.js';
import { MediaKind, RtpParameters } from './media.js';
import { MediaSource, PeerInfo } from './requests.js';

/**
 * The one table of server→client notifications, each emitted as `notification`
 * with `{ method, data }`: its name and its `data` schema.
 */
export const NotificationSchemas = {
  peerJoined: PeerInfo,
  peerLeft: Type.Object({ peerId: Id }),
  /** Its connection dropped: it keeps its place for the grace period, then leaves unless it comes back. */
  peerReconnecting: Type.Object({ peerId: Id }),
  /** A consumer made for this peer, paused until it answers `resumeConsumer`. */
  newConsumer: Type.Object({
    id: Id,
    producerId: Id,
    peerId: Id,
    kind: MediaKind,
    source: MediaSource,
    rtpParameters: RtpParameters,
    type: Type.Union([
      Type.Literal('simple'),
      Type.Literal('simulcast'),
      Type.Literal('svc'),
      Type.Literal('pipe'),
    ]),
    producerPaused: Type.Boolean(),
  }),
  consumerClosed: Type.Object({ consumerId: Id }),
  /** The producer behind the consumer was paused or resumed. */
  consumerPaused: Type.Object({ consumerId: Id }),
  consumerResumed: Type.Object({ consumerId: Id }),
  /** The host's view of who is speaking; null when nobody is. */
  activeSpeaker: Type.Object({ peerId: Type.Union([Id, Type.Null()]) }),
  /** To hosts: the loudest points' microphones, in dBov (-127 to 0) as mediasoup measures them; empty on silence. */
  audioLevels: Type.Object({
    levels: Type.Array(Type.Object({ peerId: Id, volume: Type.Number({ minimum: -127, maximum: 0 }) })),
  }),
  /** A newer session of the same point or account took over; this socket is closed next. */
  replaced: Type.Object({ reason: Type.String() }),
  /** The room is gone (its media worker died): join again, on this socket. */
  reconnect: Type.Object({ reason: Type.String() }),
  conferenceEnded: Type.Object({ conferenceId: Id }),
  /**
   * What every point receives besides the host: the spotlighted point, else the
   * active speaker among points (held ≥ 2 s before it switches), else nobody.
   */
  programmeChanged: Type.Object({
    peerId: Type.Union([Id, Type.Null()]),
    reason: Type.Union([Type.Literal('spotlight'), Type.Literal('speaker'), Type.Literal('none')]),
    displayName: Type.Optional(Name),
  }),
  /** To a point: the host paused its microphone (or camera) on the server. */
  mutedByHost: Type.Object({ source: MediaSource }),
  /** To a point: the host resumed its microphone (or it may resume its camera). */
  unmutedByHost: Type.Object({ source: MediaSource }),
  /** To hosts: what the host controls hold for a point now. */
  pointState: Type.Object({ peerId: Id, micMutedByHost: Type.Boolean(), cameraOffByHost: Type.Boolean() }),
  /** To everyone: the room's settings, on joining and on each change. */
  roomSettings: Type.Object({ locked: Type.Boolean(), pointsMayUnmute: Type.Boolean() }),
  /** To a point the host removed; this socket is closed next and may not join this conference again. */
  removed: Type.Object({ reason: Type.String() }),
  /** To hosts: the raised hands, the oldest first. */
  floorQueue: Type.Object({
    entries: Type.Array(Type.Object({ peerId: Id, pointId: Id, name: Name, since: IsoDateTime })),
  }),
  /** To a point: the host gave it the floor (it is unmuted and spotlighted). */
  floorGranted: Type.Object({}),
  /** To a point: the host took its hand off the queue without giving it the floor. */
  handDismissed: Type.Object({}),
  /** To hosts: live attendance totals, at most about once a second. */
  attendance: LiveAttendance,
  /** Hosts only: the recording and the livestream, on every change (at most once a second while running). */
  broadcastStatus: BroadcastStatus,
} as const;

export type NotificationMethod = keyof typeof NotificationSchemas;
export type NotificationData<M extends NotificationMethod> = Static<(typeof NotificationSchemas)[M]>;

/** A notification, discriminated by `method`. */
export type SignallingNotification<M extends NotificationMethod = NotificationMethod> = {
  [K in M]: { method: K; data: NotificationData<K> };
}[M];

/** Any notification's schema, for clients that check what they receive; built from the table above. */
export const SignallingNotification = Type.Unsafe<SignallingNotification>(
  Type.Union(
    (Object.keys(NotificationSchemas) as NotificationMethod[]).map((method) =>
      Type.Object({ method: Type.Literal(method), data: NotificationSchemas[method] }),
    ),
  ),
);
