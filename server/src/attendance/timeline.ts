import type { AttendanceEventKind } from '../db/schema.js';

/** One row of the attendance timeline, as the pure functions below read it. */
export interface AttendanceEvent {
  pointId: string;
  kind: AttendanceEventKind;
  /** The signalling session that joined or left; null for a headcount. */
  sessionId: string | null;
  /** The reported number of people; null unless `kind` is headcount. */
  headcount: number | null;
  /** ISO-8601. */
  at: string;
}

/** What the timeline says about one point up to a cut-off time. */
export interface PointAttendance {
  firstJoin: string | null;
  /** When the point last went from connected to not connected; null if it never did or is connected. */
  lastLeave: string | null;
  /** Whether a session is still open at the cut-off. */
  connected: boolean;
  /** The sessions still open at the cut-off, in the order they joined. */
  openSessions: string[];
  /** Time with at least one session open, in milliseconds; open sessions count up to the cut-off. */
  connectedMs: number;
  peakHeadcount: number | null;
  lastHeadcount: number | null;
}

export interface TimelineSummary {
  points: Map<string, PointAttendance>;
  /** The most points connected at the same moment. */
  peakConcurrentPoints: number;
}

const emptyPoint = (): PointAttendance => ({
  firstJoin: null,
  lastLeave: null,
  connected: false,
  openSessions: [],
  connectedMs: 0,
  peakHeadcount: null,
  lastHeadcount: null,
});

/**
 * Replays a conference's timeline up to `until` (events after it are ignored).
 * A point is connected while at least one of its sessions has joined and not
 * left, so a reconnect whose new session joins before the old one's leave is
 * one unbroken stretch, and a leave for a session that never joined (or left
 * already) changes nothing. Events are taken in time order; ties keep the
 * given order (the database's insertion order).
 */
export function replayTimeline(events: readonly AttendanceEvent[], until: string): TimelineSummary {
  const cutoff = Date.parse(until);
  const timed = events
    .map((event, index) => ({ event, time: Date.parse(event.at), index }))
    .filter((e) => e.time <= cutoff)
    .sort((a, b) => a.time - b.time || a.index - b.index);

  const points = new Map<string, PointAttendance>();
  const openSessions = new Map<string, Set<string>>();
  const onlineSince = new Map<string, number>();
  let online = 0;
  let peakConcurrentPoints = 0;

  for (const { event, time } of timed) {
    let point = points.get(event.pointId);
    if (!point) points.set(event.pointId, (point = emptyPoint()));
    let sessions = openSessions.get(event.pointId);
    if (!sessions) openSessions.set(event.pointId, (sessions = new Set()));

    if (event.kind === 'headcount' && event.headcount !== null) {
      point.lastHeadcount = event.headcount;
      point.peakHeadcount = Math.max(point.peakHeadcount ?? 0, event.headcount);
    } else if (event.kind === 'join' && event.sessionId !== null) {
      point.firstJoin ??= event.at;
      if (sessions.size === 0) {
        onlineSince.set(event.pointId, time);
        online += 1;
        peakConcurrentPoints = Math.max(peakConcurrentPoints, online);
      }
      sessions.add(event.sessionId);
    } else if (event.kind === 'leave' && event.sessionId !== null && sessions.delete(event.sessionId)) {
      if (sessions.size === 0) {
        point.connectedMs += time - (onlineSince.get(event.pointId) ?? time);
        point.lastLeave = event.at;
        online -= 1;
      }
    }
  }

  for (const [pointId, sessions] of openSessions) {
    const point = points.get(pointId);
    if (!point || sessions.size === 0) continue;
    point.connected = true;
    point.openSessions = [...sessions];
    point.lastLeave = null;
    point.connectedMs += cutoff - (onlineSince.get(pointId) ?? cutoff);
  }
  return { points, peakConcurrentPoints };
}

/** The points connected at `at` (now, for a live conference): the same rule as the report's. */
export function connectedPoints(events: readonly AttendanceEvent[], at: string): Set<string> {
  const { points } = replayTimeline(events, at);
  return new Set([...points].filter(([, p]) => p.connected).map(([id]) => id));
}
