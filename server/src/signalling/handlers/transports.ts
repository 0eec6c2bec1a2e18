import type { IceCandidate, RequestData, ResponseData } from '@diemcau/protocol';
import type { PlainListen } from '../../sfu/room.js';
import { RoomError } from '../../sfu/room-error.js';
import type { HandlerContext } from './context.js';

export async function createWebRtcTransport(
  ctx: HandlerContext,
  data: RequestData<'createWebRtcTransport'>,
): Promise<ResponseData<'createWebRtcTransport'>> {
  const { room, peer } = ctx.session.joined();
  const transport = await room.createTransport(peer, data.direction);
  // What exists already reaches the new receive transport once the client knows it.
  if (data.direction === 'recv') ctx.afterReply(() => room.consumeExisting(peer));
  return {
    id: transport.id,
    iceParameters: transport.iceParameters,
    iceCandidates: transport.iceCandidates as IceCandidate[],
    dtlsParameters: transport.dtlsParameters,
  };
}

export async function connectWebRtcTransport(
  ctx: HandlerContext,
  data: RequestData<'connectWebRtcTransport'>,
): Promise<ResponseData<'connectWebRtcTransport'>> {
  const { room, peer } = ctx.session.joined();
  await room.connectTransport(peer, data.transportId, data.dtlsParameters);
  return {};
}

export async function restartIce(
  ctx: HandlerContext,
  data: RequestData<'restartIce'>,
): Promise<ResponseData<'restartIce'>> {
  const { peer } = ctx.session.joined();
  const iceParameters = await peer.webRtcTransport(data.transportId).restartIce();
  return { iceParameters };
}

/** Where plain transports listen, when the server allows them at all. */
function plainListen(ctx: HandlerContext): PlainListen {
  if (!ctx.plainTransports) {
    throw new RoomError('FORBIDDEN', 'plain RTP transports are off on this server (PLAIN_RTP_TRANSPORTS)');
  }
  return ctx.plainTransports;
}

export async function createPlainTransport(
  ctx: HandlerContext,
  data: RequestData<'createPlainTransport'>,
): Promise<ResponseData<'createPlainTransport'>> {
  const listen = plainListen(ctx);
  const { room, peer } = ctx.session.joined();
  const transport = await room.createPlainTransport(peer, data.direction, listen);
  const srtp = transport.srtpParameters;
  // Created with this suite: anything else is a server fault, not the client's.
  if (srtp?.cryptoSuite !== 'AES_CM_128_HMAC_SHA1_80')
    throw new Error('plain transport without its SRTP key');
  return {
    id: transport.id,
    ip: transport.tuple.localAddress,
    port: transport.tuple.localPort,
    srtpParameters: { cryptoSuite: srtp.cryptoSuite, keyBase64: srtp.keyBase64 },
  };
}

export async function connectPlainTransport(
  ctx: HandlerContext,
  data: RequestData<'connectPlainTransport'>,
): Promise<ResponseData<'connectPlainTransport'>> {
  plainListen(ctx);
  const { room, peer } = ctx.session.joined();
  const transport = await room.connectPlainTransport(peer, data.transportId, data.srtpParameters);
  // As for a new WebRTC receive transport: what exists already is pushed after the answer.
  if (transport.appData.direction === 'recv') ctx.afterReply(() => room.consumeExisting(peer));
  return {};
}
