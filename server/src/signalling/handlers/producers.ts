import type { RequestData, ResponseData } from '@diemcau/protocol';
import { denied } from './denied.js';
import type { HandlerContext } from './context.js';

export async function produce(
  ctx: HandlerContext,
  data: RequestData<'produce'>,
): Promise<ResponseData<'produce'>> {
  const { room, peer } = ctx.session.joined();
  if (data.appData.source === 'screen' && peer.role !== 'host') {
    await denied(ctx, 'only the host shares a screen', { method: 'produce', source: 'screen' });
  }
  const producer = await room.produce(peer, {
    transportId: data.transportId,
    kind: data.kind,
    rtpParameters: data.rtpParameters,
    source: data.appData.source,
    ...(data.paused === undefined ? {} : { paused: data.paused }),
  });
  return { id: producer.id };
}

export async function closeProducer(
  ctx: HandlerContext,
  data: RequestData<'closeProducer'>,
): Promise<ResponseData<'closeProducer'>> {
  ctx.session.joined().peer.producer(data.producerId).close();
  return {};
}

export async function pauseProducer(
  ctx: HandlerContext,
  data: RequestData<'pauseProducer'>,
): Promise<ResponseData<'pauseProducer'>> {
  await ctx.session.joined().peer.producer(data.producerId).pause();
  return {};
}

export async function resumeProducer(
  ctx: HandlerContext,
  data: RequestData<'resumeProducer'>,
): Promise<ResponseData<'resumeProducer'>> {
  await ctx.session.joined().peer.producer(data.producerId).resume();
  return {};
}
