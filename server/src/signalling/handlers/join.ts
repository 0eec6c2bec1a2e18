import type { RequestData, ResponseData } from '@diemcau/protocol';
import type { types } from 'mediasoup';
import { RoomError } from '../../sfu/room-error.js';
import type { HandlerContext } from './context.js';

/**
 * What a device loads before `join`: the capabilities of the conference's
 * router, whose room is created here if it is the first request for it (the
 * room closes again if nobody joins it within its idle time).
 */
export async function getRouterRtpCapabilities(
  ctx: HandlerContext,
): Promise<ResponseData<'getRouterRtpCapabilities'>> {
  const room = await ctx.rooms.open(ctx.session.identity.conferenceId);
  return room.rtpCapabilities as ResponseData<'getRouterRtpCapabilities'>;
}

/**
 * Enters the conference's room. A newer session of the same point (or host
 * account) takes over: the older peer is told `replaced`, disconnected and
 * cleaned up first, so the point is never in the room twice.
 */
export async function join(ctx: HandlerContext, data: RequestData<'join'>): Promise<ResponseData<'join'>> {
  const { session } = ctx;
  if (session.inRoom || session.joining) throw new RoomError('CONFLICT', 'already joined');
  session.joining = true;
  try {
    const room = await ctx.rooms.open(session.identity.conferenceId);
    if (!session.socket.connected) throw new RoomError('NOT_IN_ROOM', 'the socket went away');
    // Before taking over: a refused session must not disconnect the one in the room.
    room.checkAdmission(session.identity);
    const older = room.peerByKey(session.identity.key);
    if (older) {
      ctx.log.info({ peer: older.id, key: session.identity.key }, 'a newer session takes over');
      room.leave(older, 'replaced');
    }
    // A hall is named by its registered point, never by what its client says (no impersonating the host).
    const { displayName } = data;
    const identity =
      session.identity.role === 'host' && displayName
        ? { ...session.identity, displayName }
        : session.identity;
    const { peer, peers } = room.join(
      identity,
      data.rtpCapabilities as types.RtpCapabilities,
      session.notify,
    );
    session.attach(room, peer);
    ctx.afterReply(() => {
      room.welcome(peer);
      // A host is sent the live totals at once; a point's join reaches them through its tracking.
      if (peer.role === 'host') ctx.attendanceChanged(room.conferenceId);
    });
    return {
      peerId: peer.id,
      role: peer.role,
      routerRtpCapabilities: room.rtpCapabilities as ResponseData<'join'>['routerRtpCapabilities'],
      peers,
    };
  } finally {
    session.joining = false;
  }
}

export async function leave(ctx: HandlerContext): Promise<ResponseData<'leave'>> {
  ctx.session.joined();
  ctx.session.leave('left');
  return {};
}
