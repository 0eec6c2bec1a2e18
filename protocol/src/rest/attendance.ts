import Type from 'typebox';
import { Id, IsoDateTime, Name } from './common.js';
import { ConferenceStatus } from './conferences.js';

/** How many people a bridge point reports in its hall (docs/attendance.md). */
export const Headcount = Type.Integer({ minimum: 0, maximum: 10000 });
export type Headcount = Type.Static<typeof Headcount>;

const Count = Type.Integer({ minimum: 0 });
const NullableTime = Type.Union([IsoDateTime, Type.Null()]);
const NullableHeadcount = Type.Union([Headcount, Type.Null()]);

export const AttendanceUnit = Type.Object({ id: Id, code: Type.String(), name: Name, level: Type.String() });

/** One invited point in the attendance report. */
export const AttendancePoint = Type.Object({
  pointId: Id,
  pointName: Name,
  unit: AttendanceUnit,
  /** When its first session joined; null when it never joined. */
  firstJoin: NullableTime,
  /** When it last went offline; null while still connected or when it never joined. */
  lastLeave: NullableTime,
  /** Connected now (only ever true while the conference is live). */
  connected: Type.Boolean(),
  /** Whole minutes with at least one session connected; overlapping sessions count once. */
  minutesConnected: Count,
  /** The highest headcount it reported; null when it reported none. */
  peakHeadcount: NullableHeadcount,
  /** The headcount it reported last (its current one). */
  lastHeadcount: NullableHeadcount,
});
export type AttendancePoint = Type.Static<typeof AttendancePoint>;

const totals = {
  pointsInvited: Count,
  /** Points that joined at least once. */
  pointsAttended: Count,
  /** The sum of the points' peak headcounts. */
  attendances: Count,
  /** The sum of the points' connected time, in whole minutes. */
  minutesConnected: Count,
};

export const AttendanceTotals = Type.Object({
  ...totals,
  /** The most points connected at the same time. */
  peakConcurrentPoints: Count,
});
export type AttendanceTotals = Type.Static<typeof AttendanceTotals>;

export const AttendanceLevelTotals = Type.Object({ level: Type.String(), ...totals });
export type AttendanceLevelTotals = Type.Static<typeof AttendanceLevelTotals>;

/** GET /api/conferences/:id/attendance */
export const AttendanceReport = Type.Object({
  conference: Type.Object({
    id: Id,
    title: Name,
    status: ConferenceStatus,
    startedAt: NullableTime,
    endedAt: NullableTime,
  }),
  /** Connected time is counted up to here: the conference's end, or the time of the report while live. */
  until: IsoDateTime,
  /** Invited points by unit code, then name. */
  points: Type.Array(AttendancePoint),
  totals: AttendanceTotals,
  /** One entry per unit level among the invited points, the top of the tree first. */
  byLevel: Type.Array(AttendanceLevelTotals),
});
export type AttendanceReport = Type.Static<typeof AttendanceReport>;

const live = {
  pointsInvited: Count,
  /** Points with a session connected now. */
  pointsConnected: Count,
  /** The sum of the connected points' current headcounts. */
  people: Count,
};

export const LiveTotals = Type.Object(live);
export type LiveTotals = Type.Static<typeof LiveTotals>;

export const LiveLevelTotals = Type.Object({ level: Type.String(), ...live });
export type LiveLevelTotals = Type.Static<typeof LiveLevelTotals>;

/** GET /api/conferences/:id/attendance/live, and what the host is sent while live. */
export const LiveAttendance = Type.Object({
  conferenceId: Id,
  at: IsoDateTime,
  byLevel: Type.Array(LiveLevelTotals),
  total: LiveTotals,
});
export type LiveAttendance = Type.Static<typeof LiveAttendance>;
