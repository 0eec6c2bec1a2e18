import { describe, expect, it } from 'vitest';
import { connectedPoints, replayTimeline, type AttendanceEvent } from './timeline.js';

const T0 = Date.parse('2030-01-01T02:00:00.000Z');
/** The time `minutes` after T0. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const join = (pointId: string, sessionId: string, m: number): AttendanceEvent => ({
  pointId,
  kind: 'join',
  sessionId,
  headcount: null,
  at: at(m),
});
const leave = (pointId: string, sessionId: string, m: number): AttendanceEvent => ({
  ...join(pointId, sessionId, m),
  kind: 'leave',
});
const headcount = (pointId: string, n: number, m: number): AttendanceEvent => ({
  pointId,
  kind: 'headcount',
  sessionId: null,
  headcount: n,
  at: at(m),
});
const minutesOf = (ms: number | undefined) => (ms ?? NaN) / 60_000;

describe('replayTimeline', () => {
  it('adds up separate sessions and keeps the first join and the last leave', () => {
    const { points } = replayTimeline(
      [join('A', 's1', 0), leave('A', 's1', 10), join('A', 's2', 20), leave('A', 's2', 25)],
      at(60),
    );
    expect(points.get('A')).toEqual({
      firstJoin: at(0),
      lastLeave: at(25),
      connected: false,
      openSessions: [],
      connectedMs: 15 * 60_000,
      peakHeadcount: null,
      lastHeadcount: null,
    });
  });

  it('counts a reconnect that overlaps the old session once', () => {
    // s2 joins at 10 before s1's leave at 12 arrives: one stretch from 0 to 30.
    const { points, peakConcurrentPoints } = replayTimeline(
      [join('A', 's1', 0), join('A', 's2', 10), leave('A', 's1', 12), leave('A', 's2', 30)],
      at(60),
    );
    expect(minutesOf(points.get('A')?.connectedMs)).toBe(30);
    expect(points.get('A')?.lastLeave).toBe(at(30));
    expect(peakConcurrentPoints).toBe(1);
  });

  it('counts an open session up to the cut-off and reports no last leave', () => {
    const { points } = replayTimeline(
      [join('A', 's1', 5), leave('A', 's1', 10), join('A', 's2', 20)],
      at(50),
    );
    expect(points.get('A')).toMatchObject({
      connected: true,
      openSessions: ['s2'],
      lastLeave: null,
      firstJoin: at(5),
    });
    expect(minutesOf(points.get('A')?.connectedMs)).toBe(35);
  });

  it('ignores events after the cut-off', () => {
    const { points } = replayTimeline(
      [join('A', 's1', 0), headcount('A', 40, 1), leave('A', 's1', 70), join('B', 'b1', 65)],
      at(60),
    );
    expect(points.get('A')).toMatchObject({ connected: true, lastLeave: null });
    expect(minutesOf(points.get('A')?.connectedMs)).toBe(60);
    expect(points.has('B')).toBe(false);
  });

  it('ignores a leave for a session that never joined or already left, and a repeated join', () => {
    const { points } = replayTimeline(
      [
        leave('A', 'ghost', 1),
        join('A', 's1', 2),
        join('A', 's1', 3),
        leave('A', 's1', 4),
        leave('A', 's1', 9),
      ],
      at(60),
    );
    expect(points.get('A')).toMatchObject({ firstJoin: at(2), lastLeave: at(4), connected: false });
    expect(minutesOf(points.get('A')?.connectedMs)).toBe(2);
  });

  it('keeps the latest headcount as current and the highest as peak, corrections included', () => {
    const { points } = replayTimeline(
      [join('A', 's1', 0), headcount('A', 30, 1), headcount('A', 120, 2), headcount('A', 80, 3)],
      at(10),
    );
    expect(points.get('A')).toMatchObject({ lastHeadcount: 80, peakHeadcount: 120 });
  });

  it('takes events in time order whatever the input order; ties keep the input order', () => {
    const { points } = replayTimeline(
      [leave('A', 's1', 10), join('A', 's1', 0), headcount('A', 5, 4), headcount('A', 7, 4)],
      at(60),
    );
    expect(points.get('A')).toMatchObject({ lastLeave: at(10), lastHeadcount: 7, peakHeadcount: 7 });
    expect(minutesOf(points.get('A')?.connectedMs)).toBe(10);
  });

  it('finds the most points connected at once', () => {
    const { peakConcurrentPoints } = replayTimeline(
      [
        join('A', 'a', 0),
        join('B', 'b', 1),
        leave('A', 'a', 2),
        join('C', 'c', 3),
        join('A', 'a2', 4), // A, B and C at once
        leave('B', 'b', 5),
        join('C', 'c2', 6), // a second session of C is still one point
      ],
      at(60),
    );
    expect(peakConcurrentPoints).toBe(3);
  });
});

describe('connectedPoints', () => {
  it('is the points with a session joined and not left', () => {
    const events = [
      join('A', 'a', 0),
      join('B', 'b1', 1),
      join('B', 'b2', 2),
      leave('B', 'b1', 3), // B's replaced session leaves: B stays
      join('C', 'c', 1),
      leave('C', 'c', 4),
      headcount('D', 50, 1), // reported but never joined
    ];
    expect(connectedPoints(events, at(5))).toEqual(new Set(['A', 'B']));
    expect(connectedPoints(events, at(1))).toEqual(new Set(['A', 'B', 'C']));
  });
});
