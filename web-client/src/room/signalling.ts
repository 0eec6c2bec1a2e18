// The signalling socket as the RoomClient uses it: typed by the protocol's event maps, opened with
// the recovery policy's backoff, and one request at a time unwrapped into its answer or a SignallingError.
import type {
  HandshakeRefusal,
  RequestData,
  RequestMethod,
  ResponseData,
  SignallingClientEvents,
  SignallingResponse,
  SignallingServerEvents,
} from '@diemcau/protocol';
import { io, type Socket } from 'socket.io-client';
import { RETRY_BASE_MS, RETRY_MAX_MS } from './recovery.js';

/** The socket, its notifications and requests typed from the protocol's tables. */
export type RoomSocket = Socket<SignallingServerEvents, SignallingClientEvents>;

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

/**
 * A socket to the page's own origin (or `url`) that connects when told and then
 * reconnects by itself with jittered backoff, calling `auth` for the
 * credentials of every handshake.
 */
export function openRoomSocket(
  url: string | undefined,
  auth: (send: (credentials: Record<string, unknown>) => void) => void,
): RoomSocket {
  const options = {
    autoConnect: false,
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: RETRY_BASE_MS,
    reconnectionDelayMax: RETRY_MAX_MS,
    randomizationFactor: 0.25,
    auth,
  };
  return url ? io(url, options) : io(options);
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Sends one request over the socket and unwraps its answer; rejects with a SignallingError. */
export async function request<M extends RequestMethod>(
  socket: RoomSocket,
  method: M,
  data: RequestData<M>,
): Promise<ResponseData<M>> {
  // socket.io would buffer it for the next connection, where it means nothing (a new session).
  if (!socket.connected) throw new SignallingError(method, 'NOT_CONNECTED', 'not connected to the server');
  let response: SignallingResponse<M>;
  try {
    response = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('request', { method, data });
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
