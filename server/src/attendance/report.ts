import type { AttendancePoint, AttendanceReport, LiveAttendance, LiveTotals } from '@diemcau/protocol';
import type { InvitedPointRow } from '../conferences/invitations.js';
import type { ConferenceStatus } from '../db/schema.js';
import { replayTimeline, type AttendanceEvent } from './timeline.js';

/*
 * The attendance report and the live totals, as pure functions of the invited
 * points and the timeline (definitions in docs/attendance.md).
 */

export interface ReportConference {
  id: string;
  title: string;
  status: ConferenceStatus;
  startedAt: string | null;
  endedAt: string | null;
}

export interface LevelUnit {
  id: string;
  parent_id: string | null;
  level: string;
}

const MINUTE_MS = 60_000;
const minutes = (ms: number) => Math.round(ms / MINUTE_MS);

/**
 * The unit levels of the tree, the top first: ordered by the mean depth of
 * their units, then by name, so "province, district, commune" comes out
 * whatever the labels are, even where some communes sit right under the
 * province. A cycle in bad data cannot loop.
 */
export function levelsTopDown(units: readonly LevelUnit[]): string[] {
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  const depthOf = (id: string): number => {
    const seen = new Set<string>();
    for (let at = parentOf.get(id); at != null && !seen.has(at); at = parentOf.get(at)) seen.add(at);
    return seen.size;
  };
  const depths = new Map<string, { sum: number; count: number }>();
  for (const u of units) {
    const d = depths.get(u.level) ?? { sum: 0, count: 0 };
    depths.set(u.level, { sum: d.sum + depthOf(u.id), count: d.count + 1 });
  }
  const mean = (level: string) => {
    const d = depths.get(level);
    return d ? d.sum / d.count : 0;
  };
  return [...depths.keys()].sort((a, b) => mean(a) - mean(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The levels present among `invited`, in the order of `levels` (unknown ones last, by name). */
function presentLevels(invited: readonly InvitedPointRow[], levels: readonly string[]): string[] {
  const rank = (level: string) => {
    const i = levels.indexOf(level);
    return i === -1 ? levels.length : i;
  };
  return [...new Set(invited.map((p) => p.unit.level))].sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/** Only the invited points' events: a point no longer invited does not count. */
function invitedEvents(invited: readonly InvitedPointRow[], events: readonly AttendanceEvent[]) {
  const ids = new Set(invited.map((p) => p.id));
  return events.filter((e) => ids.has(e.pointId));
}

/**
 * The report of a conference at `now`. Connected time counts up to the
 * conference's end, or up to `now` while it is live. At an ended conference a
 * session that never recorded its leave is taken to have left at the end.
 */
export function attendanceReport(
  conference: ReportConference,
  invited: readonly InvitedPointRow[],
  levels: readonly string[],
  events: readonly AttendanceEvent[],
  now: string,
): AttendanceReport {
  const until = conference.endedAt ?? now;
  const { points: replayed, peakConcurrentPoints } = replayTimeline(invitedEvents(invited, events), until);
  const ended = conference.status === 'ended';

  const rows = invited.map((p) => {
    const a = replayed.get(p.id);
    const row: AttendancePoint = {
      pointId: p.id,
      pointName: p.name,
      unit: p.unit,
      firstJoin: a?.firstJoin ?? null,
      lastLeave: a?.connected && ended ? until : (a?.lastLeave ?? null),
      connected: conference.status === 'live' && (a?.connected ?? false),
      minutesConnected: minutes(a?.connectedMs ?? 0),
      peakHeadcount: a?.peakHeadcount ?? null,
      lastHeadcount: a?.lastHeadcount ?? null,
    };
    return { row, connectedMs: a?.connectedMs ?? 0 };
  });

  const sum = (of: typeof rows) => ({
    pointsInvited: of.length,
    pointsAttended: of.filter((r) => r.row.firstJoin !== null).length,
    attendances: of.reduce((n, r) => n + (r.row.peakHeadcount ?? 0), 0),
    // From the exact times, so that the total is not a sum of roundings.
    minutesConnected: minutes(of.reduce((ms, r) => ms + r.connectedMs, 0)),
  });

  return {
    conference,
    until,
    points: rows.map((r) => r.row),
    totals: { ...sum(rows), peakConcurrentPoints },
    byLevel: presentLevels(invited, levels).map((level) => ({
      level,
      ...sum(rows.filter((r) => r.row.unit.level === level)),
    })),
  };
}

/**
 * The live totals at `now`: per unit level, the invited points, those connected
 * and the people in their halls (the sum of their latest headcounts). Nothing
 * is connected unless the conference is live.
 */
export function liveTotals(
  conference: Pick<ReportConference, 'id' | 'status'>,
  invited: readonly InvitedPointRow[],
  levels: readonly string[],
  events: readonly AttendanceEvent[],
  now: string,
): LiveAttendance {
  const { points } = replayTimeline(conference.status === 'live' ? invitedEvents(invited, events) : [], now);
  const sum = (of: readonly InvitedPointRow[]): LiveTotals => {
    const connected = of.flatMap((p) => {
      const a = points.get(p.id);
      return a?.connected ? [a] : [];
    });
    return {
      pointsInvited: of.length,
      pointsConnected: connected.length,
      people: connected.reduce((n, a) => n + (a.lastHeadcount ?? 0), 0),
    };
  };
  return {
    conferenceId: conference.id,
    at: now,
    byLevel: presentLevels(invited, levels).map((level) => ({
      level,
      ...sum(invited.filter((p) => p.unit.level === level)),
    })),
    total: sum(invited),
  };
}
