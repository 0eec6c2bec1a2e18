// `content-type: application/json` with an empty body, as many HTTP clients send it, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';

describe('an empty JSON body (postgres)', () => {
  let api: TestApi;
  let base: string;
  let host: string;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi('postgres');
    base = await api.app.http.listen({ host: '127.0.0.1', port: 0 });
    ({ token: host } = await signedIn(api, 'host'));
    ({ token: admin } = await signedIn(api, 'admin'));
  });
  afterAll(async () => api.close());

  /** A request the way such a client sends it: the JSON content type always, `body` as given. */
  async function send(method: string, path: string, token: string, body = '') {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(method === 'GET' ? {} : { body }),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { error?: { code: string; message: string } }) : undefined;
    return { status: res.status, json, text };
  }

  async function conferenceId(): Promise<string> {
    const res = await send(
      'POST',
      '/api/conferences',
      host,
      JSON.stringify({ title: 'Thân trống', scheduledStart: '2030-01-01T02:00:00Z', invite: {} }),
    );
    expect(res.status, res.text).toBe(201);
    return (res.json as unknown as { id: string }).id;
  }

  it('is no body on a DELETE that takes none', async () => {
    const created = await send(
      'POST',
      '/api/destinations',
      host,
      JSON.stringify({ name: 'Kênh', platform: 'youtube', streamKey: 'live-abcd-KEY-9876' }),
    );
    expect(created.status, created.text).toBe(201);
    const { id } = created.json as unknown as { id: string };
    const deleted = await send('DELETE', `/api/destinations/${id}`, host);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await send('GET', `/api/destinations/${id}`, host)).status).toBe(404);
  });

  it('reaches the livestream route: off air is asked of the service, not refused for the body', async () => {
    const id = await conferenceId();
    const res = await send('DELETE', `/api/conferences/${id}/live`, host);
    // Not on air: the livestream's own answer, where an empty body used to get 400.
    expect(res.status, res.text).toBe(404);
    expect(res.json?.error?.code).toBe('NOT_FOUND');
  });

  it('is no body on a POST that takes none', async () => {
    const id = await conferenceId();
    const started = await send('POST', `/api/conferences/${id}/start`, host);
    expect(started.status, started.text).toBe(200);
    expect(started.json).toMatchObject({ id, status: 'live' });
  });

  it('gets the route’s own validation error where a body is needed', async () => {
    const id = await conferenceId();
    for (const [method, path, token] of [
      ['POST', '/api/accounts', admin],
      ['POST', '/api/conferences', host],
      ['PATCH', `/api/conferences/${id}`, host],
      ['POST', `/api/conferences/${id}/live`, host],
      ['POST', `/api/conferences/${id}/recordings`, host],
      ['POST', '/api/auth/login', host],
    ] as const) {
      const res = await send(method, path, token);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(400);
      expect(res.json?.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^body /),
      });
    }
  });

  it('still refuses bad JSON with VALIDATION_FAILED, on routes with and without a body', async () => {
    const id = await conferenceId();
    for (const [method, path] of [
      ['POST', '/api/conferences'],
      ['DELETE', `/api/conferences/${id}/live`],
    ] as const) {
      const res = await send(method, path, host, '{"destinationIds": [');
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(400);
      expect(res.json?.error?.code).toBe('VALIDATION_FAILED');
    }
  });
});
