import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';

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
