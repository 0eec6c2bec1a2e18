import Type, { type TSchema } from 'typebox';
import { ErrorCode } from '../errors.js';
import type { RequestMethod, ResponseData } from './requests.js';

/** The shared error codes plus those only a room can give. */
export const SignallingErrorCode = Type.Union([
  ErrorCode,
  /** A request that needs a joined peer came before `join` (or after `leave`). */
  Type.Literal('NOT_IN_ROOM'),
  /** The host locked the room: no new point may join. */
  Type.Literal('ROOM_LOCKED'),
]);
export type SignallingErrorCode = Type.Static<typeof SignallingErrorCode>;

export const SignallingError = Type.Object({
  code: SignallingErrorCode,
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
});
export type SignallingError = Type.Static<typeof SignallingError>;

/** The schema of a method's answer: its data on success, an error otherwise. */
export function ResponseOf<D extends TSchema>(data: D) {
  return Type.Union([
    Type.Object({ ok: Type.Literal(true), data }),
    Type.Object({ ok: Type.Literal(false), error: SignallingError }),
  ]);
}

export type SignallingResponse<M extends RequestMethod> =
  { ok: true; data: ResponseData<M> } | { ok: false; error: SignallingError };

/** What a handshake refusal carries as the connect_error's `data`. */
export const HandshakeRefusal = Type.Object({ code: ErrorCode, message: Type.String() });
export type HandshakeRefusal = Type.Static<typeof HandshakeRefusal>;
