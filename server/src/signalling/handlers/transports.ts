import type { IceCandidate, RequestData, ResponseData } from '@diemcau/protocol';
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
  const iceParameters = await peer.transport(data.transportId).restartIce();
  return { iceParameters };
}
