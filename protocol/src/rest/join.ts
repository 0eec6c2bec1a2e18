import Type from 'typebox';
import { Id, IsoDateTime, Name } from './common.js';

export const JoinRequest = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 128 }) },
  { additionalProperties: false },
);
export type JoinRequest = Type.Static<typeof JoinRequest>;

/** What a point gets from its join link while its conference is live. */
export const JoinResponse = Type.Object({
  conference: Type.Object({ id: Id, title: Name }),
  point: Type.Object({ id: Id, name: Name, unitName: Name }),
  /** Short-lived; the signalling handshake accepts it. */
  joinToken: Type.String(),
  expiresAt: IsoDateTime,
});
export type JoinResponse = Type.Static<typeof JoinResponse>;

/**
 * The `details` of the 409 answer when the point's conference is not live yet:
 * the earliest scheduled conference the point is invited to, so its page can say "starts at …".
 */
export const JoinNotLive = Type.Object({
  next: Type.Union([Type.Object({ title: Name, scheduledStart: IsoDateTime }), Type.Null()]),
});
export type JoinNotLive = Type.Static<typeof JoinNotLive>;

/** Claims of a conference join token (signed by the server). */
export const JoinGrant = Type.Object({
  conferenceId: Id,
  role: Type.Union([Type.Literal('host'), Type.Literal('point')]),
  pointId: Type.Optional(Id),
  accountId: Type.Optional(Id),
  /** Expiry, seconds since the epoch. */
  exp: Type.Integer(),
});
export type JoinGrant = Type.Static<typeof JoinGrant>;
