import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { importUnits, unitsCsv } from './helpers/units.js';

const ADMIN_ROUTES = [
  { method: 'POST', url: '/api/units/import' },
  { method: 'GET', url: '/api/units/export' },
  { method: 'POST', url: '/api/points/credentials' },
] as const;
const HOST_ROUTES = [
  { method: 'GET', url: '/api/units' },
  { method: 'GET', url: '/api/points' },
] as const;

describe.each(DIALECTS)('who may use the units and points routes on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let host: string;
  let pointId: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    admin = (await signedIn(api, 'admin')).token;
    host = (await signedIn(api, 'host')).token;
    expect((await importUnits(api, admin, unitsCsv('A,Tỉnh A,province,,'))).statusCode).toBe(200);
    pointId = (await api.app.services.units.listPoints())[0]!.id;
  });
  afterAll(async () => api.close());

  const adminRoutes = (): { method: InjectOptions['method'] & string; url: string }[] => [
    ...ADMIN_ROUTES,
    { method: 'POST', url: `/api/points/${pointId}/credential` },
    { method: 'DELETE', url: `/api/points/${pointId}/credential` },
  ];
  /** POSTs carry a CSV body (the import route needs one); the others carry none. */
  const body = (method: string, csv = '') =>
    method === 'POST' ? { headers: { 'content-type': 'text/csv' }, payload: csv } : {};

  it('answers anonymous callers UNAUTHENTICATED everywhere', async () => {
    for (const { method, url } of [...adminRoutes(), ...HOST_ROUTES]) {
      const res = await api.request({ method, url, ...body(method) });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 401, 'UNAUTHENTICATED']);
    }
  });

  it('answers a host FORBIDDEN on admin routes, changing nothing, and lets it read the tree and points', async () => {
    for (const { method, url } of adminRoutes()) {
      const res = await api.request({
        method,
        url,
        ...body(method, unitsCsv('B,B,province,,')),
        as: host,
      });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 403, 'FORBIDDEN']);
    }
    const units = await api.request({ method: 'GET', url: '/api/units', as: host });
    expect(units.statusCode).toBe(200);
    expect(units.json().units.map((u: { code: string }) => u.code)).toEqual(['A']);
    const points = await api.request({ method: 'GET', url: '/api/points', as: host });
    expect(points.statusCode).toBe(200);
    expect(points.json().points).toEqual([expect.objectContaining({ id: pointId, credential: 'none' })]);
    const denied = await api.app.services.audit.query({ action: 'access.denied' });
    expect(denied.total).toBe(adminRoutes().length);
  });

  it('refuses a bridge point (conference join token) even the read routes', async () => {
    const { token } = api.app.services.joinTokens.mint({ conferenceId: 'c1', role: 'point', pointId });
    for (const { method, url } of [...HOST_ROUTES, ...adminRoutes()]) {
      const res = await api.request({ method, url, ...body(method), as: token });
      expect([url, res.statusCode]).toEqual([url, 403]);
    }
  });

  it('lets an admin use every route', async () => {
    for (const { method, url } of [...HOST_ROUTES, ...adminRoutes()]) {
      const res = await api.request({
        method,
        url,
        ...body(method, unitsCsv('A,Tỉnh A,province,,')),
        as: admin,
      });
      expect([url, res.statusCode]).toEqual([url, 200]);
    }
  });

  it('documents the routes in the OpenAPI description', async () => {
    const paths = Object.keys((await api.request({ method: 'GET', url: '/docs/json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/units',
        '/api/units/import',
        '/api/units/export',
        '/api/points',
        '/api/points/{id}/credential',
        '/api/points/credentials',
      ]),
    );
  });
});
