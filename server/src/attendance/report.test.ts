import { describe, expect, it } from 'vitest';
import type { InvitedPointRow } from '../conferences/invitations.js';
import { attendanceReport, levelsTopDown, liveTotals, type ReportConference } from './report.js';
import type { AttendanceEvent } from './timeline.js';

const T0 = Date.parse('2030-01-01T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ev = (
  pointId: string,
  kind: AttendanceEvent['kind'],
  m: number,
  value: string | number,
): AttendanceEvent => ({
  pointId,
  kind,
  sessionId: kind === 'headcount' ? null : String(value),
  headcount: kind === 'headcount' ? Number(value) : null,
  at: at(m),
});

const point = (id: string, level: string): InvitedPointRow => ({
  id,
  name: `${id} hall`,
  unit: { id: `u-${id}`, code: id, name: `Unit ${id}`, level },
});
const invited = [
  point('P', 'province'),
  point('D1', 'district'),
  point('C1', 'commune'),
  point('C2', 'commune'),
];
const levels = ['province', 'district', 'commune'];

const events: AttendanceEvent[] = [
  ev('P', 'join', 0, 'p1'),
  ev('P', 'headcount', 1, 200),
  ev('D1', 'join', 2, 'd1'),
  ev('D1', 'headcount', 3, 40),
  ev('D1', 'join', 20, 'd2'), // reconnect before the old leave
  ev('D1', 'leave', 21, 'd1'),
  ev('D1', 'headcount', 25, 35), // a correction: current 35, peak stays 40
  ev('D1', 'leave', 50, 'd2'),
  ev('C1', 'join', 10, 'c1'),
  ev('C1', 'headcount', 11, 25),
  ev('C1', 'leave', 15, 'c1'),
  ev('C1', 'join', 30, 'c2'), // still open
  ev('X', 'join', 0, 'x1'), // not invited (any more): left out
];

const conference = (status: ReportConference['status'], endedAt: string | null): ReportConference => ({
  id: 'conf',
  title: 'Hội nghị',
  status,
  startedAt: at(0),
  endedAt,
});

describe('attendanceReport', () => {
  it('gives each invited point its figures at an ended conference', () => {
    const report = attendanceReport(conference('ended', at(60)), invited, levels, events, at(999));
    expect(report.until).toBe(at(60));
    expect(report.points).toEqual([
      expect.objectContaining({
        pointId: 'P',
        firstJoin: at(0),
        lastLeave: at(60), // never recorded its leave: it left when the conference ended
        connected: false,
        minutesConnected: 60,
        peakHeadcount: 200,
        lastHeadcount: 200,
      }),
      expect.objectContaining({
        pointId: 'D1',
        firstJoin: at(2),
        lastLeave: at(50),
        minutesConnected: 48,
        peakHeadcount: 40,
        lastHeadcount: 35,
      }),
      expect.objectContaining({
        pointId: 'C1',
        firstJoin: at(10),
        lastLeave: at(60),
        minutesConnected: 5 + 30,
        peakHeadcount: 25,
      }),
      {
        pointId: 'C2',
        pointName: 'C2 hall',
        unit: { id: 'u-C2', code: 'C2', name: 'Unit C2', level: 'commune' },
        firstJoin: null,
        lastLeave: null,
        connected: false,
        minutesConnected: 0,
        peakHeadcount: null,
        lastHeadcount: null,
      },
    ]);
    expect(report.totals).toEqual({
      pointsInvited: 4,
      pointsAttended: 3,
      attendances: 200 + 40 + 25,
      minutesConnected: 60 + 48 + 35,
      peakConcurrentPoints: 3,
    });
    expect(report.byLevel).toEqual([
      { level: 'province', pointsInvited: 1, pointsAttended: 1, attendances: 200, minutesConnected: 60 },
      { level: 'district', pointsInvited: 1, pointsAttended: 1, attendances: 40, minutesConnected: 48 },
      { level: 'commune', pointsInvited: 2, pointsAttended: 1, attendances: 25, minutesConnected: 35 },
    ]);
  });

  it('counts open sessions up to now while live and shows them connected without a last leave', () => {
    const report = attendanceReport(conference('live', null), invited, levels, events, at(40));
    expect(report.until).toBe(at(40));
    const byId = new Map(report.points.map((p) => [p.pointId, p]));
    expect(byId.get('P')).toMatchObject({ connected: true, lastLeave: null, minutesConnected: 40 });
    expect(byId.get('D1')).toMatchObject({ connected: true, lastLeave: null, minutesConnected: 38 });
    expect(byId.get('C1')).toMatchObject({ connected: true, lastLeave: null, minutesConnected: 15 });
    expect(byId.get('C2')).toMatchObject({ connected: false, lastLeave: null, minutesConnected: 0 });
  });

  it('rounds the total from the exact times, not the rounded minutes', () => {
    const twoPoints = [point('A', 'commune'), point('B', 'commune')];
    const halves = [
      ev('A', 'join', 0, 'a'),
      ev('A', 'leave', 0.4, 'a'),
      ev('B', 'join', 0, 'b'),
      ev('B', 'leave', 0.4, 'b'),
    ];
    const report = attendanceReport(conference('ended', at(10)), twoPoints, levels, halves, at(10));
    expect(report.points.map((p) => p.minutesConnected)).toEqual([0, 0]);
    expect(report.totals.minutesConnected).toBe(1);
  });

  it('reports a conference that never ran with every point absent', () => {
    const report = attendanceReport(
      { ...conference('scheduled', null), startedAt: null },
      invited,
      levels,
      [],
      at(5),
    );
    expect(report.totals).toEqual({
      pointsInvited: 4,
      pointsAttended: 0,
      attendances: 0,
      minutesConnected: 0,
      peakConcurrentPoints: 0,
    });
  });
});

describe('liveTotals', () => {
  it('sums invited, connected points and the people in connected halls by level', () => {
    const totals = liveTotals(conference('live', null), invited, levels, events, at(40));
    expect(totals).toEqual({
      conferenceId: 'conf',
      at: at(40),
      byLevel: [
        { level: 'province', pointsInvited: 1, pointsConnected: 1, people: 200 },
        { level: 'district', pointsInvited: 1, pointsConnected: 1, people: 35 },
        // C1 is back without a new headcount: its last one (25) still counts.
        { level: 'commune', pointsInvited: 2, pointsConnected: 1, people: 25 },
      ],
      total: { pointsInvited: 4, pointsConnected: 3, people: 260 },
    });
  });

  it('leaves out the people of a hall that is not connected', () => {
    const totals = liveTotals(conference('live', null), invited, levels, events, at(16));
    expect(totals.byLevel[2]).toEqual({ level: 'commune', pointsInvited: 2, pointsConnected: 0, people: 0 });
  });

  it('shows nothing connected once the conference is not live', () => {
    const totals = liveTotals(conference('ended', at(60)), invited, levels, events, at(40));
    expect(totals.total).toEqual({ pointsInvited: 4, pointsConnected: 0, people: 0 });
  });
});

describe('levelsTopDown', () => {
  it('orders levels by the mean depth of their units, whatever their names', () => {
    const units = [
      { id: 'c1', parent_id: 'd', level: 'xa' },
      { id: 'c2', parent_id: 'd', level: 'xa' },
      { id: 'd', parent_id: 'p', level: 'huyen' },
      { id: 'p', parent_id: null, level: 'tinh' },
      { id: 'c3', parent_id: 'p', level: 'xa' }, // a commune right under the province
    ];
    expect(levelsTopDown(units)).toEqual(['tinh', 'huyen', 'xa']);
  });

  it('survives a cycle in bad data', () => {
    const units = [
      { id: 'a', parent_id: 'b', level: 'odd' },
      { id: 'b', parent_id: 'a', level: 'odd' },
      { id: 'p', parent_id: null, level: 'tinh' },
    ];
    expect(levelsTopDown(units)).toEqual(['tinh', 'odd']);
  });
});
