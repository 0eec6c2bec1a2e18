import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { twoFactorHelpers } from './helpers/two-factor.js';

describe.each(DIALECTS)('sessions listed and ended on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi(kind)));
  afterAll(async () => api.close());
  const { newAccount, login, audit, get } = twoFactorHelpers(() => api);

  it('lists sessions to their owner and an admin, and a revoked session is refused at once', async () => {
    const person = await newAccount('host');
    const first = (await login(person)).json().token as string;
    const second = (await login(person)).json().token as string;
    const third = (await login(person)).json().token as string;
    const listed = (await get('/api/auth/sessions', first)).json().items;
    expect(listed).toHaveLength(3);
    expect(listed.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(listed[0]).toMatchObject({ ip: expect.stringMatching(/^10\.9\./), enrolmentOnly: false });
    const idOf = async (token: string) =>
      (await get('/api/auth/sessions', token)).json().items.find((s: { current: boolean }) => s.current).id;

    const secondId = await idOf(second);
    const revoked = await api.request({ method: 'DELETE', url: `/api/auth/sessions/${secondId}`, as: first });
    expect(revoked.statusCode).toBe(204);
    expect((await get('/api/auth/me', second)).statusCode).toBe(401);
    expect((await get('/api/auth/me', first)).statusCode).toBe(200);

    // Another account's session is not the caller's to end.
    const stranger = await signedIn(api, 'host');
    const thirdId = await idOf(third);
    const notYours = await api.request({
      method: 'DELETE',
      url: `/api/auth/sessions/${thirdId}`,
      as: stranger.token,
    });
    expect(notYours.statusCode).toBe(404);
    expect((await get(`/api/accounts/${person.id}/sessions`, stranger.token)).statusCode).toBe(403);

    const admin = await signedIn(api, 'admin');
    const seen = (await get(`/api/accounts/${person.id}/sessions`, admin.token)).json().items;
    expect(seen.map((s: { id: string }) => s.id).sort()).toEqual([await idOf(first), thirdId].sort());
    const ended = await api.request({
      method: 'DELETE',
      url: `/api/accounts/${person.id}/sessions/${thirdId}`,
      as: admin.token,
    });
    expect(ended.statusCode).toBe(204);
    expect((await get('/api/auth/me', third)).statusCode).toBe(401);
    const rows = await audit('auth.session.revoke', person.id);
    expect(rows.map((r) => [r.actor_kind, r.details.own])).toEqual([
      ['host', true],
      ['admin', false],
    ]);

    // Ending your own current session signs you out.
    const own = await api.request({
      method: 'DELETE',
      url: `/api/auth/sessions/${await idOf(first)}`,
      as: first,
    });
    expect(own.statusCode).toBe(204);
    expect((await get('/api/auth/me', first)).statusCode).toBe(401);
  });
});
