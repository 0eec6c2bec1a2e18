import type { AttendanceReport, LiveAttendance } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import type { AttendanceEventKind } from '../db/schema.js';
import { readInvitations, resolveInvitation, type InvitedPointRow } from '../conferences/invitations.js';
import { AppError } from '../errors.js';
import { writeAttendanceCsv } from './attendance-csv.js';
import { attendanceReport, levelsTopDown, liveTotals, type ReportConference } from './report.js';
import { replayTimeline, type AttendanceEvent } from './timeline.js';

export const MAX_HEADCOUNT = 10_000;

/** Everything a report or the live totals are computed from. */
interface Snapshot {
  conference: ReportConference;
  invited: InvitedPointRow[];
  levels: string[];
  events: AttendanceEvent[];
}

/**
 * The attendance timeline of conferences. The signalling layer records each
 * point's joins, leaves and headcounts (one insert each); hosts read the live
 * totals and the report, which are derived from the timeline alone.
 */
export class AttendanceService {
  constructor(
    readonly db: Db,
    readonly clock: () => Date = () => new Date(),
  ) {}

  /** A session of the point joined the conference. */
  recordJoin(conferenceId: string, pointId: string, sessionId: string, at?: Date): Promise<void> {
    return this.#insert(conferenceId, pointId, 'join', sessionId, null, at);
  }

  /** A session of the point left (closed, timed out, replaced or removed). */
  recordLeave(conferenceId: string, pointId: string, sessionId: string, at?: Date): Promise<void> {
    return this.#insert(conferenceId, pointId, 'leave', sessionId, null, at);
  }

  /** The point reports (or corrects) how many people are in its hall: 0–10,000. */
  recordHeadcount(conferenceId: string, pointId: string, headcount: number, at?: Date): Promise<void> {
    if (!Number.isInteger(headcount) || headcount < 0 || headcount > MAX_HEADCOUNT) {
      return Promise.reject(
        new AppError('VALIDATION_FAILED', 400, `a headcount is a whole number from 0 to ${MAX_HEADCOUNT}`),
      );
    }
    return this.#insert(conferenceId, pointId, 'headcount', null, headcount, at);
  }

  /**
   * Records a leave for every session the timeline still shows open, and
   * returns how many. For the signalling layer: when a conference ends, and at
   * start-up for each live conference, since a restart loses the sockets
   * without their leaves (a point that comes back joins with a new session).
   */
  async closeOpenSessions(conferenceId: string, at: Date = this.clock()): Promise<number> {
    const stamp = at.toISOString();
    const { points } = replayTimeline(await this.events(conferenceId), stamp);
    const rows = [...points].flatMap(([pointId, p]) =>
      p.openSessions.map((sessionId) => ({
        conference_id: conferenceId,
        point_id: pointId,
        kind: 'leave' as const,
        session_id: sessionId,
        headcount: null,
        at: stamp,
      })),
    );
    if (rows.length > 0) await this.db.insertInto('attendance_events').values(rows).execute();
    return rows.length;
  }

  /** The conference's timeline in order. */
  async events(conferenceId: string): Promise<AttendanceEvent[]> {
    const rows = await this.db
      .selectFrom('attendance_events')
      .select(['point_id', 'kind', 'session_id', 'headcount', 'at'])
      .where('conference_id', '=', conferenceId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      pointId: r.point_id,
      kind: r.kind,
      sessionId: r.session_id,
      headcount: r.headcount === null ? null : Number(r.headcount),
      at: r.at,
    }));
  }

  /** Per unit level: points invited, connected now, and people in the connected halls. */
  async liveTotals(conferenceId: string): Promise<LiveAttendance> {
    const s = await this.#snapshot(conferenceId);
    return liveTotals(s.conference, s.invited, s.levels, s.events, this.clock().toISOString());
  }

  async report(conferenceId: string): Promise<AttendanceReport> {
    const s = await this.#snapshot(conferenceId);
    return attendanceReport(s.conference, s.invited, s.levels, s.events, this.clock().toISOString());
  }

  async reportCsv(conferenceId: string): Promise<string> {
    return writeAttendanceCsv((await this.report(conferenceId)).points);
  }

  async #insert(
    conferenceId: string,
    pointId: string,
    kind: AttendanceEventKind,
    sessionId: string | null,
    headcount: number | null,
    at: Date = this.clock(),
  ): Promise<void> {
    await this.db
      .insertInto('attendance_events')
      .values({
        conference_id: conferenceId,
        point_id: pointId,
        kind,
        session_id: sessionId,
        headcount,
        at: at.toISOString(),
      })
      .execute();
  }

  async #snapshot(conferenceId: string): Promise<Snapshot> {
    const row = await this.db
      .selectFrom('conferences')
      .select(['id', 'title', 'status', 'started_at', 'ended_at'])
      .where('id', '=', conferenceId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 404, `no conference ${conferenceId}`);
    const invite = (await readInvitations(this.db, [conferenceId])).get(conferenceId) ?? {
      units: [],
      points: [],
    };
    const [invited, units, events] = await Promise.all([
      resolveInvitation(this.db, invite),
      this.db.selectFrom('units').select(['id', 'parent_id', 'level']).execute(),
      this.events(conferenceId),
    ]);
    return {
      conference: {
        id: row.id,
        title: row.title,
        status: row.status,
        startedAt: row.started_at,
        endedAt: row.ended_at,
      },
      invited,
      levels: levelsTopDown(units),
      events,
    };
  }
}
