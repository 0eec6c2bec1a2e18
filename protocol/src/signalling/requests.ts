import Type, { type Static, type TSchema } from 'typebox';
import { Headcount } from '../rest/attendance.js';
import { Id, Name } from '../rest/common.js';
import {
  DtlsParameters,
  IceCandidate,
  IceParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
  SrtpParameters,
} from './media.js';

/** What a producer carries; a bridge point may not share its screen. */
export const MediaSource = Type.Union([Type.Literal('mic'), Type.Literal('camera'), Type.Literal('screen')]);
export type MediaSource = Type.Static<typeof MediaSource>;

export const PeerRole = Type.Union([Type.Literal('host'), Type.Literal('point')]);
export type PeerRole = Type.Static<typeof PeerRole>;

export const ProducerInfo = Type.Object({
  id: Id,
  kind: MediaKind,
  source: MediaSource,
  paused: Type.Boolean(),
});
export type ProducerInfo = Type.Static<typeof ProducerInfo>;

/** Another participant of the room as a client sees it. */
export const PeerInfo = Type.Object({
  id: Id,
  role: PeerRole,
  /** The bridge point a `point` peer speaks for. */
  pointId: Type.Optional(Id),
  displayName: Name,
  /** Its connection dropped; it keeps its place for the server's grace period. */
  reconnecting: Type.Optional(Type.Boolean()),
  producers: Type.Array(ProducerInfo),
});
export type PeerInfo = Type.Static<typeof PeerInfo>;

const closed = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });
const Empty = closed({});

const Direction = Type.Union([Type.Literal('send'), Type.Literal('recv')]);
const TransportRef = closed({ transportId: Id });
const ProducerRef = closed({ producerId: Id });
const ConsumerRef = closed({ consumerId: Id });
/** A bridge point's peer in the room, the target of a host control. */
const PeerRef = closed({ peerId: Id });

/** Who may make a request; the server refuses anyone else FORBIDDEN. */
const anyone = ['host', 'point'] as const;
/** A point's attempt is also written to the audit log. */
const host = ['host'] as const;
/** A host has no hall to count nor a hand to raise. */
const point = ['point'] as const;

interface MethodSpec {
  roles: readonly PeerRole[];
  data: TSchema;
  response: TSchema;
}

/**
 * The one table of client→server requests: each method's roles, its `data`
 * schema and the `data` of its success response. The client emits `request`
 * with `{ method, data }` and an ack; the server answers each through the ack
 * with a SignallingResponse. Everything else about a method (the parser, the
 * role check, the client's types) derives from its entry here.
 */
export const RequestSchemas = {
  /**
   * The room's router capabilities, which a device loads before it can offer its
   * own in `join` (allowed before joining; creates the room as `join` would).
   */
  getRouterRtpCapabilities: { roles: anyone, data: Empty, response: RtpCapabilities },
  /** Enters the room of the conference the handshake admitted the socket to. */
  join: {
    roles: anyone,
    data: closed({ rtpCapabilities: RtpCapabilities, displayName: Type.Optional(Name) }),
    response: Type.Object({
      peerId: Id,
      role: PeerRole,
      routerRtpCapabilities: RtpCapabilities,
      peers: Type.Array(PeerInfo),
    }),
  },
  createWebRtcTransport: {
    roles: anyone,
    data: closed({ direction: Direction }),
    response: Type.Object({
      id: Id,
      iceParameters: IceParameters,
      iceCandidates: Type.Array(IceCandidate),
      dtlsParameters: DtlsParameters,
    }),
  },
  connectWebRtcTransport: {
    roles: anyone,
    data: closed({ transportId: Id, dtlsParameters: DtlsParameters }),
    response: Empty,
  },
  /** WebRTC transports only: a plain transport has no ICE. */
  restartIce: { roles: anyone, data: TransportRef, response: Type.Object({ iceParameters: IceParameters }) },
  /**
   * A plain SRTP-over-UDP transport, for an encoder that cannot do WebRTC (off
   * unless the server sets PLAIN_RTP_TRANSPORTS=on: FORBIDDEN). The client
   * sends to `ip`:`port`, RTCP muxed on the same port; the server learns the
   * client's address from its first valid SRTP or SRTCP packet, so a `recv`
   * transport gets media only after the client has sent it an SRTCP packet.
   * `srtpParameters` is the key of what the server sends. A peer may have
   * several `send` ones (one per stream) and one receive transport of either kind.
   */
  createPlainTransport: {
    roles: anyone,
    data: closed({ direction: Direction }),
    response: Type.Object({
      id: Id,
      ip: Type.String(),
      port: Type.Integer({ minimum: 1, maximum: 65535 }),
      srtpParameters: SrtpParameters,
    }),
  },
  /**
   * The key of what the client sends on a plain transport. A `recv` transport
   * then gets the room's media as `newConsumer`, as a WebRTC one does.
   */
  connectPlainTransport: {
    roles: anyone,
    data: closed({ transportId: Id, srtpParameters: SrtpParameters }),
    response: Empty,
  },
  produce: {
    roles: anyone,
    data: closed({
      transportId: Id,
      kind: MediaKind,
      rtpParameters: RtpParameters,
      appData: closed({ source: MediaSource }),
      paused: Type.Optional(Type.Boolean()),
    }),
    response: Type.Object({ id: Id }),
  },
  closeProducer: { roles: anyone, data: ProducerRef, response: Empty },
  pauseProducer: { roles: anyone, data: ProducerRef, response: Empty },
  resumeProducer: { roles: anyone, data: ProducerRef, response: Empty },
  /** The client's local consumer for a `newConsumer` exists: media may flow. */
  resumeConsumer: { roles: anyone, data: ConsumerRef, response: Empty },
  pauseConsumer: { roles: anyone, data: ConsumerRef, response: Empty },
  /** How the consumer is shown picks its simulcast layer: thumbnail = lowest, large = highest. */
  setConsumerView: {
    roles: anyone,
    data: closed({ consumerId: Id, view: Type.Union([Type.Literal('thumbnail'), Type.Literal('large')]) }),
    response: Empty,
  },
  /**
   * Host only: the peers whose tiles are on the host's visible grid page. Only
   * their video flows to the host; every other video consumer stays paused.
   */
  setGridPage: {
    roles: host,
    data: closed({ peerIds: Type.Array(Id, { maxItems: 500, uniqueItems: true }) }),
    response: Empty,
  },
  leave: { roles: anyone, data: Empty, response: Empty },

  // Host controls (host only).
  /** Pauses the point's microphone on the server; it stays muted across its reconnects. */
  mutePoint: { roles: host, data: PeerRef, response: Empty },
  unmutePoint: { roles: host, data: PeerRef, response: Empty },
  /** Pauses the point's camera on the server. */
  disableCamera: { roles: host, data: PeerRef, response: Empty },
  /** Makes a point the programme every point receives; null gives it back to the active speaker. */
  spotlight: { roles: host, data: closed({ peerId: Type.Union([Id, Type.Null()]) }), response: Empty },
  /** Disconnects the point; it may not join this conference again until `readmitPoint`. */
  removePoint: {
    roles: host,
    data: closed({ peerId: Id, reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
    response: Empty,
  },
  readmitPoint: { roles: host, data: closed({ pointId: Id }), response: Empty },
  /** A locked room admits no point that has not been in it already. */
  lockRoom: { roles: host, data: closed({ locked: Type.Boolean() }), response: Empty },
  /** Whether a point muted by the host may resume its own microphone (and camera). */
  setRoomSettings: { roles: host, data: closed({ pointsMayUnmute: Type.Boolean() }), response: Empty },
  /** Ends the conference for everyone, as the REST end does. */
  endConference: { roles: host, data: Empty, response: Empty },
  /** Unmutes and spotlights a point and takes it off the floor queue. */
  grantFloor: { roles: host, data: PeerRef, response: Empty },
  dismissHand: { roles: host, data: PeerRef, response: Empty },

  // A bridge point's own requests.
  raiseHand: { roles: point, data: Empty, response: Empty },
  lowerHand: { roles: point, data: Empty, response: Empty },
  /** How many people are in the point's hall (it may correct it at any time). */
  setHeadcount: { roles: point, data: closed({ headcount: Headcount }), response: Empty },
} as const satisfies Record<string, MethodSpec>;

export type RequestMethod = keyof typeof RequestSchemas;
export const REQUEST_METHODS = Object.keys(RequestSchemas) as RequestMethod[];
export type RequestData<M extends RequestMethod> = Static<(typeof RequestSchemas)[M]['data']>;
export type ResponseData<M extends RequestMethod> = Static<(typeof RequestSchemas)[M]['response']>;

/** A request, discriminated by `method` (the parser checks the envelope, then the method's `data`). */
export type SignallingRequest<M extends RequestMethod = RequestMethod> = {
  [K in M]: { method: K; data: RequestData<K> };
}[M];

/** Whether a peer of `role` may make request `method`. */
export function mayRequest(method: RequestMethod, role: PeerRole): boolean {
  const roles: readonly PeerRole[] = RequestSchemas[method].roles;
  return roles.includes(role);
}
