// Which requests a page sends through RoomClient.control(): every method of the protocol's table
// but those the RoomClient makes itself, so a new request is usable from the UI as soon as it exists.
import type { RequestMethod } from '@diemcau/protocol';

/** The requests the RoomClient makes itself: the session, its media, and state it sends again on rejoining. */
type OwnMethod = Extract<
  RequestMethod,
  | 'getRouterRtpCapabilities'
  | 'join'
  | 'leave'
  | 'createWebRtcTransport'
  | 'connectWebRtcTransport'
  | 'restartIce'
  | 'createPlainTransport'
  | 'connectPlainTransport'
  | 'produce'
  | 'closeProducer'
  | 'pauseProducer'
  | 'resumeProducer'
  | 'resumeConsumer'
  | 'pauseConsumer'
  | 'setConsumerView'
  | 'setGridPage'
  | 'raiseHand'
  | 'lowerHand'
  | 'setHeadcount'
>;

/** Requests the UI may send as they are: the host controls, and any request the client does not make itself. */
export type ControlMethod = Exclude<RequestMethod, OwnMethod>;
