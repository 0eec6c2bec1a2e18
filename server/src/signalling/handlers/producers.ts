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

/**
 * Resumes the peer's own producer. One the host paused may be resumed only if
 * the room lets points unmute themselves (which lifts the host's hold);
 * otherwise the attempt is refused and audited like any host control.
 */
export async function resumeProducer(
  ctx: HandlerContext,
  data: RequestData<'resumeProducer'>,
): Promise<ResponseData<'resumeProducer'>> {
  const { room, peer } = ctx.session.joined();
  const producer = peer.producer(data.producerId);
  const { source } = producer.appData;
  if (!room.moderation.releaseOwnHold(peer, source)) {
    await denied(ctx, `the host paused this ${source}`, { method: 'resumeProducer', source });
  }
  await producer.resume();
  return {};
}
