import type { Conference, ConferenceDetail } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, threeTier, twoTier, type Tree } from './helpers/tree-fixture.js';

describe.each(DIALECTS)('conferences on %s', (kind) => {
  let api: TestApi;
  let host: string;
  let admin: string;
  let tree: Tree; // T: T-D1 (T-D1-C1, T-D1-C2), T-D2 (T-D2-C1, T-D2-C2)
  let flat: Tree; // F: F-C1, F-C2, F-C3

  beforeAll(async () => {
    api = await startTestApi(kind);
    host = (await signedIn(api, 'host')).token;
    admin = (await signedIn(api, 'admin')).token;
    tree = await insertTree(api.app.database.db, threeTier('T'));
    flat = await insertTree(api.app.database.db, twoTier('F'));
  });
  afterAll(async () => api.close());

  async function schedule(body: Record<string, unknown> = {}, as = host): Promise<Conference> {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as,
      payload: { title: 'Hội nghị', scheduledStart: '2030-01-01T02:00:00Z', invite: {}, ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function detail(id: string): Promise<ConferenceDetail> {
    const res = await api.request({ method: 'GET', url: `/api/conferences/${id}`, as: host });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  const act = (id: string, action: string, as = host) =>
    api.request({ method: 'POST', url: `/api/conferences/${id}/${action}`, as });

  const invitedCodes = (d: ConferenceDetail) => d.invitedPoints.map((p) => p.unit.code).sort();

  describe('invitations', () => {
    it('resolves a subtree plus a single point to every point below and that point', async () => {
      const c = await schedule({
        invite: { units: [tree.unitId('T-D1')], points: [tree.point('T-D2-C2').id] },
      });
      expect(c).toMatchObject({
        status: 'scheduled',
        startedAt: null,
        endedAt: null,
        watchAccess: 'none',
        watchSlug: null,
        invite: { units: [tree.unitId('T-D1')], points: [tree.point('T-D2-C2').id] },
      });
      const d = await detail(c.id);
      expect(invitedCodes(d)).toEqual(['T-D1', 'T-D1-C1', 'T-D1-C2', 'T-D2-C2']);
      expect(d.invitedPoints.every((p) => p.live.state === 'offline')).toBe(true);
      expect(d.invitedPoints.find((p) => p.unit.code === 'T-D1-C1')).toMatchObject({
        id: tree.point('T-D1-C1').id,
        name: 'T-D1-C1 hall',
        unit: { id: tree.unitId('T-D1-C1'), name: 'Unit T-D1-C1', level: 'commune' },
      });
    });

    it('reaches every depth from the province, and a two-tier tree', async () => {
      const whole = await detail((await schedule({ invite: { units: [tree.unitId('T')] } })).id);
      expect(invitedCodes(whole)).toEqual([...tree.points.keys()].sort());
      const two = await detail((await schedule({ invite: { units: [flat.unitId('F')] } })).id);
      expect(invitedCodes(two)).toEqual(['F', 'F-C1', 'F-C2', 'F-C3']);
    });

    it('counts a point once when invited both ways, and stores each id once', async () => {
      const c = await schedule({
        invite: {
          units: [flat.unitId('F-C1'), flat.unitId('F-C1')],
          points: [flat.point('F-C1').id, flat.point('F-C2').id],
        },
      });
      expect(c.invite.units).toEqual([flat.unitId('F-C1')]);
      expect(invitedCodes(await detail(c.id))).toEqual(['F-C1', 'F-C2']);
    });

    it('accepts an empty invitation (a livestream-only event)', async () => {
      const c = await schedule({ invite: {} });
      expect(c.invite).toEqual({ units: [], points: [] });
      expect((await detail(c.id)).invitedPoints).toEqual([]);
    });

    it('refuses unknown unit and point ids by name and stores nothing', async () => {
      const before = await api.request({ method: 'GET', url: '/api/conferences?limit=1', as: host });
      const res = await api.request({
        method: 'POST',
        url: '/api/conferences',
        as: host,
        payload: {
          title: 'Bad',
          scheduledStart: '2030-01-01T00:00:00Z',
          invite: { units: ['no-such-unit', tree.unitId('T')], points: ['no-such-point'] },
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { unknownUnits: ['no-such-unit'], unknownPoints: ['no-such-point'] },
      });
      expect(res.json().error.message).toContain('no-such-unit');
      const after = await api.request({ method: 'GET', url: '/api/conferences?limit=1', as: host });
      expect(after.json().total).toBe(before.json().total);
    });

    it('rejects unknown fields and a malformed start', async () => {
      const extra = await api.request({
        method: 'POST',
        url: '/api/conferences',
        as: host,
        payload: { title: 'x', scheduledStart: '2030-01-01T00:00:00Z', invite: {}, room: 'a' },
      });
      expect(extra.statusCode).toBe(400);
      const badDate = await api.request({
        method: 'POST',
        url: '/api/conferences',
        as: host,
        payload: { title: 'x', scheduledStart: 'tomorrow', invite: {} },
      });
      expect(badDate.json().error.code).toBe('VALIDATION_FAILED');
    });

    it('a 404 for an unknown conference', async () => {
      const res = await api.request({ method: 'GET', url: '/api/conferences/nope', as: host });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    });
  });

  describe('update', () => {
    it('changes fields and replaces the invitation in one go, audited', async () => {
      const c = await schedule({ invite: { units: [tree.unitId('T-D1')] } });
      const res = await api.request({
        method: 'PATCH',
        url: `/api/conferences/${c.id}`,
        as: admin,
        payload: {
          title: 'Renamed',
          scheduledStart: '2030-02-01T09:00:00+07:00',
          invite: { points: [tree.point('T-D2-C1').id] },
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        title: 'Renamed',
        scheduledStart: '2030-02-01T02:00:00.000Z',
        invite: { units: [], points: [tree.point('T-D2-C1').id] },
      });
      expect(invitedCodes(await detail(c.id))).toEqual(['T-D2-C1']);
      const audit = await api.request({
        method: 'GET',
        url: `/api/audit?action=conference.update&targetId=${c.id}`,
        as: admin,
      });
      expect(audit.json().items[0]).toMatchObject({
        actorKind: 'admin',
        details: { fields: ['invite', 'scheduledStart', 'title'] },
      });
    });

    it('keeps the invitation when none is given, and leaves it intact when the new one is bad', async () => {
      const c = await schedule({ invite: { units: [tree.unitId('T-D2')] } });
      const kept = await api.request({
        method: 'PATCH',
        url: `/api/conferences/${c.id}`,
        as: host,
        payload: { description: 'Agenda' },
      });
      expect(kept.json()).toMatchObject({ description: 'Agenda', invite: { units: [tree.unitId('T-D2')] } });
      const bad = await api.request({
        method: 'PATCH',
        url: `/api/conferences/${c.id}`,
        as: host,
        payload: { title: 'Lost', invite: { units: ['missing'] } },
      });
      expect(bad.statusCode).toBe(400);
      const d = await detail(c.id);
      expect(d.title).toBe('Hội nghị');
      expect(invitedCodes(d)).toEqual(['T-D2', 'T-D2-C1', 'T-D2-C2']);
    });

    it('is refused once live, ended or cancelled', async () => {
      const live = await schedule();
      await act(live.id, 'start');
      const ended = await schedule();
      await act(ended.id, 'start');
      await act(ended.id, 'end');
      const cancelled = await schedule();
      await act(cancelled.id, 'cancel');
      for (const [c, status] of [
        [live, 'live'],
        [ended, 'ended'],
        [cancelled, 'cancelled'],
      ] as const) {
        const res = await api.request({
          method: 'PATCH',
          url: `/api/conferences/${c.id}`,
          as: host,
          payload: { title: 'Too late' },
        });
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toMatchObject({
          code: 'CONFLICT',
          message: `cannot change a conference that is ${status}: only a scheduled conference can be changed`,
        });
      }
    });
  });

  describe('lifecycle', () => {
    async function inStatus(status: string): Promise<string> {
      const { id } = await schedule();
      if (status === 'live' || status === 'ended') expect((await act(id, 'start')).statusCode).toBe(200);
      if (status === 'ended') expect((await act(id, 'end')).statusCode).toBe(200);
      if (status === 'cancelled') expect((await act(id, 'cancel')).statusCode).toBe(200);
      return id;
    }

    const LEGAL: Record<string, [string, string]> = {
      start: ['scheduled', 'live'],
      end: ['live', 'ended'],
      cancel: ['scheduled', 'cancelled'],
    };

    for (const action of ['start', 'end', 'cancel']) {
      for (const status of ['scheduled', 'live', 'ended', 'cancelled']) {
        const [from, to] = LEGAL[action] ?? ['', ''];
        if (status === from) {
          it(`${action}: ${from} → ${to}, audited with actor and ip`, async () => {
            const id = await inStatus(status);
            const res = await api.request({
              method: 'POST',
              url: `/api/conferences/${id}/${action}`,
              as: host,
              remoteAddress: '10.1.2.3',
            });
            expect(res.statusCode, res.body).toBe(200);
            const c: Conference = res.json();
            expect(c.status).toBe(to);
            if (action === 'start')
              expect(Date.parse(c.startedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
            if (action === 'end') expect(c.endedAt).not.toBeNull();
            if (action === 'cancel') expect([c.startedAt, c.endedAt]).toEqual([null, null]);
            const audit = await api.request({
              method: 'GET',
              url: `/api/audit?action=conference.${action}&targetId=${id}`,
              as: admin,
            });
            expect(audit.json().items).toMatchObject([
              { actorKind: 'host', ip: '10.1.2.3', targetKind: 'conference', targetId: id },
            ]);
          });
        } else {
          it(`${action} from ${status} is a 409`, async () => {
            const id = await inStatus(status);
            const res = await act(id, action);
            expect(res.statusCode).toBe(409);
            expect(res.json().error).toMatchObject({
              code: 'CONFLICT',
              message: `cannot ${action} a conference that is ${status}: only a ${from} conference can ${action}`,
            });
            expect((await detail(id)).status).toBe(status);
          });
        }
      }
    }

    it('audits creation and answers 404 for an unknown conference', async () => {
      const c = await schedule();
      const audit = await api.request({
        method: 'GET',
        url: `/api/audit?action=conference.create&targetId=${c.id}`,
        as: admin,
      });
      expect(audit.json().items).toMatchObject([{ actorKind: 'host', details: { title: 'Hội nghị' } }]);
      expect((await act('missing', 'start')).statusCode).toBe(404);
    });

    it('shows a connected point online only while live', async () => {
      const c = await schedule({ invite: { points: [flat.point('F-C3').id] } });
      const pointId = flat.point('F-C3').id;
      api.app.services.presence.connected(c.id, pointId, 'socket-1');
      expect((await detail(c.id)).invitedPoints[0]?.live.state).toBe('offline');
      await act(c.id, 'start');
      expect((await detail(c.id)).invitedPoints[0]?.live.state).toBe('online');
      await act(c.id, 'end');
      expect((await detail(c.id)).invitedPoints[0]?.live.state).toBe('offline');
    });

    it('forgets who was connected once the conference ends, and says so on its events', async () => {
      const c = await schedule({ invite: { points: [flat.point('F-C3').id] } });
      const pointId = flat.point('F-C3').id;
      const { presence, conferenceEvents } = api.app.services;
      const ended: string[] = [];
      const heard = (id: string) => ended.push(id);
      conferenceEvents.on('ended', heard);
      try {
        await act(c.id, 'start');
        presence.connected(c.id, pointId, 'socket-1');
        await act(c.id, 'end');
        expect(presence.isOnline(c.id, pointId)).toBe(false);
        expect(ended).toEqual([c.id]);
      } finally {
        conferenceEvents.off('ended', heard);
      }
    });
  });

  describe('list', () => {
    // A month of its own so that conferences made by other tests stay out of the way.
    const at = (day: number) => `2041-03-${String(day).padStart(2, '0')}T01:00:00.000Z`;
    const range = `from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(at(31))}`;
    let ids: string[];

    beforeAll(async () => {
      ids = [];
      for (const day of [5, 1, 9, 3, 7]) {
        const invite = day === 7 ? { units: [flat.unitId('F')] } : {};
        ids.push((await schedule({ scheduledStart: at(day), invite })).id);
      }
      await act(ids[2] ?? '', 'start'); // day 9
      await act(ids[3] ?? '', 'cancel'); // day 3
    });

    const list = async (query: string, within = range) => {
      const res = await api.request({ method: 'GET', url: `/api/conferences?${within}&${query}`, as: host });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Conference[]; total: number; limit: number; offset: number };
    };
    const days = (items: Conference[]) => items.map((c) => Number(c.scheduledStart.slice(8, 10)));

    it('filters by date range, oldest first, with a total', async () => {
      const page = await list('');
      expect(page.total).toBe(5);
      expect(days(page.items)).toEqual([1, 3, 5, 7, 9]);
      const inner = await list('', `from=${encodeURIComponent(at(3))}&to=${encodeURIComponent(at(9))}`);
      expect(days(inner.items)).toEqual([3, 5, 7]); // from inclusive, to exclusive
    });

    it('filters by status', async () => {
      expect(days((await list('status=scheduled')).items)).toEqual([1, 5, 7]);
      expect(days((await list('status=live')).items)).toEqual([9]);
      expect(days((await list('status=cancelled')).items)).toEqual([3]);
      expect((await list('status=ended')).total).toBe(0);
    });

    it('pages, in either order', async () => {
      const second = await list('limit=2&offset=2');
      expect(second).toMatchObject({ total: 5, limit: 2, offset: 2 });
      expect(days(second.items)).toEqual([5, 7]);
      expect(days((await list('limit=2&order=desc')).items)).toEqual([9, 7]);
      const beyond = await list('offset=10');
      expect(beyond.items).toEqual([]);
      expect(beyond.total).toBe(5);
    });

    it('carries each conference’s invitation', async () => {
      const invites = (await list('')).items.map((c) => c.invite);
      expect(invites[3]).toEqual({ units: [flat.unitId('F')], points: [] }); // day 7
      expect(invites.filter((i) => i.units.length + i.points.length === 0)).toHaveLength(4);
    });

    it('rejects a bad filter', async () => {
      const res = await api.request({ method: 'GET', url: '/api/conferences?status=open', as: host });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('roles', () => {
    it('refuses anonymous callers with 401 on every conference route', async () => {
      const c = await schedule();
      const create = { title: 'x', scheduledStart: '2030-01-01T00:00:00Z', invite: {} };
      for (const [method, url, payload] of [
        ['POST', '/api/conferences', create],
        ['GET', '/api/conferences'],
        ['GET', `/api/conferences/${c.id}`],
        ['PATCH', `/api/conferences/${c.id}`, { title: 'y' }],
        ['POST', `/api/conferences/${c.id}/start`],
        ['POST', `/api/conferences/${c.id}/end`],
        ['POST', `/api/conferences/${c.id}/cancel`],
        ['POST', `/api/conferences/${c.id}/viewer-token`],
      ] as const) {
        const res = await api.request({ method, url, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses a bridge point with 403 and audits the refusal', async () => {
      const c = await schedule({ invite: { points: [tree.point('T').id] } });
      await act(c.id, 'start');
      const { token } = api.app.services.joinTokens.mint({
        conferenceId: c.id,
        role: 'point',
        pointId: tree.point('T').id,
      });
      for (const [method, url, payload] of [
        ['POST', '/api/conferences', { title: 'x', scheduledStart: '2030-01-01T00:00:00Z', invite: {} }],
        ['GET', `/api/conferences/${c.id}`],
        ['POST', `/api/conferences/${c.id}/end`],
      ] as const) {
        const res = await api.request({ method, url, as: token, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      const audit = await api.request({
        method: 'GET',
        url: `/api/audit?action=access.denied&actorId=${tree.point('T').id}`,
        as: admin,
      });
      expect(audit.json().total).toBe(3);
      expect((await detail(c.id)).status).toBe('live');
    });

    it('documents every route in the OpenAPI document', async () => {
      const paths = Object.keys((await api.request({ method: 'GET', url: '/docs/json' })).json().paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/conferences',
          '/api/conferences/{id}',
          '/api/conferences/{id}/start',
          '/api/conferences/{id}/end',
          '/api/conferences/{id}/cancel',
          '/api/conferences/{id}/viewer-token',
          '/api/join',
          '/api/watch/{slug}',
        ]),
      );
    });

    it('lets both hosts and admins run conferences', async () => {
      const c = await schedule({}, admin);
      expect((await act(c.id, 'start', host)).statusCode).toBe(200);
      expect((await act(c.id, 'end', admin)).statusCode).toBe(200);
    });
  });
});
