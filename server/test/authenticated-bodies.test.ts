// Refusals come before the body: every authenticated route with a body, as the OpenAPI document lists them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { insertTree, threeTier } from './helpers/tree-fixture.js';

interface Operation {
  method: string;
  url: string;
  secured: boolean;
  hasBody: boolean;
}

/** Every operation under /api in the served OpenAPI document, its path parameters filled in. */
async function operations(api: TestApi): Promise<Operation[]> {
  const doc = (await api.request({ method: 'GET', url: '/docs/json' })).json<{
    paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>>;
  }>();
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        url: path.replace(/\{\w+\}/g, 'x'),
        secured: (op.security?.length ?? 0) > 0,
        hasBody: op.requestBody !== undefined,
      })),
    );
}

/** Bodies no route accepts; the guard must refuse before any of them is looked at. */
const BAD_BODIES: { name: string; contentType: string; payload: string | Buffer }[] = [
  { name: 'malformed JSON', contentType: 'application/json', payload: '{"title": ' },
  { name: 'an empty JSON body', contentType: 'application/json', payload: '' },
  { name: 'a wrong shape', contentType: 'application/json', payload: '{"unknown": [1, 2, 3]}' },
  // Above every route's body limit, the 5 MiB of a units import included.
  {
    name: 'an oversized body',
    contentType: 'application/json',
    payload: Buffer.alloc(6 * 1024 * 1024, 0x20),
  },
  { name: 'an unknown content type', contentType: 'application/x-unknown', payload: 'x' },
  { name: 'a CSV that is not UTF-8', contentType: 'text/csv', payload: Buffer.from([0xff, 0xfe, 0x00]) },
];

describe('authentication before the body (sqlite)', () => {
  let api: TestApi;
  let bodyRoutes: Operation[];
  let publicBodyRoutes: string[];
  let pointToken: string;

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    const all = await operations(api);
    bodyRoutes = all.filter((o) => o.secured && o.hasBody);
    publicBodyRoutes = all.filter((o) => !o.secured && o.hasBody).map((o) => `${o.method} ${o.url}`);

    // A bridge point's join token: a valid credential, but no account.
    const host = await signedIn(api, 'host');
    const tree = await insertTree(api.app.database.db, threeTier('B'));
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host.token,
      payload: {
        title: 'Hội nghị thân trống',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { units: [tree.unitId('B')], points: [] },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const conferenceId = created.json<{ id: string }>().id;
    await api.request({ method: 'POST', url: `/api/conferences/${conferenceId}/start`, as: host.token });
    const joined = await api.request({
      method: 'POST',
      url: '/api/join',
      payload: { token: tree.point('B-D1-C1').token },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    pointToken = joined.json<{ joinToken: string }>().joinToken;
  });
  afterAll(async () => api.close());

  it('finds the authenticated routes with a body in the registered routes', () => {
    const listed = bodyRoutes.map((o) => `${o.method} ${o.url}`);
    // Sign-in and the join link are for callers without an account: only they take a body unauthenticated.
    expect(publicBodyRoutes.sort()).toEqual(['POST /api/auth/login', 'POST /api/join']);
    expect(listed).toEqual(
      expect.arrayContaining([
        'POST /api/auth/password',
        'POST /api/accounts',
        'POST /api/units/import',
        'POST /api/conferences',
        'PATCH /api/conferences/x',
        'POST /api/conferences/x/live',
        'POST /api/conferences/x/recordings',
        'POST /api/destinations',
        'PATCH /api/destinations/x',
      ]),
    );
  });

  const callers = [
    { who: 'an anonymous caller', status: 401, code: 'UNAUTHENTICATED', token: () => undefined },
    { who: 'a forged session token', status: 401, code: 'UNAUTHENTICATED', token: () => 'no-such-session' },
    { who: 'a bridge point (no role)', status: 403, code: 'FORBIDDEN', token: () => pointToken },
  ];

  it.each(callers)('refuses $who with $status on every such route, whatever the body', async (c) => {
    const wrong: string[] = [];
    for (const route of bodyRoutes) {
      for (const body of BAD_BODIES) {
        const token = c.token();
        const res = await api.request({
          method: route.method as 'POST' | 'PATCH',
          url: route.url,
          headers: { 'content-type': body.contentType },
          payload: body.payload,
          ...(token ? { as: token } : {}),
        });
        const code = res.headers['content-type']?.toString().includes('json')
          ? res.json<{ error?: { code?: string } }>().error?.code
          : undefined;
        if (res.statusCode !== c.status || code !== c.code) {
          wrong.push(`${route.method} ${route.url} with ${body.name}: ${res.statusCode} ${code}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('audits the refused bridge point on each of those requests', async () => {
    const admin = await signedIn(api, 'admin');
    const denied = await api.request({
      method: 'GET',
      url: '/api/audit?action=access.denied&limit=500',
      as: admin.token,
    });
    expect(denied.statusCode).toBe(200);
    const page = denied.json<{ total: number; items: { actorKind: string }[] }>();
    expect(page.total).toBe(bodyRoutes.length * BAD_BODIES.length);
    expect(new Set(page.items.map((i) => i.actorKind))).toEqual(new Set(['point']));
  });

  it('answers an oversized body from a real client with 401 over HTTP', async () => {
    const address = await api.app.http.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${address}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(6 * 1024 * 1024, 0x20),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});
