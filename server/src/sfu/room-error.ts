import { CodedError, type SignallingErrorCode } from '@diemcau/protocol';
import { types } from 'mediasoup';

/** A request the room refuses, with a code the client can act on. */
export class RoomError extends CodedError<SignallingErrorCode> {}

/**
 * Runs a mediasoup call fed with the client's parameters: mediasoup's own
 * checks (TypeError, UnsupportedError) then mean bad input, not a server fault.
 */
export async function withClientInput<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || error instanceof types.UnsupportedError) {
      throw new RoomError('VALIDATION_FAILED', `${what}: ${error.message}`);
    }
    throw error;
  }
}
