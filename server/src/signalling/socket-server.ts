import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * socket.io signalling, attached to the HTTP server. Until conference join
 * tokens exist every handshake is refused, so no socket can reach room state.
 */
export function createSocketServer(httpServer: HttpServer): Server {
  const io = new Server(httpServer, { serveClient: false, transports: ['websocket', 'polling'] });
  io.use((_socket, next) => {
    const error = Object.assign(new Error('UNAUTHENTICATED'), {
      data: { code: 'UNAUTHENTICATED', message: 'a host session or conference join token is required' },
    });
    next(error);
  });
  return io;
}

/** Disconnects every client without closing the HTTP server (Fastify owns it). */
export function closeSocketServer(io: Server): void {
  io.disconnectSockets(true);
  io.engine.close();
}
