import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { waitFor } from './helpers/wait.js';

describe('REST API shell', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi('sqlite')));
  afterAll(async () => api.close());

  it('serves the OpenAPI document and the docs UI', async () => {
    const doc = await api.request({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'diemcau API' },
    });
    expect(Object.keys(doc.json().paths)).toContain('/api/audit');
    const ui = await api.request({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('sends security headers', async () => {
    const res = await api.request({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses the audit log to anonymous callers with UNAUTHENTICATED', async () => {
    const res = await api.request({ method: 'GET', url: '/api/audit' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a forged join token as anonymous', async () => {
    const res = await api.request({ method: 'GET', url: '/api/audit', as: 'eyJmb28iOjF9.forged' });
    expect(res.statusCode).toBe(401);
  });
});

describe('roles on the audit log', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi('postgres')));
  afterAll(async () => api.close());

  it('lets an admin read it and refuses a host with FORBIDDEN, auditing the refusal', async () => {
    const admin = await signedIn(api, 'admin');
    const host = await signedIn(api, 'host');
    const refused = await api.request({ method: 'GET', url: '/api/audit', as: host.token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    const page = await api.request({
      method: 'GET',
      url: '/api/audit?action=access.denied',
      as: admin.token,
    });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      total: 1,
      items: [{ actorKind: 'host', actorId: host.accountId, action: 'access.denied' }],
    });
  });
});

describe('bad input at the edge', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi('sqlite')));
  afterAll(async () => api.close());

  it('refuses an oversized body with a clear error and stores nothing', async () => {
    const admin = await signedIn(api, 'admin');
    const res = await api.request({
      method: 'POST',
      url: '/api/accounts',
      as: admin.token,
      payload: {
        username: 'big',
        displayName: 'x'.repeat(2 * 1024 * 1024),
        role: 'host',
        password: 'long-enough-pw',
      },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const rows = await api.app.database.db.selectFrom('accounts').select('username').execute();
    expect(rows.map((r) => r.username)).not.toContain('big');
  });

  it('refuses malformed JSON with VALIDATION_FAILED', async () => {
    const admin = await signedIn(api, 'admin');
    const res = await api.request({
      method: 'POST',
      url: '/api/accounts',
      as: admin.token,
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('demo data', () => {
  it('fills an empty database with the demo province and a demo host whose password works', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (
      writes.push(String(chunk)),
      true
    )) as typeof process.stderr.write;
    const api = await startTestApi('sqlite', { DEMO_DATA: 'true' });
    try {
      const printed = await waitFor(
        'the demo password',
        async () => writes.join('').match(/Sign in as "host" with password: (\S+)/) ?? undefined,
      );
      process.stderr.write = original;
      const db = api.app.database.db;
      expect((await db.selectFrom('units').select('id').execute()).length).toBe(123);
      expect((await db.selectFrom('bridge_points').select('id').execute()).length).toBe(123);
      const login = await api.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'host', password: printed[1] },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().account.role).toBe('host');
    } finally {
      process.stderr.write = original;
      await api.close();
    }
  });
});
