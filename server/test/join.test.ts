import type { Conference, JoinResponse } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, revokePoint, threeTier, twoTier, type Tree } from './helpers/tree-fixture.js';

describe.each(DIALECTS)('join links on %s', (kind) => {
  let api: TestApi;
  let host: string;
  let admin: string;
  let tree: Tree; // J: J-D1 (J-D1-C1, J-D1-C2), J-D2 (J-D2-C1, J-D2-C2)
  let flat: Tree; // K: K-C1, K-C2, K-C3
  let nextIp = 1;

  beforeAll(async () => {
    api = await startTestApi(kind);
    host = (await signedIn(api, 'host')).token;
    admin = (await signedIn(api, 'admin')).token;
    tree = await insertTree(api.app.database.db, threeTier('J'));
    flat = await insertTree(api.app.database.db, twoTier('K'));
  });
  afterAll(async () => api.close());

  /** Each call from its own address, so the per-IP limit only bites in the test about it. */
  const join = (token: string, remoteAddress = `10.9.0.${nextIp++}`) =>
    api.request({ method: 'POST', url: '/api/join', payload: { token }, remoteAddress });

  async function schedule(
    invite: object,
    start = '2030-01-01T02:00:00Z',
    title = 'Hội nghị',
  ): Promise<Conference> {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: { title, scheduledStart: start, invite },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function live(invite: object, title?: string): Promise<Conference> {
    const c = await schedule(invite, undefined, title);
    const res = await api.request({ method: 'POST', url: `/api/conferences/${c.id}/start`, as: host });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  const end = (id: string) => api.request({ method: 'POST', url: `/api/conferences/${id}/end`, as: host });

  const auditOf = async (query: string) =>
    (await api.request({ method: 'GET', url: `/api/audit?${query}`, as: admin })).json();

  it('refuses an unknown link with 404 and audits the attempt with its address', async () => {
    const res = await join('x'.repeat(43), '10.8.0.1');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    const audit = await auditOf('action=join.refused');
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        actorKind: 'anonymous',
        ip: '10.8.0.1',
        details: { reason: 'unknown link' },
      }),
    );
  });

  it('answers a revoked link exactly like an unknown one', async () => {
    const point = tree.point('J-D2-C2');
    const c = await live({ points: [point.id] });
    await revokePoint(api.app.database.db, point.id);
    const revoked = await join(point.token);
    const unknown = await join('y'.repeat(43));
    expect(revoked.statusCode).toBe(404);
    expect(revoked.json()).toEqual(unknown.json());
    const audit = await auditOf(`action=join.refused&targetId=${point.id}`);
    expect(audit.items).toMatchObject([{ details: { reason: 'revoked link' } }]);
    await end(c.id);
  });

  it('refuses a point that no live conference invites, even while another is live', async () => {
    const other = await live({ units: [tree.unitId('J-D1')] });
    const res = await join(flat.point('K-C1').token);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'CONFLICT',
      message: 'no live conference for this point',
      details: { next: null },
    });
    await end(other.id);
  });

  it('tells an invited point whose conference is not live yet when the next one starts', async () => {
    const point = flat.point('K-C2');
    await schedule({ points: [point.id] }, '2031-05-01T01:00:00Z', 'Later');
    await schedule({ units: [flat.unitId('K')] }, '2031-04-01T01:00:00+07:00', 'Sooner');
    const res = await join(point.token);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual({
      next: { title: 'Sooner', scheduledStart: '2031-03-31T18:00:00.000Z' },
    });
  });

  it('gives a point of a live conference a join token for it, audited', async () => {
    const point = tree.point('J-D1-C1');
    const c = await live({ points: [point.id] });
    const res = await join(point.token, '10.7.0.1');
    expect(res.statusCode, res.body).toBe(200);
    const body: JoinResponse = res.json();
    expect(body).toMatchObject({
      conference: { id: c.id, title: 'Hội nghị' },
      point: { id: point.id, name: 'J-D1-C1 hall', unitName: 'Unit J-D1-C1' },
    });
    const grant = api.app.services.joinTokens.verify(body.joinToken);
    expect(grant).toMatchObject({ conferenceId: c.id, pointId: point.id, role: 'point' });
    expect(grant?.accountId).toBeUndefined();
    expect(Date.parse(body.expiresAt)).toBe((grant?.exp ?? 0) * 1000);
    const audit = await auditOf(`action=join.token&actorId=${point.id}`);
    expect(audit.items).toMatchObject([
      { actorKind: 'point', ip: '10.7.0.1', targetKind: 'conference', targetId: c.id },
    ]);

    // The join token is a point principal: it can call no host route, and the refusal is audited.
    const refused = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: body.joinToken,
      payload: { title: 'x', scheduledStart: '2030-01-01T00:00:00Z', invite: {} },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect((await auditOf(`action=access.denied&actorId=${point.id}`)).items).toMatchObject([
      { actorKind: 'point', details: { method: 'POST', route: '/api/conferences' } },
    ]);
    // Nor is it a join link (it is longer than any link token).
    expect((await join(body.joinToken)).json().error.code).toBe('VALIDATION_FAILED');
    await end(c.id);
  });

  it('lets in a point invited only through a subtree, at any depth, in a two-tier tree too', async () => {
    const district = await live({ units: [tree.unitId('J-D2')] });
    const province = await live({ units: [flat.unitId('K')] });
    const commune = await join(tree.point('J-D2-C1').token);
    expect(commune.statusCode, commune.body).toBe(200);
    expect(commune.json().conference.id).toBe(district.id);
    const flatCommune = await join(flat.point('K-C3').token);
    expect(flatCommune.json().conference.id).toBe(province.id);
    expect((await join(tree.point('J-D1-C2').token)).statusCode).toBe(409); // the other district
    expect((await join(tree.point('J').token)).statusCode).toBe(409); // the province above
    await end(district.id);
    await end(province.id);
  });

  it('picks the most recently started of several live conferences', async () => {
    const point = tree.point('J-D1');
    const older = await live({ points: [point.id] }, 'Older');
    const newer = await live({ units: [tree.unitId('J')] }, 'Newer');
    // Same millisecond is possible: set the start times apart.
    const db = api.app.database.db;
    await db
      .updateTable('conferences')
      .set({ started_at: '2030-01-01T01:00:00.000Z' })
      .where('id', '=', older.id)
      .execute();
    await db
      .updateTable('conferences')
      .set({ started_at: '2030-01-01T02:00:00.000Z' })
      .where('id', '=', newer.id)
      .execute();
    expect((await join(point.token)).json().conference.title).toBe('Newer');
    await end(newer.id);
    expect((await join(point.token)).json().conference.title).toBe('Older');
    await end(older.id);
    expect((await join(point.token)).statusCode).toBe(409);
  });

  it('mints again when a point opens its link twice (the signalling layer decides who stays)', async () => {
    const point = flat.point('K');
    const c = await live({ points: [point.id] });
    const first = await join(point.token);
    const second = await join(point.token);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(api.app.services.joinTokens.verify(second.json().joinToken)?.pointId).toBe(point.id);
    await end(c.id);
  });

  it('rejects a malformed request', async () => {
    const short = await join('abc');
    expect(short.statusCode).toBe(400);
    const extra = await api.request({
      method: 'POST',
      url: '/api/join',
      payload: { token: 'z'.repeat(43), x: 1 },
    });
    expect(extra.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('limits each address to 20 attempts a minute', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push((await join('q'.repeat(43), '10.6.0.1')).statusCode);
    expect(new Set(codes)).toEqual(new Set([404]));
    const limited = await join('q'.repeat(43), '10.6.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await join('q'.repeat(43), '10.6.0.2')).statusCode).toBe(404);
  });

  describe('for the signalling layer', () => {
    it('isInvited follows subtrees and single points; getLive only while live', async () => {
      const service = api.app.services.conferences;
      const c = await schedule({ units: [tree.unitId('J-D1')], points: [flat.point('K-C1').id] });
      expect(await service.isInvited(c.id, tree.point('J-D1-C2').id)).toBe(true);
      expect(await service.isInvited(c.id, flat.point('K-C1').id)).toBe(true);
      expect(await service.isInvited(c.id, flat.point('K-C2').id)).toBe(false);
      expect(await service.isInvited(c.id, tree.point('J').id)).toBe(false);
      expect(await service.isInvited(c.id, 'no-such-point')).toBe(false);
      expect(await service.getLive(c.id)).toBeUndefined();
      await api.request({ method: 'POST', url: `/api/conferences/${c.id}/start`, as: host });
      expect(await service.getLive(c.id)).toMatchObject({ id: c.id, status: 'live' });
      await end(c.id);
      expect(await service.getLive(c.id)).toBeUndefined();
    });
  });
});
