import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';

let lastIp = 0;
/** Each test signs in from its own address so the per-IP rate limit only meets the test about it. */
const freshIp = () => `10.0.${Math.floor(++lastIp / 250)}.${(lastIp % 250) + 1}`;

describe.each(DIALECTS)('accounts and sessions on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => (api = await startTestApi(kind)));
  afterAll(async () => api.close());

  const db = () => api.app.database.db;

  async function newAccount(role: 'admin' | 'host' = 'host') {
    const username = `${role}-${crypto.randomBytes(4).toString('hex')}`;
    const password = `pw-${crypto.randomBytes(8).toString('hex')}`;
    const account = await api.app.services.accounts.create({
      username,
      displayName: `Người ${role}`,
      role,
      password,
    });
    return { ...account, password };
  }

  function login(
    username: string,
    password: string,
    remoteAddress = freshIp(),
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return api.request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress,
      headers,
    });
  }

  const me = (token: string) => api.request({ method: 'GET', url: '/api/auth/me', as: token });

  async function auditRows(action: string, targetId: string) {
    return db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('id')
      .execute();
  }

  it('signs in with a session cookie (httpOnly, SameSite=Strict) and a body token that works both ways', async () => {
    const host = await newAccount();
    const ip = freshIp();
    const res = await login(host.username, host.password, ip, { 'user-agent': 'test-agent' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.account).toEqual({
      id: host.id,
      username: host.username,
      displayName: host.displayName,
      role: 'host',
      createdAt: host.createdAt,
    });
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);

    const cookie = res.cookies.find((c) => c.name === 'diemcau_session');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Strict', path: '/' });
    // Plain http to a host other than PUBLIC_URL's: a Secure cookie would be dropped by the browser.
    expect(cookie?.secure).toBeUndefined();

    const asBearer = await me(body.token);
    expect(asBearer.statusCode).toBe(200);
    expect(asBearer.json()).toEqual(body.account);
    const asCookie = await api.request({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { diemcau_session: body.token },
    });
    expect(asCookie.statusCode).toBe(200);
    expect(asCookie.json().id).toBe(host.id);

    const [row] = await auditRows('auth.login', host.id);
    expect(row).toMatchObject({ actor_kind: 'host', actor_id: host.id, ip });
    const session = await db()
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', hashToken(body.token))
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ account_id: host.id, ip, user_agent: 'test-agent' });
  });

  it('marks the cookie Secure when the request is addressed to the https PUBLIC_URL', async () => {
    const host = await newAccount();
    const sessionCookie = (res: LightMyRequestResponse) =>
      res.cookies.find((c) => c.name === 'diemcau_session');
    const viaPublicUrl = await login(host.username, host.password, freshIp(), { host: 'diemcau.example' });
    expect(sessionCookie(viaPublicUrl)?.secure).toBe(true);
    // X-Forwarded-Proto counts only from a trusted proxy (TRUST_PROXY), so a LAN visit stays usable over http.
    const forged = await login(host.username, host.password, freshIp(), { 'x-forwarded-proto': 'https' });
    expect(sessionCookie(forged)?.secure).not.toBe(true);
    expect(sessionCookie(forged)?.value).toBeTruthy();
  });

  it('stores a password hash, not the password, and the token hash, not the token', async () => {
    const host = await newAccount();
    const res = await login(host.username, host.password);
    const token: string = res.json().token;
    const account = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', host.id)
      .executeTakeFirstOrThrow();
    expect(account.password_hash).not.toContain(host.password);
    expect(account.password_hash).toMatch(/^scrypt\$/);
    const sessions = await db()
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', host.id)
      .execute();
    expect(sessions.map((s) => s.id)).toEqual([hashToken(token)]);
    expect(sessions[0]?.id).not.toBe(token);
  });

  it('refuses a wrong password and an unknown username alike with UNAUTHENTICATED, auditing both', async () => {
    const host = await newAccount();
    const ip = freshIp();
    const wrong = await login(host.username, 'not-the-password', ip);
    const unknown = await login(`nobody-${crypto.randomBytes(4).toString('hex')}`, 'not-the-password', ip);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'wrong username or password' },
    });
    expect(unknown.body).toBe(wrong.body);
    expect(wrong.cookies).toEqual([]);

    const [failed] = await auditRows('auth.login.failed', host.id);
    expect(failed).toMatchObject({ actor_kind: 'anonymous', ip });
    expect(JSON.parse(failed!.details!)).toEqual({ username: host.username, reason: 'wrong-password' });
    const unknownRows = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login.failed')
      .where('target_id', 'is', null)
      .where('ip', '=', ip)
      .execute();
    expect(unknownRows).toHaveLength(1);
    expect(JSON.parse(unknownRows[0]!.details!)).toMatchObject({ reason: 'unknown-username' });
  });

  it('checks an unknown username about as slowly as a wrong password', async () => {
    const host = await newAccount();
    const timed = async (username: string) => {
      const started = performance.now();
      await login(username, 'not-the-password');
      return performance.now() - started;
    };
    await timed('warm-up-unknown');
    const wrong = await timed(host.username);
    const unknown = await timed(`nobody-${crypto.randomBytes(4).toString('hex')}`);
    // Both run one scrypt; without it an unknown name would answer in about a millisecond.
    expect(unknown).toBeGreaterThan(wrong / 3);
  });

  it('locks an account after 5 wrong passwords, refuses even the right one, and audits it', async () => {
    const host = await newAccount();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await login(host.username, `wrong-${i}`, ip)).statusCode).toBe(401);

    const refused = await login(host.username, host.password, ip);
    expect(refused.statusCode).toBe(423);
    expect(refused.json().error).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      details: { lockedUntil: expect.any(String) },
    });
    const until = new Date(refused.json().error.details.lockedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(refused.cookies).toEqual([]);

    const failed = await auditRows('auth.login.failed', host.id);
    expect(failed.map((r) => JSON.parse(r.details!).reason)).toEqual([
      ...Array(5).fill('wrong-password'),
      'locked',
    ]);
    const locked = await auditRows('auth.locked', host.id);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ ip });
    expect(JSON.parse(locked[0]!.details!)).toMatchObject({ username: host.username, failures: 5 });

    // Once the lock has run out, the right password works again.
    await db()
      .updateTable('accounts')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', host.id)
      .execute();
    expect((await login(host.username, host.password, ip)).statusCode).toBe(200);
  });

  it('starts the count again after a successful sign-in', async () => {
    const host = await newAccount();
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await login(host.username, 'wrong-password', ip);
    expect((await login(host.username, host.password, ip)).statusCode).toBe(200);
    const row = await db()
      .selectFrom('accounts')
      .select(['failed_logins', 'locked_until'])
      .where('id', '=', host.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
    for (let i = 0; i < 4; i++) await login(host.username, 'wrong-password', ip);
    expect((await login(host.username, host.password, ip)).statusCode).toBe(200);
  });

  it('signs out: the session row goes, the token stops working and the cookie is cleared', async () => {
    const host = await newAccount();
    const token: string = (await login(host.username, host.password)).json().token;
    const out = await api.request({ method: 'POST', url: '/api/auth/logout', as: token });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'diemcau_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThan(Date.now());
    expect((await me(token)).statusCode).toBe(401);
    const rows = await db().selectFrom('sessions').select('id').where('id', '=', hashToken(token)).execute();
    expect(rows).toEqual([]);
    expect(await auditRows('auth.logout', host.id)).toHaveLength(1);
    // Signing out without a session still clears the cookie.
    expect((await api.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });

  it('changes the password, ending the other sessions and keeping this one', async () => {
    const host = await newAccount();
    const ip = freshIp();
    const current: string = (await login(host.username, host.password, ip)).json().token;
    const other: string = (await login(host.username, host.password, ip)).json().token;
    const change = (currentPassword: string, newPassword: string) =>
      api.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword, newPassword },
        as: current,
      });

    const wrong = await change('not-the-password', 'a-new-password-1');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('FORBIDDEN');
    expect((await me(other)).statusCode).toBe(200);

    const res = await change(host.password, 'a-new-password-1');
    expect(res.statusCode).toBe(204);
    expect((await me(current)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(host.username, host.password, ip)).statusCode).toBe(401);
    expect((await login(host.username, 'a-new-password-1', ip)).statusCode).toBe(200);

    const [row] = await auditRows('auth.password.change', host.id);
    expect(row).toMatchObject({ actor_kind: 'host', actor_id: host.id });
    expect(JSON.parse(row!.details!)).toEqual({ otherSessionsEnded: 1 });
    expect(await auditRows('auth.password.change.failed', host.id)).toHaveLength(1);
  });

  it('treats an expired session as anonymous', async () => {
    const host = await newAccount();
    const token: string = (await login(host.username, host.password)).json().token;
    await db()
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', hashToken(token))
      .execute();
    const res = await me(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('keeps account management to admins: 401 for anonymous, 403 for hosts', async () => {
    const host = await signedIn(api, 'host');
    const requests = [
      { method: 'GET', url: '/api/accounts' },
      {
        method: 'POST',
        url: '/api/accounts',
        payload: { username: 'someone', displayName: 'X', role: 'host', password: 'long-enough-pw' },
      },
      { method: 'DELETE', url: `/api/accounts/${host.accountId}` },
    ] as const;
    for (const r of requests) {
      const anonymous = await api.request(r);
      expect(anonymous.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
      const asHost = await api.request({ ...r, as: host.token });
      expect(asHost.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(asHost.json().error.code).toBe('FORBIDDEN');
    }
    expect((await api.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('lets an admin create, list and delete accounts, but not delete itself', async () => {
    const admin = await signedIn(api, 'admin');
    const username = `new-${crypto.randomBytes(4).toString('hex')}`;
    const payload = { username, displayName: 'Huyện <Đông Anh>', role: 'host', password: 'long-enough-pw' };
    const created = await api.request({ method: 'POST', url: '/api/accounts', payload, as: admin.token });
    expect(created.statusCode).toBe(201);
    const account = created.json();
    expect(account).toMatchObject({ username, displayName: 'Huyện <Đông Anh>', role: 'host' });
    const [audited] = await auditRows('account.create', account.id);
    expect(audited).toMatchObject({ actor_kind: 'admin', actor_id: admin.accountId });

    const again = await api.request({ method: 'POST', url: '/api/accounts', payload, as: admin.token });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');

    const list = await api.request({ method: 'GET', url: '/api/accounts', as: admin.token });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(account.id);
    expect(list.body).not.toContain('password');

    const token: string = (await login(username, 'long-enough-pw')).json().token;
    const removed = await api.request({
      method: 'DELETE',
      url: `/api/accounts/${account.id}`,
      as: admin.token,
    });
    expect(removed.statusCode).toBe(204);
    expect((await me(token)).statusCode).toBe(401);
    expect(await auditRows('account.delete', account.id)).toHaveLength(1);
    const gone = await api.request({ method: 'DELETE', url: `/api/accounts/${account.id}`, as: admin.token });
    expect(gone.statusCode).toBe(404);

    const self = await api.request({
      method: 'DELETE',
      url: `/api/accounts/${admin.accountId}`,
      as: admin.token,
    });
    expect(self.statusCode).toBe(409);
    expect((await me(admin.token)).statusCode).toBe(200);
  });

  it('rate-limits sign-in to 10 attempts a minute per address with RATE_LIMITED', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await login('nobody', 'not-the-password', ip)).statusCode).toBe(401);
    const limited = await login('nobody', 'not-the-password', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await login('nobody', 'not-the-password', freshIp())).statusCode).toBe(401);
  });

  it('rejects malformed bodies with VALIDATION_FAILED', async () => {
    const host = await signedIn(api, 'host');
    const bad = [
      await api.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'x' },
        remoteAddress: freshIp(),
      }),
      await api.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'x', password: 'y', remember: true },
        remoteAddress: freshIp(),
      }),
      await api.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: host.password, newPassword: 'short' },
        as: host.token,
      }),
      await api.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: host.password, newPassword: host.password },
        as: host.token,
      }),
    ];
    for (const res of bad) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});
