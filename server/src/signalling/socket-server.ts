import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { Server, type Socket } from 'socket.io';
import type { Rooms } from '../sfu/rooms.js';
import { handleRequest } from './dispatch.js';
import type { HandlerContext } from './handlers/index.js';
import { handshake, identityOf, type HandshakeServices } from './handshake.js';
import { Session } from './session.js';

export interface SignallingOptions {
  services: HandshakeServices & { conferences: { presence: Session['presence'] } };
  rooms: Rooms;
  log: FastifyBaseLogger;
}

/**
 * socket.io signalling, attached to the HTTP server. The handshake admits a
 * bridge point (join token) or a host (session) to one live conference; each
 * `request` message is validated, dispatched and answered through its ack.
 */
export function createSocketServer(httpServer: HttpServer, options: SignallingOptions): Server {
  const { services, log } = options;
  const io = new Server(httpServer, {
    serveClient: false,
    transports: ['websocket', 'polling'],
    // Signalling messages are small; the largest (rtpParameters) stays far below this.
    maxHttpBufferSize: 256 * 1024,
  });
  io.use(handshake(services, log));
  io.on('connection', (socket) => serve(socket, options));
  return io;
}

function serve(socket: Socket, { services, rooms, log }: SignallingOptions): void {
  const session = new Session(socket, identityOf(socket), services.conferences.presence);
  socket.on('request', (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (response: unknown) => void) : undefined;
    if (!ack) {
      log.debug({ socket: socket.id }, 'signalling request without an ack dropped');
      return;
    }
    const after: (() => void)[] = [];
    const ctx: HandlerContext = {
      session,
      rooms,
      audit: services.audit,
      log,
      afterReply: (task) => after.push(task),
    };
    handleRequest(ctx, args[0])
      .then((response) => {
        ack(response);
        for (const task of after) task();
      })
      .catch((error: unknown) => log.error({ err: error, socket: socket.id }, 'cannot answer a request'));
  });
  socket.on('disconnect', () => session.leave('disconnected'));
}

/** Disconnects every client without closing the HTTP server (Fastify owns it). */
export function closeSocketServer(io: Server): void {
  io.disconnectSockets(true);
  io.engine.close();
}
