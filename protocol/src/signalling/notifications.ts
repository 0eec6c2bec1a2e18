import Type, { type Static } from 'typebox';
import { Id } from '../rest/common.js';
import { MediaKind, RtpParameters } from './media.js';
import { MediaSource, PeerInfo } from './requests.js';

/** Every server→client notification, emitted as `notification` with `{ method, data }`. */
export const NotificationSchemas = {
  peerJoined: PeerInfo,
  peerLeft: Type.Object({ peerId: Id }),
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
  /** A newer session of the same point or account took over; this socket is closed next. */
  replaced: Type.Object({ reason: Type.String() }),
  /** The room is gone (its media worker died): join again, on this socket. */
  reconnect: Type.Object({ reason: Type.String() }),
  conferenceEnded: Type.Object({ conferenceId: Id }),
} as const;

export type NotificationMethod = keyof typeof NotificationSchemas;
export type NotificationData<M extends NotificationMethod> = Static<(typeof NotificationSchemas)[M]>;

const notification = <M extends NotificationMethod>(method: M) =>
  Type.Object({
    method: Type.Literal(method),
    data: NotificationSchemas[method] as (typeof NotificationSchemas)[M],
  });

export const SignallingNotification = Type.Union([
  notification('peerJoined'),
  notification('peerLeft'),
  notification('newConsumer'),
  notification('consumerClosed'),
  notification('consumerPaused'),
  notification('consumerResumed'),
  notification('activeSpeaker'),
  notification('replaced'),
  notification('reconnect'),
  notification('conferenceEnded'),
]);
export type SignallingNotification = Static<typeof SignallingNotification>;
