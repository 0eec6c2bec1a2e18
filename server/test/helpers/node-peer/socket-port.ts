import type { RequestMethod, SignallingResponse } from '@diemcau/protocol';
import { io, type Socket } from 'socket.io-client';
import type { PeerRequestName, PeerRequests, SignallingPort } from './signalling.js';

/** A failed request: the server's error code and message. */
export class SignallingRequestError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${method}: ${code} ${message}`);
  }
}

export interface SocketPort extends SignallingPort {
  readonly socket: Socket;
  /** Any request of the protocol (host controls too), unwrapped like the NodePeer's. */
  call(method: RequestMethod, data: unknown): Promise<unknown>;
  close(): void;
}

/**
 * A NodePeer's signalling over the real socket.io protocol: connects with the
 * handshake `auth` (`{ token }` for a point, `{ session, conferenceId }` for a
 * host) and resolves once admitted; a refusal rejects with its code.
 * `consume` is not offered by the server (it pushes `newConsumer`).
 */
export function socketPort(
  url: string,
  auth: Record<string, unknown>,
  timeoutMs = 10_000,
): Promise<SocketPort> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const call = async (method: string, data: unknown): Promise<unknown> => {
    const response = (await socket
      .timeout(timeoutMs)
      .emitWithAck('request', { method, data })) as SignallingResponse<RequestMethod>;
    if (!response.ok) {
      const { code, message, details } = response.error;
      throw new SignallingRequestError(method, code, message, details);
    }
    return response.data;
  };
  const port: SocketPort = {
    socket,
    call,
    request: <M extends PeerRequestName>(method: M, data: PeerRequests[M][0]) =>
      call(method, data) as Promise<PeerRequests[M][1]>,
    onNotification(handler) {
      socket.on('notification', (n: { method: string; data: unknown }) => handler(n.method, n.data));
    },
    close: () => {
      socket.close();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(port));
    socket.once('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      socket.close();
      reject(new SignallingRequestError('handshake', error.data?.code ?? 'CONNECT_ERROR', error.message));
    });
  });
}
