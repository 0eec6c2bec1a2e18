import type { RequestData, ResponseData } from '@diemcau/protocol';
import { RoomError } from '../../sfu/room-error.js';
import type { HandlerContext } from './context.js';

/** A bridge point's own requests; the dispatcher keeps hosts out (their `roles: 'point'` in the method table). */

export async function raiseHand(ctx: HandlerContext): Promise<ResponseData<'raiseHand'>> {
  const { room, peer } = ctx.session.joined();
  room.moderation.raiseHand(peer);
  return {};
}

export async function lowerHand(ctx: HandlerContext): Promise<ResponseData<'lowerHand'>> {
  const { room, peer } = ctx.session.joined();
  room.moderation.lowerHand(peer);
  return {};
}

/** Persists the point's headcount in the attendance timeline; the hosts get new totals. */
export async function setHeadcount(
  ctx: HandlerContext,
  data: RequestData<'setHeadcount'>,
): Promise<ResponseData<'setHeadcount'>> {
  ctx.session.joined();
  const { conferenceId, pointId } = ctx.session.identity;
  if (!pointId) throw new RoomError('FORBIDDEN', 'only a bridge point reports a headcount');
  await ctx.attendance.recordHeadcount(conferenceId, pointId, data.headcount);
  ctx.attendanceChanged(conferenceId);
  return {};
}
