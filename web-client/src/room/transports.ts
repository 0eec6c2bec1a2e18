// A WebRTC transport of the room, opened through signalling: the server creates and connects it,
// a send transport's producers are announced to it, and ICE restarts while the transport stays down.
import type { MediaSource, RequestData } from '@diemcau/protocol';
import type { Device, types } from 'mediasoup-client';
import { ICE_DISCONNECTED_GRACE_MS, ICE_RETRY_MS } from './recovery.js';
import { request, type RoomSocket } from './signalling.js';

export type Direction = 'send' | 'recv';

/** Opens a transport of `device`; `live` says whether its entry into the room is still the current one. */
export async function openTransport(
  socket: RoomSocket,
  device: Device,
  direction: Direction,
  live: () => boolean,
): Promise<types.Transport> {
  const info = await request(socket, 'createWebRtcTransport', { direction });
  const options = info as unknown as types.TransportOptions;
  const transport =
    direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request(socket, 'connectWebRtcTransport', {
      transportId: transport.id,
      dtlsParameters: dtlsParameters as RequestData<'connectWebRtcTransport'>['dtlsParameters'],
    }).then(() => callback(), errback);
  });
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      request(socket, 'produce', {
        transportId: transport.id,
        kind,
        rtpParameters: rtpParameters as RequestData<'produce'>['rtpParameters'],
        appData: { source: (appData as { source: MediaSource }).source },
      }).then(callback, errback);
    });
  }
  watchIce(socket, transport, live);
  return transport;
}

/** Restarts ICE when a transport stays disconnected or fails, and again while it stays down. */
function watchIce(socket: RoomSocket, transport: types.Transport, live: () => boolean): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const down = () => !transport.closed && live() && transport.connectionState !== 'connected';
  const restart = async () => {
    if (!down()) return;
    try {
      const { iceParameters } = await request(socket, 'restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
    } catch {
      // The signalling is down too: its own recovery rejoins with new transports.
    }
    clearTimeout(timer);
    timer = setTimeout(() => void restart(), ICE_RETRY_MS);
  };
  transport.on('connectionstatechange', (state) => {
    clearTimeout(timer);
    if (state === 'disconnected') timer = setTimeout(() => void restart(), ICE_DISCONNECTED_GRACE_MS);
    else if (state === 'failed') void restart();
  });
}
