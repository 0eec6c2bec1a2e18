import type { RequestData, ResponseData } from '@diemcau/protocol';
import type { Peer } from '../../sfu/peer.js';
import type { HandlerContext } from './context.js';

/**
 * The host's controls over the room. The dispatcher lets only a host reach
 * them (their `roles: 'host'` in the method table); each one is audited as `room.<action>`.
 */

async function audited(
  ctx: HandlerContext,
  action: string,
  target: { pointId?: string | undefined; peerId?: string } | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { identity, socket } = ctx.session;
  await ctx.audit.record({
    actor: identity.actor,
    action: `room.${action}`,
    target: target?.pointId
      ? { kind: 'point', id: target.pointId }
      : { kind: 'conference', id: identity.conferenceId },
    ip: socket.handshake.address,
    details: {
      conferenceId: identity.conferenceId,
      ...(target?.peerId ? { peerId: target.peerId } : {}),
      ...details,
    },
  });
}

const about = (point: Peer) => ({ pointId: point.identity.pointId, peerId: point.id });

export async function mutePoint(
  ctx: HandlerContext,
  data: RequestData<'mutePoint'>,
): Promise<ResponseData<'mutePoint'>> {
  const { room } = ctx.session.joined();
  const point = room.point(data.peerId);
  await room.moderation.holdMedia(point, 'mic', true);
  await audited(ctx, 'mute', about(point));
  return {};
}

export async function unmutePoint(
  ctx: HandlerContext,
  data: RequestData<'unmutePoint'>,
): Promise<ResponseData<'unmutePoint'>> {
  const { room } = ctx.session.joined();
  const point = room.point(data.peerId);
  await room.moderation.holdMedia(point, 'mic', false);
  await audited(ctx, 'unmute', about(point));
  return {};
}

export async function disableCamera(
  ctx: HandlerContext,
  data: RequestData<'disableCamera'>,
): Promise<ResponseData<'disableCamera'>> {
  const { room } = ctx.session.joined();
  const point = room.point(data.peerId);
  await room.moderation.holdMedia(point, 'camera', true);
  await audited(ctx, 'camera_off', about(point));
  return {};
}

export async function spotlight(
  ctx: HandlerContext,
  data: RequestData<'spotlight'>,
): Promise<ResponseData<'spotlight'>> {
  const { room } = ctx.session.joined();
  const point = data.peerId === null ? null : room.point(data.peerId);
  room.moderation.spotlight(point);
  await audited(ctx, 'spotlight', point ? about(point) : null, { cleared: point === null });
  return {};
}

export async function removePoint(
  ctx: HandlerContext,
  data: RequestData<'removePoint'>,
): Promise<ResponseData<'removePoint'>> {
  const { room } = ctx.session.joined();
  const point = room.point(data.peerId);
  const reason = data.reason ?? 'the host removed this point from the conference';
  room.moderation.remove(point, reason);
  await audited(ctx, 'remove', about(point), { reason });
  return {};
}

export async function readmitPoint(
  ctx: HandlerContext,
  data: RequestData<'readmitPoint'>,
): Promise<ResponseData<'readmitPoint'>> {
  const { room } = ctx.session.joined();
  const wasRemoved = room.moderation.readmit(data.pointId);
  await audited(ctx, 'readmit', { pointId: data.pointId }, { wasRemoved });
  return {};
}

export async function lockRoom(
  ctx: HandlerContext,
  data: RequestData<'lockRoom'>,
): Promise<ResponseData<'lockRoom'>> {
  const { room } = ctx.session.joined();
  room.moderation.setSettings({ locked: data.locked });
  await audited(ctx, data.locked ? 'lock' : 'unlock', null);
  return {};
}

export async function setRoomSettings(
  ctx: HandlerContext,
  data: RequestData<'setRoomSettings'>,
): Promise<ResponseData<'setRoomSettings'>> {
  const { room } = ctx.session.joined();
  room.moderation.setSettings({ pointsMayUnmute: data.pointsMayUnmute });
  await audited(ctx, 'settings', null, { pointsMayUnmute: data.pointsMayUnmute });
  return {};
}

/**
 * Ends the conference as the REST end does (status, audit), then closes the
 * room once the host has its answer: every peer is told `conferenceEnded`.
 */
export async function endConference(ctx: HandlerContext): Promise<ResponseData<'endConference'>> {
  const { identity, socket } = ctx.session;
  await ctx.conferences.end(identity.conferenceId, { actor: identity.actor, ip: socket.handshake.address });
  // Ending the conference closes its room (app.ts listens for it) right after this answer,
  // so nothing may wait on I/O here any more: the audit row follows the reply.
  ctx.afterReply(() => {
    audited(ctx, 'end', null).catch((error: unknown) =>
      ctx.log.error({ err: error }, 'cannot audit room.end'),
    );
  });
  return {};
}

export async function grantFloor(
  ctx: HandlerContext,
  data: RequestData<'grantFloor'>,
): Promise<ResponseData<'grantFloor'>> {
  const { room } = ctx.session.joined();
  const point = room.point(data.peerId);
  await room.moderation.grantFloor(point);
  await audited(ctx, 'floor_grant', about(point));
  return {};
}

export async function dismissHand(
  ctx: HandlerContext,
  data: RequestData<'dismissHand'>,
): Promise<ResponseData<'dismissHand'>> {
  const { room } = ctx.session.joined();
  const point = room.point(data.peerId);
  room.moderation.dismissHand(point);
  await audited(ctx, 'floor_dismiss', about(point));
  return {};
}
