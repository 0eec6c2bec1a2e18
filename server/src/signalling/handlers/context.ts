import type { RequestData, RequestMethod, ResponseData } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { AttendanceService } from '../../attendance/attendance-service.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { ConferenceService } from '../../conferences/conference-service.js';
import type { PlainListen } from '../../sfu/room.js';
import type { Rooms } from '../../sfu/rooms.js';
import type { Session } from '../session.js';

/** What a request handler works with. */
export interface HandlerContext {
  session: Session;
  rooms: Rooms;
  audit: Pick<AuditLog, 'record'>;
  conferences: Pick<ConferenceService, 'end'>;
  attendance: Pick<AttendanceService, 'recordHeadcount'>;
  /** The conference's live attendance changed: its hosts are sent the totals (debounced). */
  attendanceChanged(conferenceId: string): void;
  /** Where plain SRTP transports listen; undefined: refused (PLAIN_RTP_TRANSPORTS=off). */
  plainTransports: PlainListen | undefined;
  log: FastifyBaseLogger;
  /** Runs `task` once the response has gone out through the ack (so notifications follow it). */
  afterReply(task: () => void): void;
}

export type Handler<M extends RequestMethod> = (
  ctx: HandlerContext,
  data: RequestData<M>,
) => Promise<ResponseData<M>>;
