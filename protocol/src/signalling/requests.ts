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

/**
 * Every client→server request: its `data` schema and the `data` of its success
 * response. The client emits `request` with `{ method, data }` and an ack; the
 * server answers each through the ack with a SignallingResponse.
 */
export const RequestSchemas = {
  /**
   * The room's router capabilities, which a device loads before it can offer its
   * own in `join` (allowed before joining; creates the room as `join` would).
   */
  getRouterRtpCapabilities: { data: Empty, response: RtpCapabilities },
  /** Enters the room of the conference the handshake admitted the socket to. */
  join: {
    data: closed({ rtpCapabilities: RtpCapabilities, displayName: Type.Optional(Name) }),
    response: Type.Object({
      peerId: Id,
      role: PeerRole,
      routerRtpCapabilities: RtpCapabilities,
      peers: Type.Array(PeerInfo),
    }),
  },
  createWebRtcTransport: {
    data: closed({ direction: Direction }),
    response: Type.Object({
      id: Id,
      iceParameters: IceParameters,
      iceCandidates: Type.Array(IceCandidate),
      dtlsParameters: DtlsParameters,
    }),
  },
  connectWebRtcTransport: {
    data: closed({ transportId: Id, dtlsParameters: DtlsParameters }),
    response: Empty,
  },
  /** WebRTC transports only: a plain transport has no ICE. */
  restartIce: { data: TransportRef, response: Type.Object({ iceParameters: IceParameters }) },
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
    data: closed({ transportId: Id, srtpParameters: SrtpParameters }),
    response: Empty,
  },
  produce: {
    data: closed({
      transportId: Id,
      kind: MediaKind,
      rtpParameters: RtpParameters,
      appData: closed({ source: MediaSource }),
      paused: Type.Optional(Type.Boolean()),
    }),
    response: Type.Object({ id: Id }),
  },
  closeProducer: { data: ProducerRef, response: Empty },
  pauseProducer: { data: ProducerRef, response: Empty },
  resumeProducer: { data: ProducerRef, response: Empty },
  /** The client's local consumer for a `newConsumer` exists: media may flow. */
  resumeConsumer: { data: ConsumerRef, response: Empty },
  pauseConsumer: { data: ConsumerRef, response: Empty },
  /** How the consumer is shown picks its simulcast layer: thumbnail = lowest, large = highest. */
  setConsumerView: {
    data: closed({ consumerId: Id, view: Type.Union([Type.Literal('thumbnail'), Type.Literal('large')]) }),
    response: Empty,
  },
  /**
   * Host only: the peers whose tiles are on the host's visible grid page. Only
   * their video flows to the host; every other video consumer stays paused.
   */
  setGridPage: {
    data: closed({ peerIds: Type.Array(Id, { maxItems: 500, uniqueItems: true }) }),
    response: Empty,
  },
  leave: { data: Empty, response: Empty },

  // Host controls (host only).
  /** Pauses the point's microphone on the server; it stays muted across its reconnects. */
  mutePoint: { data: PeerRef, response: Empty },
  unmutePoint: { data: PeerRef, response: Empty },
  /** Pauses the point's camera on the server. */
  disableCamera: { data: PeerRef, response: Empty },
  /** Makes a point the programme every point receives; null gives it back to the active speaker. */
  spotlight: { data: closed({ peerId: Type.Union([Id, Type.Null()]) }), response: Empty },
  /** Disconnects the point; it may not join this conference again until `readmitPoint`. */
  removePoint: {
    data: closed({ peerId: Id, reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
    response: Empty,
  },
  readmitPoint: { data: closed({ pointId: Id }), response: Empty },
  /** A locked room admits no point that has not been in it already. */
  lockRoom: { data: closed({ locked: Type.Boolean() }), response: Empty },
  /** Whether a point muted by the host may resume its own microphone (and camera). */
  setRoomSettings: { data: closed({ pointsMayUnmute: Type.Boolean() }), response: Empty },
  /** Ends the conference for everyone, as the REST end does. */
  endConference: { data: Empty, response: Empty },
  /** Unmutes and spotlights a point and takes it off the floor queue. */
  grantFloor: { data: PeerRef, response: Empty },
  dismissHand: { data: PeerRef, response: Empty },

  // A bridge point's own requests.
  raiseHand: { data: Empty, response: Empty },
  lowerHand: { data: Empty, response: Empty },
  /** How many people are in the point's hall (it may correct it at any time). */
  setHeadcount: { data: closed({ headcount: Headcount }), response: Empty },
} as const;

/** Requests only a host may make; a bridge point's attempt is refused and audited. */
export const HOST_ONLY_METHODS: readonly RequestMethod[] = [
  'setGridPage',
  'mutePoint',
  'unmutePoint',
  'disableCamera',
  'spotlight',
  'removePoint',
  'readmitPoint',
  'lockRoom',
  'setRoomSettings',
  'endConference',
  'grantFloor',
  'dismissHand',
];

/** Requests only a bridge point makes: a host has no hall to count nor a hand to raise. */
export const POINT_ONLY_METHODS: readonly RequestMethod[] = ['raiseHand', 'lowerHand', 'setHeadcount'];

export type RequestMethod = keyof typeof RequestSchemas;
export const REQUEST_METHODS = Object.keys(RequestSchemas) as RequestMethod[];
export type RequestData<M extends RequestMethod> = Static<(typeof RequestSchemas)[M]['data']>;
export type ResponseData<M extends RequestMethod> = Static<(typeof RequestSchemas)[M]['response']>;

const request = <M extends RequestMethod>(method: M) =>
  Type.Object(
    { method: Type.Literal(method), data: RequestSchemas[method].data as (typeof RequestSchemas)[M]['data'] },
    { additionalProperties: false },
  );

/** Any request, discriminated by `method`. */
export const SignallingRequest = Type.Union([
  request('getRouterRtpCapabilities'),
  request('join'),
  request('createWebRtcTransport'),
  request('connectWebRtcTransport'),
  request('restartIce'),
  request('createPlainTransport'),
  request('connectPlainTransport'),
  request('produce'),
  request('closeProducer'),
  request('pauseProducer'),
  request('resumeProducer'),
  request('resumeConsumer'),
  request('pauseConsumer'),
  request('setConsumerView'),
  request('setGridPage'),
  request('leave'),
  request('mutePoint'),
  request('unmutePoint'),
  request('disableCamera'),
  request('spotlight'),
  request('removePoint'),
  request('readmitPoint'),
  request('lockRoom'),
  request('setRoomSettings'),
  request('endConference'),
  request('grantFloor'),
  request('dismissHand'),
  request('raiseHand'),
  request('lowerHand'),
  request('setHeadcount'),
]);
export type SignallingRequest = Static<typeof SignallingRequest>;
