import type { LiveAttendance } from '@diemcau/protocol';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Room } from '../sfu/room.js';
import { AttendanceFeed } from './attendance-feed.js';

describe('AttendanceFeed', () => {
  const sent: LiveAttendance[] = [];
  let reads = 0;
  const totals = async (conferenceId: string): Promise<LiveAttendance> => {
    reads++;
    return {
      conferenceId,
      at: new Date().toISOString(),
      byLevel: [],
      total: { pointsInvited: reads, pointsConnected: 0, people: 0 },
    };
  };
  const host = { role: 'host', closed: false, notify: (_m: string, data: LiveAttendance) => sent.push(data) };
  const point = { role: 'point', closed: false, notify: () => expect.unreachable() };
  const rooms = { find: async () => ({ peers: [host, point] }) as unknown as Room };

  beforeEach(() => {
    vi.useFakeTimers();
    sent.length = 0;
    reads = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('sends the hosts the totals at most once per interval, however many changes come', async () => {
    const feed = new AttendanceFeed(totals, rooms, pino({ level: 'silent' }), 1_000);
    feed.changed('c1');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    for (let i = 0; i < 50; i++) feed.changed('c1');
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    expect(reads).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toHaveLength(2);
  });

  it('reads nothing for a room without hosts', async () => {
    const feed = new AttendanceFeed(totals, { find: async () => undefined }, pino({ level: 'silent' }));
    feed.changed('c2');
    await vi.advanceTimersByTimeAsync(10);
    expect(reads).toBe(0);
  });
});
