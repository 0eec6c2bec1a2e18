import type {
  HandshakeRefusal,
  RequestData,
  RequestMethod,
  ResponseData,
  SignallingResponse,
} from '@diemcau/protocol';
import type { Socket } from 'socket.io-client';

/** A request the server answered with an error, or that got no answer in time (`TIMEOUT`). */
export class SignallingError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SignallingError';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Sends one request over the socket and unwraps its answer; rejects with a SignallingError. */
export async function request<M extends RequestMethod>(
  socket: Socket,
  method: M,
  data: RequestData<M>,
): Promise<ResponseData<M>> {
  // socket.io would buffer it for the next connection, where it means nothing (a new session).
  if (!socket.connected) throw new SignallingError(method, 'NOT_CONNECTED', 'not connected to the server');
  let response: SignallingResponse<M>;
  try {
    response = (await socket
      .timeout(REQUEST_TIMEOUT_MS)
      .emitWithAck('request', { method, data })) as SignallingResponse<M>;
  } catch {
    throw new SignallingError(method, 'TIMEOUT', `no answer to ${method} within ${REQUEST_TIMEOUT_MS} ms`);
  }
  if (!response.ok) {
    const { code, message, details } = response.error;
    throw new SignallingError(method, code, message, details);
  }
  return response.data;
}

/** The server's reason for refusing a handshake, from socket.io's `connect_error`. */
export function refusalOf(error: Error & { data?: unknown }): HandshakeRefusal | undefined {
  const data = error.data as Partial<HandshakeRefusal> | undefined;
  return typeof data?.code === 'string'
    ? { code: data.code, message: data.message ?? error.message }
    : undefined;
}
