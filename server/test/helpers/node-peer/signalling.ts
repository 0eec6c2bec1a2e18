import type { types } from 'mediasoup-client';

/*
 * The signalling a NodePeer needs, as a port: the test drives a router
 * directly through it, and an adapter over the real socket.io protocol maps
 * these few requests onto that protocol's messages.
 */

export interface TransportInfo {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

export interface ConsumerInfo {
  id: string;
  producerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
}

/** Request name → [request data, response data]. */
export interface PeerRequests {
  getRouterRtpCapabilities: [Record<string, never>, types.RtpCapabilities];
  /** Enters the room once the device knows what it can receive; the response is kept as `peer.joined`. */
  join: [{ rtpCapabilities: types.RtpCapabilities; displayName: string }, unknown];
  createWebRtcTransport: [{ direction: 'send' | 'recv' }, TransportInfo];
  connectWebRtcTransport: [{ transportId: string; dtlsParameters: types.DtlsParameters }, unknown];
  /** New ICE credentials for a live transport, after a network change. */
  restartIce: [{ transportId: string }, { iceParameters: types.IceParameters }];
  produce: [
    {
      transportId: string;
      kind: types.MediaKind;
      rtpParameters: types.RtpParameters;
      appData: { source: 'mic' | 'camera' };
    },
    { id: string },
  ];
  /**
   * Client-initiated consume. The server creates the consumer paused; the peer
   * resumes it once its side is ready. (A server that pushes consumers sends
   * the `newConsumer` notification instead, answered the same way.)
   */
  consume: [
    { transportId: string; producerId: string; rtpCapabilities: types.RtpCapabilities },
    ConsumerInfo,
  ];
  resumeConsumer: [{ consumerId: string }, unknown];
}

export type PeerRequestName = keyof PeerRequests;

/** Notifications the peer acts on; every notification is also recorded in `peer.notifications`. */
export interface PeerNotifications {
  /** A consumer the server made for this peer on its receive transport, paused until `resumeConsumer`. */
  newConsumer: ConsumerInfo;
  consumerClosed: { consumerId: string };
}

export interface SignallingPort {
  request<M extends PeerRequestName>(method: M, data: PeerRequests[M][0]): Promise<PeerRequests[M][1]>;
  onNotification(handler: (method: string, data: unknown) => void): void;
}
