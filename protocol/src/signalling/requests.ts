import Type, { type Static, type TSchema } from 'typebox';
import { Id, Name } from '../rest/common.js';
import {
  DtlsParameters,
  IceCandidate,
  IceParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
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
  producers: Type.Array(ProducerInfo),
});
export type PeerInfo = Type.Static<typeof PeerInfo>;

const closed = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });
const Empty = closed({});

const TransportRef = closed({ transportId: Id });
const ProducerRef = closed({ producerId: Id });
const ConsumerRef = closed({ consumerId: Id });

/**
 * Every client→server request: its `data` schema and the `data` of its success
 * response. The client emits `request` with `{ method, data }` and an ack; the
 * server answers each through the ack with a SignallingResponse.
 */
export const RequestSchemas = {
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
    data: closed({ direction: Type.Union([Type.Literal('send'), Type.Literal('recv')]) }),
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
  restartIce: { data: TransportRef, response: Type.Object({ iceParameters: IceParameters }) },
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
} as const;

/** Requests only a host may make; a bridge point's attempt is refused and audited. */
export const HOST_ONLY_METHODS: readonly RequestMethod[] = ['setGridPage'];

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
  request('join'),
  request('createWebRtcTransport'),
  request('connectWebRtcTransport'),
  request('restartIce'),
  request('produce'),
  request('closeProducer'),
  request('pauseProducer'),
  request('resumeProducer'),
  request('resumeConsumer'),
  request('pauseConsumer'),
  request('setConsumerView'),
  request('setGridPage'),
  request('leave'),
]);
export type SignallingRequest = Static<typeof SignallingRequest>;
