import { RoomError } from '../../sfu/room-error.js';
import type { HandlerContext } from './context.js';

/** Audits a bridge point's attempt at something only a host may do, and refuses it with FORBIDDEN. */
export async function denied(
  ctx: HandlerContext,
  message: string,
  details: Record<string, unknown>,
): Promise<never> {
  const { identity, socket } = ctx.session;
  await ctx.audit.record({
    actor: identity.actor,
    action: 'signalling.denied',
    target: { kind: 'conference', id: identity.conferenceId },
    ip: socket.handshake.address,
    details,
  });
  throw new RoomError('FORBIDDEN', message);
}
