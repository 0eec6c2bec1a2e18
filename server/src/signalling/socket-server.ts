import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { Server, type Socket } from 'socket.io';
import type { PlainListen } from '../sfu/room.js';
import type { Rooms } from '../sfu/rooms.js';
import { AttendanceFeed } from './attendance-feed.js';
import { handleRequest } from './dispatch.js';
import type { HandlerContext } from './handlers/index.js';
import { handshake, identityOf, type HandshakeServices } from './handshake.js';
import { Session, type PointTracking } from './session.js';
import type { AttendanceService } from '../attendance/attendance-service.js';
import type { ConferenceService } from '../conferences/conference-service.js';
import type { PointPresence } from '../conferences/presence.js';

export interface SignallingOptions {
  services: HandshakeServices & {
    conferences: Pick<ConferenceService, 'end'>;
    presence: Pick<PointPresence, 'connected' | 'disconnected'>;
    attendance: Pick<AttendanceService, 'recordJoin' | 'recordLeave' | 'recordHeadcount' | 'liveTotals'>;
  };
  rooms: Rooms;
  /** Where plain SRTP transports listen; unset: peers may not open them (PLAIN_RTP_TRANSPORTS=off). */
  plainTransports?: PlainListen;
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
  const feed = new AttendanceFeed((id) => services.attendance.liveTotals(id), options.rooms, log);
  const tracking = pointTracking(options, feed);
  io.on('connection', (socket) => serve(socket, options, tracking, feed));
  return io;
}

/**
 * Live presence for the REST detail, the persisted timeline for the attendance
 * report, and (once persisted) the hosts' live totals.
 */
function pointTracking({ services, log }: SignallingOptions, feed: AttendanceFeed): PointTracking {
  const { presence } = services;
  // A failed write must not disturb the media session; it is logged for the operator.
  const persist = (conferenceId: string, write: Promise<void>) =>
    write.then(
      () => feed.changed(conferenceId),
      (error: unknown) => log.error({ err: error }, 'cannot record attendance'),
    );
  return {
    connected(conferenceId, pointId, sessionId) {
      presence.connected(conferenceId, pointId, sessionId);
      void persist(conferenceId, services.attendance.recordJoin(conferenceId, pointId, sessionId));
    },
    disconnected(conferenceId, pointId, sessionId) {
      presence.disconnected(conferenceId, pointId, sessionId);
      void persist(conferenceId, services.attendance.recordLeave(conferenceId, pointId, sessionId));
    },
  };
}

function serve(
  socket: Socket,
  { services, rooms, plainTransports, log }: SignallingOptions,
  tracking: PointTracking,
  feed: AttendanceFeed,
): void {
  const session = new Session(socket, identityOf(socket), tracking);
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
      conferences: services.conferences,
      attendance: services.attendance,
      attendanceChanged: (conferenceId) => feed.changed(conferenceId),
      plainTransports,
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
  socket.on('disconnect', (reason) => {
    // A client that closes its socket has left; a lost connection may come back.
    if (reason === 'client namespace disconnect') session.leave('left');
    else if (reason === 'server namespace disconnect' || reason === 'server shutting down')
      session.leave('disconnected');
    else session.drop();
  });
}

/** Disconnects every client without closing the HTTP server (Fastify owns it). */
export function closeSocketServer(io: Server): void {
  io.disconnectSockets(true);
  io.engine.close();
}
