import type { AttendanceReport, Conference, LiveAttendance } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/units/csv.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, threeTier, type Tree } from './helpers/tree-fixture.js';

const T0 = Date.parse('2030-01-01T02:00:00.000Z');
/** `minutes` after T0, as a Date (what the service takes) or ISO text (what it gives back). */
const time = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => time(minutes).toISOString();

describe.each(DIALECTS)('attendance on %s', (kind) => {
  let api: TestApi;
  let host: string;
  let admin: string;
  let tree: Tree; // A: A-D1 (A-D1-C1, A-D1-C2), A-D2 (A-D2-C1, A-D2-C2)

  beforeAll(async () => {
    api = await startTestApi(kind);
    host = (await signedIn(api, 'host')).token;
    admin = (await signedIn(api, 'admin')).token;
    tree = await insertTree(api.app.database.db, threeTier('A'));
  });
  afterAll(async () => api.close());

  const attendance = () => api.app.services.attendance;
  const pointId = (code: string) => tree.point(code).id;

  async function lifecycle(id: string, action: 'start' | 'end'): Promise<void> {
    const res = await api.request({ method: 'POST', url: `/api/conferences/${id}/${action}`, as: host });
    expect(res.statusCode, res.body).toBe(200);
  }

  /** A live conference inviting the district A-D1 (three points) and the single point A-D2-C1. */
  async function liveConference(): Promise<Conference> {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: {
        title: 'Hội nghị quán triệt nghị quyết',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { units: [tree.unitId('A-D1')], points: [pointId('A-D2-C1')] },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const conference: Conference = res.json();
    await lifecycle(conference.id, 'start');
    return conference;
  }

  /** Pins the conference's start and end to the scripted clock (the REST lifecycle stamps real times). */
  async function pinTimes(id: string, startedAt: string, endedAt: string | null): Promise<void> {
    await api.app.database.db
      .updateTable('conferences')
      .set({ started_at: startedAt, ended_at: endedAt })
      .where('id', '=', id)
      .execute();
  }

  /** The scripted timeline of the report tests. */
  async function script(id: string): Promise<void> {
    const a = attendance();
    await a.recordJoin(id, pointId('A-D1'), 'd1-s1', time(0));
    await a.recordHeadcount(id, pointId('A-D1'), 60, time(1));
    // A reconnect: the new session joins before the old one's leave is recorded.
    await a.recordJoin(id, pointId('A-D1'), 'd1-s2', time(20));
    await a.recordLeave(id, pointId('A-D1'), 'd1-s1', time(21));
    await a.recordHeadcount(id, pointId('A-D1'), 55, time(30)); // a correction down
    await a.recordLeave(id, pointId('A-D1'), 'd1-s2', time(45));
    await a.recordJoin(id, pointId('A-D1-C1'), 'c1-s1', time(5));
    await a.recordHeadcount(id, pointId('A-D1-C1'), 30, time(6));
    await a.recordHeadcount(id, pointId('A-D1-C1'), 35, time(7)); // a correction up
    await a.recordLeave(id, pointId('A-D1-C1'), 'c1-s1', time(15));
    await a.recordJoin(id, pointId('A-D1-C1'), 'c1-s2', time(40)); // never leaves
    await a.recordJoin(id, pointId('A-D2-C1'), 'x-s1', time(10));
    await a.recordLeave(id, pointId('A-D2-C1'), 'x-s1', time(12));
    // A-D1-C2 never joins.
  }

  it('records joins, leaves and headcounts and reads them back in order', async () => {
    const c = await liveConference();
    const a = attendance();
    const p = pointId('A-D1-C2');
    await a.recordHeadcount(c.id, p, 12, time(2));
    await a.recordJoin(c.id, p, 'sock-1', time(1));
    await a.recordLeave(c.id, p, 'sock-1', time(3));
    await a.recordHeadcount(c.id, p, 0, time(3));
    expect(await a.events(c.id)).toEqual([
      { pointId: p, kind: 'join', sessionId: 'sock-1', headcount: null, at: iso(1) },
      { pointId: p, kind: 'headcount', sessionId: null, headcount: 12, at: iso(2) },
      { pointId: p, kind: 'leave', sessionId: 'sock-1', headcount: null, at: iso(3) },
      { pointId: p, kind: 'headcount', sessionId: null, headcount: 0, at: iso(3) },
    ]);
    await lifecycle(c.id, 'end');
  });

  it('stamps an event with the current time when none is given', async () => {
    const c = await liveConference();
    const before = new Date().toISOString();
    await attendance().recordJoin(c.id, pointId('A-D1'), 'now-1');
    const [event] = await attendance().events(c.id);
    const at = event?.at ?? '';
    expect(at >= before && at <= new Date().toISOString(), at).toBe(true);
    await lifecycle(c.id, 'end');
  });

  it('refuses a headcount outside 0–10,000 or not whole, and stores nothing', async () => {
    const c = await liveConference();
    for (const n of [-1, 10_001, 2.5, Number.NaN]) {
      await expect(attendance().recordHeadcount(c.id, pointId('A-D1'), n)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await attendance().recordHeadcount(c.id, pointId('A-D1'), 10_000);
    expect((await attendance().events(c.id)).map((e) => e.headcount)).toEqual([10_000]);
    await lifecycle(c.id, 'end');
  });

  it('closes the sessions left open (after a restart, or at the end) with one leave each', async () => {
    const c = await liveConference();
    const a = attendance();
    // In the past: the live totals read the timeline up to now.
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const closedAt = ago(1);
    await a.recordJoin(c.id, pointId('A-D1'), 'd-old', ago(10));
    await a.recordJoin(c.id, pointId('A-D1'), 'd-new', ago(9));
    await a.recordJoin(c.id, pointId('A-D1-C1'), 'c1', ago(8));
    await a.recordJoin(c.id, pointId('A-D1-C2'), 'c2', ago(7));
    await a.recordLeave(c.id, pointId('A-D1-C2'), 'c2', ago(6));
    expect((await a.liveTotals(c.id)).total.pointsConnected).toBe(2);

    expect(await a.closeOpenSessions(c.id, closedAt)).toBe(3);
    const leaves = (await a.events(c.id)).filter((e) => e.at === closedAt.toISOString());
    expect(leaves.map((e) => [e.kind, e.sessionId]).sort()).toEqual([
      ['leave', 'c1'],
      ['leave', 'd-new'],
      ['leave', 'd-old'],
    ]);
    expect((await a.liveTotals(c.id)).total.pointsConnected).toBe(0);
    expect(await a.closeOpenSessions(c.id, new Date())).toBe(0);
    await lifecycle(c.id, 'end');
  });

  it('refuses an event for an unknown conference or point', async () => {
    const c = await liveConference();
    await expect(attendance().recordJoin('no-such-conference', pointId('A-D1'), 's')).rejects.toThrow();
    await expect(attendance().recordJoin(c.id, 'no-such-point', 's')).rejects.toThrow();
    expect(await attendance().events(c.id)).toEqual([]);
    await lifecycle(c.id, 'end');
  });

  it('reports the scripted timeline of an ended conference', async () => {
    const c = await liveConference();
    await script(c.id);
    await lifecycle(c.id, 'end');
    await pinTimes(c.id, iso(0), iso(60));

    const res = await api.request({ method: 'GET', url: `/api/conferences/${c.id}/attendance`, as: host });
    expect(res.statusCode, res.body).toBe(200);
    const report: AttendanceReport = res.json();
    expect(report.conference).toEqual({
      id: c.id,
      title: 'Hội nghị quán triệt nghị quyết',
      status: 'ended',
      startedAt: iso(0),
      endedAt: iso(60),
    });
    expect(report.until).toBe(iso(60));
    const unit = (code: string, level: string) => ({
      id: tree.unitId(code),
      code,
      name: `Unit ${code}`,
      level,
    });
    expect(report.points).toEqual([
      {
        pointId: pointId('A-D1'),
        pointName: 'A-D1 hall',
        unit: unit('A-D1', 'district'),
        firstJoin: iso(0),
        lastLeave: iso(45),
        connected: false,
        minutesConnected: 45,
        peakHeadcount: 60,
        lastHeadcount: 55,
      },
      {
        pointId: pointId('A-D1-C1'),
        pointName: 'A-D1-C1 hall',
        unit: unit('A-D1-C1', 'commune'),
        firstJoin: iso(5),
        lastLeave: iso(60), // still open when the conference ended
        connected: false,
        minutesConnected: 10 + 20,
        peakHeadcount: 35,
        lastHeadcount: 35,
      },
      {
        pointId: pointId('A-D1-C2'),
        pointName: 'A-D1-C2 hall',
        unit: unit('A-D1-C2', 'commune'),
        firstJoin: null,
        lastLeave: null,
        connected: false,
        minutesConnected: 0,
        peakHeadcount: null,
        lastHeadcount: null,
      },
      {
        pointId: pointId('A-D2-C1'),
        pointName: 'A-D2-C1 hall',
        unit: unit('A-D2-C1', 'commune'),
        firstJoin: iso(10),
        lastLeave: iso(12),
        connected: false,
        minutesConnected: 2,
        peakHeadcount: null,
        lastHeadcount: null,
      },
    ]);
    expect(report.totals).toEqual({
      pointsInvited: 4,
      pointsAttended: 3,
      attendances: 60 + 35,
      minutesConnected: 45 + 30 + 2,
      peakConcurrentPoints: 3, // at minute 10: A-D1, A-D1-C1 and A-D2-C1
    });
    expect(report.byLevel).toEqual([
      { level: 'district', pointsInvited: 1, pointsAttended: 1, attendances: 60, minutesConnected: 45 },
      { level: 'commune', pointsInvited: 3, pointsAttended: 2, attendances: 35, minutesConnected: 32 },
    ]);
  });

  it('gives live totals by unit level while live, and the report counts open sessions up to now', async () => {
    const c = await liveConference();
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * 60_000);
    const a = attendance();
    await a.recordJoin(c.id, pointId('A-D1'), 'd', ago(30));
    await a.recordHeadcount(c.id, pointId('A-D1'), 80, ago(29));
    await a.recordJoin(c.id, pointId('A-D1-C1'), 'c1', ago(20));
    await a.recordHeadcount(c.id, pointId('A-D1-C1'), 25, ago(19));
    await a.recordJoin(c.id, pointId('A-D1-C2'), 'c2', ago(10));
    await a.recordHeadcount(c.id, pointId('A-D1-C2'), 40, ago(9));
    await a.recordLeave(c.id, pointId('A-D1-C2'), 'c2', ago(5));

    const live = await api.request({
      method: 'GET',
      url: `/api/conferences/${c.id}/attendance/live`,
      as: host,
    });
    expect(live.statusCode, live.body).toBe(200);
    const totals: LiveAttendance = live.json();
    expect(totals.byLevel).toEqual([
      { level: 'district', pointsInvited: 1, pointsConnected: 1, people: 80 },
      { level: 'commune', pointsInvited: 3, pointsConnected: 1, people: 25 },
    ]);
    expect(totals.total).toEqual({ pointsInvited: 4, pointsConnected: 2, people: 105 });
    expect(await a.liveTotals(c.id)).toMatchObject({ conferenceId: c.id, total: totals.total });

    const report: AttendanceReport = (
      await api.request({ method: 'GET', url: `/api/conferences/${c.id}/attendance`, as: admin })
    ).json();
    const byCode = new Map(report.points.map((p) => [p.unit.code, p]));
    expect(byCode.get('A-D1')).toMatchObject({ connected: true, lastLeave: null, minutesConnected: 30 });
    expect(byCode.get('A-D1-C2')).toMatchObject({ connected: false, minutesConnected: 5 });

    await lifecycle(c.id, 'end');
    const after = await attendance().liveTotals(c.id);
    expect(after.total).toEqual({ pointsInvited: 4, pointsConnected: 0, people: 0 });
  });

  it('gives the per-point table as CSV: BOM, CRLF, header, Vietnamese names and defused formulas', async () => {
    const c = await liveConference();
    await script(c.id);
    await lifecycle(c.id, 'end');
    await pinTimes(c.id, iso(0), iso(60));
    const db = api.app.database.db;
    await db
      .updateTable('units')
      .set({ name: 'Xã Xuân Canh' })
      .where('id', '=', tree.unitId('A-D1-C1'))
      .execute();
    await db
      .updateTable('bridge_points')
      .set({ name: '=cmd|calc' })
      .where('id', '=', pointId('A-D1-C2'))
      .execute();

    const res = await api.request({
      method: 'GET',
      url: `/api/conferences/${c.id}/attendance.csv`,
      as: host,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="attendance-${c.id}.csv"`);
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFunit_code,unit_name,unit_level,point_name,first_join,last_leave,minutes_connected,peak_headcount,last_headcount',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(text).records.map((r) => r.fields);
    expect(rows.slice(1)).toEqual([
      ['A-D1', 'Unit A-D1', 'district', 'A-D1 hall', iso(0), iso(45), '45', '60', '55'],
      ['A-D1-C1', 'Xã Xuân Canh', 'commune', 'A-D1-C1 hall', iso(5), iso(60), '30', '35', '35'],
      ['A-D1-C2', 'Unit A-D1-C2', 'commune', "'=cmd|calc", '', '', '0', '', ''],
      ['A-D2-C1', 'Unit A-D2-C1', 'commune', 'A-D2-C1 hall', iso(10), iso(12), '2', '', ''],
    ]);
    await db
      .updateTable('units')
      .set({ name: 'Unit A-D1-C1' })
      .where('id', '=', tree.unitId('A-D1-C1'))
      .execute();
    await db
      .updateTable('bridge_points')
      .set({ name: 'A-D1-C2 hall' })
      .where('id', '=', pointId('A-D1-C2'))
      .execute();
  });

  it('documents its routes in the OpenAPI description', async () => {
    const paths = Object.keys((await api.request({ method: 'GET', url: '/docs/json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/conferences/{id}/attendance',
        '/api/conferences/{id}/attendance.csv',
        '/api/conferences/{id}/attendance/live',
      ]),
    );
  });

  it('answers 404 for an unknown conference', async () => {
    for (const url of ['attendance', 'attendance.csv', 'attendance/live']) {
      const res = await api.request({ method: 'GET', url: `/api/conferences/no-such-id/${url}`, as: host });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('refuses anonymous callers (401) and bridge points (403)', async () => {
    const c = await liveConference();
    const point = api.app.services.joinTokens.mint({
      conferenceId: c.id,
      role: 'point',
      pointId: pointId('A-D1'),
    }).token;
    for (const url of ['attendance', 'attendance.csv', 'attendance/live']) {
      const anonymous = await api.request({ method: 'GET', url: `/api/conferences/${c.id}/${url}` });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
      const asPoint = await api.request({ method: 'GET', url: `/api/conferences/${c.id}/${url}`, as: point });
      expect(asPoint.statusCode, url).toBe(403);
      expect(asPoint.json().error.code).toBe('FORBIDDEN');
    }
    await lifecycle(c.id, 'end');
  });
});
