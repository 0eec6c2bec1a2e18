import type { RequestData, ResponseData } from '@diemcau/protocol';
import type { HandlerContext } from './context.js';

/** The client is ready for the consumer's media (it still flows only if its tile shows). */
export async function resumeConsumer(
  ctx: HandlerContext,
  data: RequestData<'resumeConsumer'>,
): Promise<ResponseData<'resumeConsumer'>> {
  await ctx.session.joined().peer.setClientPaused(data.consumerId, false);
  return {};
}

export async function pauseConsumer(
  ctx: HandlerContext,
  data: RequestData<'pauseConsumer'>,
): Promise<ResponseData<'pauseConsumer'>> {
  await ctx.session.joined().peer.setClientPaused(data.consumerId, true);
  return {};
}

export async function setConsumerView(
  ctx: HandlerContext,
  data: RequestData<'setConsumerView'>,
): Promise<ResponseData<'setConsumerView'>> {
  const { room, peer } = ctx.session.joined();
  await room.setConsumerView(peer, data.consumerId, data.view);
  return {};
}

export async function setGridPage(
  ctx: HandlerContext,
  data: RequestData<'setGridPage'>,
): Promise<ResponseData<'setGridPage'>> {
  await ctx.session.joined().peer.setGridPage(data.peerIds);
  return {};
}
