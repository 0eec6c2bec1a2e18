import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, threeTier, type Tree } from './helpers/tree-fixture.js';

type Caller = 'admin' | 'host' | 'point' | 'viewer' | 'anonymous';
const CALLERS: Caller[] = ['admin', 'host', 'point', 'viewer', 'anonymous'];

interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown | ((caller: Caller) => unknown);
  contentType?: string;
  /** Who may call it; every other caller must be refused. */
  allowed: Caller[];
  /** A resource with its own credential refuses everyone else alike. */
  refusedWith?: 401;
}

const STAFF: Caller[] = ['admin', 'host'];
const ADMIN: Caller[] = ['admin'];

/**
 * The expected refusal: callers without a usable session are UNAUTHENTICATED
 * (a viewer token is no account credential); a signed-in account or a bridge
 * point without the role is FORBIDDEN.
 */
function refusal(caller: Caller): number {
  return caller === 'anonymous' || caller === 'viewer' ? 401 : 403;
}

describe.each(DIALECTS)('role × endpoint matrix on %s', (kind) => {
  let api: TestApi;
  let tree: Tree;
  const tokens = {} as Record<Caller, string | undefined>;
  const passwords = {} as Record<Caller, string>;
  let conferenceId: string;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    api = await startTestApi(kind);
    for (const role of ['admin', 'host'] as const) {
      const account = await signedIn(api, role);
      tokens[role] = account.token;
      passwords[role] = account.password;
    }
    tree = await insertTree(api.app.database.db, threeTier('M'));

    const create = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: tokens.host,
      payload: {
        title: 'Hội nghị ma trận',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { units: [tree.unitId('M')], points: [] },
        watchAccess: 'token',
        watchSlug: `matrix-${kind}`,
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    conferenceId = create.json().id;
    await api.request({ method: 'POST', url: `/api/conferences/${conferenceId}/start`, as: tokens.host });
    const joined = await api.request({
      method: 'POST',
      url: '/api/join',
      payload: { token: tree.point('M-D1-C1').token },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    tokens.point = joined.json().joinToken;
    const viewer = await api.request({
      method: 'POST',
      url: `/api/conferences/${conferenceId}/viewer-token`,
      as: tokens.host,
    });
    expect(viewer.statusCode, viewer.body).toBe(200);
    tokens.viewer = viewer.json().token;

    const pointId = tree.point('M-D2-C2').id;
    const c = `/api/conferences/${conferenceId}`;
    endpoints = [
      // First: issuing viewer tokens below replaces this one.
      { method: 'GET', url: `/api/watch/matrix-${kind}`, allowed: ['viewer'], refusedWith: 401 },
      { method: 'GET', url: '/api/auth/me', allowed: STAFF },
      {
        method: 'POST',
        url: '/api/auth/password',
        payload: (caller: Caller) => ({
          currentPassword: passwords[caller] ?? 'x',
          newPassword: `${caller}-new-password`,
        }),
        allowed: STAFF,
      },
      { method: 'GET', url: '/api/accounts', allowed: ADMIN },
      {
        method: 'POST',
        url: '/api/accounts',
        payload: { username: 'new-host', displayName: 'Mới', role: 'host', password: 'long-enough-pw' },
        allowed: ADMIN,
      },
      { method: 'DELETE', url: '/api/accounts/no-such-account', allowed: ADMIN },
      { method: 'GET', url: '/api/units', allowed: STAFF },
      { method: 'GET', url: '/api/units/export', allowed: ADMIN },
      {
        method: 'POST',
        url: '/api/units/import',
        payload: 'code,name,level,parent_code,points\n',
        contentType: 'text/csv',
        allowed: ADMIN,
      },
      { method: 'GET', url: '/api/points', allowed: STAFF },
      { method: 'POST', url: `/api/points/${pointId}/credential`, allowed: ADMIN },
      { method: 'DELETE', url: `/api/points/${pointId}/credential`, allowed: ADMIN },
      { method: 'POST', url: '/api/points/credentials', allowed: ADMIN },
      { method: 'GET', url: '/api/conferences', allowed: STAFF },
      {
        method: 'POST',
        url: '/api/conferences',
        payload: { title: 'Khác', scheduledStart: '2030-02-01T02:00:00Z', invite: { units: [], points: [] } },
        allowed: STAFF,
      },
      { method: 'GET', url: c, allowed: STAFF },
      { method: 'PATCH', url: c, payload: { title: 'Đổi tên' }, allowed: STAFF },
      { method: 'POST', url: `${c}/viewer-token`, allowed: STAFF },
      { method: 'POST', url: `${c}/cancel`, allowed: STAFF },
      { method: 'POST', url: `${c}/start`, allowed: STAFF },
      { method: 'GET', url: '/api/audit', allowed: ADMIN },
      { method: 'POST', url: '/api/join', payload: { token: 'x'.repeat(43) }, allowed: CALLERS },
    ];
  });
  afterAll(async () => api.close());

  it('allows exactly the intended callers on every endpoint, and audits refused credentials', async () => {
    const table: string[] = [];
    let ip = 1;
    for (const e of endpoints) {
      for (const caller of CALLERS) {
        const token = tokens[caller];
        const res = await api.request({
          method: e.method,
          url: e.url,
          remoteAddress: `10.77.${ip >> 8}.${ip++ & 255}`,
          ...(token ? { as: token } : {}),
          ...(e.payload === undefined
            ? {}
            : {
                payload: (typeof e.payload === 'function' ? e.payload(caller) : e.payload) as string,
                headers: e.contentType ? { 'content-type': e.contentType } : {},
              }),
        });
        const allowed = e.allowed.includes(caller);
        const expected = e.refusedWith ?? refusal(caller);
        const code = expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        const ok = allowed
          ? res.statusCode !== 401 && res.statusCode !== 403
          : res.statusCode === expected && res.json().error.code === code;
        if (!ok) table.push(`${e.method} ${e.url} as ${caller}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(table).toEqual([]);

    const denied = await api.request({
      method: 'GET',
      url: '/api/audit?action=access.denied&limit=500',
      as: tokens.admin,
    });
    const kinds = new Set(denied.json().items.map((i: { actorKind: string }) => i.actorKind));
    expect(kinds).toEqual(new Set(['host', 'point']));
  });
});
