import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/auth/totp.js';
import { runCli } from '../src/cli/run.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS, freshPostgresUrl, freshSqliteFile } from './helpers/databases.js';
import { nextCode, twoFactorHelpers as helpers, wrongCodeFor } from './helpers/two-factor.js';

describe.each(DIALECTS)('two-factor sign-in on %s', (kind) => {
  let api: TestApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    env = {
      DATABASE_URL: kind === 'sqlite' ? `sqlite:${freshSqliteFile()}` : await freshPostgresUrl(),
      SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-2fa-')),
    };
    api = await startTestApi(kind, env);
  });
  afterAll(async () => api.close());
  const { newAccount, login, enrol, enrolled, audit, get } = helpers(() => api);

  it('enrols with a QR code and a first code, keeping the secret sealed and the recovery codes hashed', async () => {
    const person = await newAccount('host');
    const { token } = await api.app.services.accounts.openSession(person.id);
    const other = await api.app.services.accounts.openSession(person.id);
    const before = await get('/api/auth/two-factor', token);
    expect(before.json()).toEqual({ enabled: false, required: false, enabledAt: null, recoveryCodesLeft: 0 });

    const setup = await api.request({ method: 'POST', url: '/api/auth/two-factor/setup', as: token });
    expect(setup.headers['cache-control']).toBe('no-store');
    const { secret, uri, qrSvg } = setup.json();
    expect(uri).toMatch(new RegExp(`^otpauth://totp/diemcau:${person.username}\\?`));
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    // Not on until a first code confirms it.
    expect((await login(person)).statusCode).toBe(200);
    const wrong = await api.request({
      method: 'POST',
      url: '/api/auth/two-factor/confirm',
      payload: { code: wrongCodeFor(secret) },
      as: token,
    });
    expect(wrong.statusCode).toBe(400);

    const confirm = await api.request({
      method: 'POST',
      url: '/api/auth/two-factor/confirm',
      payload: { code: totpCode(secret) },
      as: token,
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const after = (await get('/api/auth/two-factor', token)).json();
    expect(after).toMatchObject({ enabled: true, required: false, recoveryCodesLeft: 10 });

    // The other session was opened with the password alone: it ends.
    expect((await get('/api/auth/me', other.token)).statusCode).toBe(401);
    expect((await get('/api/auth/me', token)).statusCode).toBe(200);

    const db = api.app.database.db;
    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(row.totp_secret_sealed).toMatch(/^v1\./);
    expect(row.totp_secret_sealed).not.toContain(secret);
    expect(row.totp_pending_sealed).toBeNull();
    const stored = await db
      .selectFrom('recovery_codes')
      .selectAll()
      .where('account_id', '=', person.id)
      .execute();
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const code of recoveryCodes) expect(dump).not.toContain(code.replace(/-/g, ''));
    const [enabled] = await audit('auth.two-factor.enable', person.id);
    expect(enabled).toMatchObject({ actor_kind: 'host', details: { otherSessionsEnded: 2 } });
    // On once: a second setup is refused.
    expect(
      (await api.request({ method: 'POST', url: '/api/auth/two-factor/setup', as: token })).statusCode,
    ).toBe(409);
  });

  it('asks for the code after the right password, and signs in with it', async () => {
    const person = await enrolled();
    const bare = await login(person);
    expect(bare.statusCode).toBe(401);
    expect(bare.json().error.code).toBe('TWO_FACTOR_REQUIRED');
    expect(bare.cookies).toEqual([]);
    // A wrong password still gets the usual answer, code or not.
    const wrongPassword = await login({ ...person, password: 'not-the-password' }, nextCode(person.secret));
    expect(wrongPassword.json().error).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'wrong username or password',
    });

    const ok = await login(person, nextCode(person.secret));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mustEnrol).toBeUndefined();
    expect((await get('/api/auth/me', ok.json().token)).statusCode).toBe(200);
    const logins = await audit('auth.login', person.id);
    expect(logins.at(-1)?.details).toEqual({ username: person.username, secondFactor: 'totp' });
  });

  it('refuses a wrong code and a replayed one alike, auditing which', async () => {
    const person = await enrolled();
    const wrong = await login(person, wrongCodeFor(person.secret));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toEqual({ code: 'UNAUTHENTICATED', message: 'wrong or already used code' });

    const code = nextCode(person.secret);
    expect((await login(person, code)).statusCode).toBe(200);
    const replayed = await login(person, code);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.body).toBe(wrong.body);
    // The code that confirmed enrolment counts as used too.
    const confirming = await login(person, totpCode(person.secret));
    expect(confirming.statusCode).toBe(401);

    const reasons = (await audit('auth.login.failed', person.id)).map((r) => r.details.reason);
    expect(reasons).toEqual(['wrong-code', 'replayed-code', 'replayed-code']);
  });

  it('locks the account after 5 wrong codes, as after 5 wrong passwords', async () => {
    const person = await enrolled();
    for (let i = 0; i < 4; i++)
      expect((await login(person, wrongCodeFor(person.secret))).statusCode).toBe(401);
    // A request without a code, after the right password, does not reset the count.
    expect((await login(person)).json().error.code).toBe('TWO_FACTOR_REQUIRED');
    expect((await login(person, wrongCodeFor(person.secret))).statusCode).toBe(401);
    const lockedOut = await login(person, nextCode(person.secret));
    expect(lockedOut.statusCode).toBe(423);
    expect(lockedOut.json().error.code).toBe('ACCOUNT_LOCKED');
    const [lock] = await audit('auth.locked', person.id);
    expect(lock?.details).toMatchObject({ username: person.username, failures: 5 });
  });

  it('takes each recovery code once, in place of an app code', async () => {
    const person = await enrolled();
    const [first = '', second = ''] = person.recoveryCodes as string[];
    const used = await login(person, first.toUpperCase().replace(/-/g, ' '));
    expect(used.statusCode).toBe(200);
    const again = await login(person, first);
    expect(again.statusCode).toBe(401);
    expect((await login(person, 'abcd-efgh-ijkm-npqr')).statusCode).toBe(401);
    expect((await login(person, second)).statusCode).toBe(200);
    const status = (await get('/api/auth/two-factor', used.json().token)).json();
    expect(status.recoveryCodesLeft).toBe(8);
    const reasons = (await audit('auth.login.failed', person.id)).map((r) => r.details.reason);
    expect(reasons).toEqual(['replayed-code', 'wrong-code']);
    const factors = (await audit('auth.login', person.id)).map((r) => r.details.secondFactor);
    expect(factors).toEqual(['recovery-code', 'recovery-code']);
  });

  it('(REQUIRE_2FA=admins, the default) lets an admin without a second factor in only to set one up', async () => {
    const admin = await newAccount('admin');
    const res = await login(admin);
    expect(res.statusCode).toBe(200);
    const { token, mustEnrol, expiresAt } = res.json();
    expect(mustEnrol).toBe(true);
    expect(new Date(expiresAt).getTime()).toBeLessThan(Date.now() + 16 * 60_000);
    const refused = await get('/api/accounts', token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    expect((await get('/api/auth/me', token)).statusCode).toBe(403);
    expect((await get('/api/auth/two-factor', token)).json()).toMatchObject({
      enabled: false,
      required: true,
    });

    const { secret } = await enrol(token);
    // The same session is now a full one, with a full life.
    expect((await get('/api/accounts', token)).statusCode).toBe(200);
    const sessions = (await get('/api/auth/sessions', token)).json().items;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ current: true, enrolmentOnly: false });
    expect(new Date(sessions[0].expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    // It cannot be turned off where it is required.
    const off = await api.request({
      method: 'POST',
      url: '/api/auth/two-factor/disable',
      payload: { password: admin.password },
      as: token,
    });
    expect(off.statusCode).toBe(409);
    expect((await login(admin, nextCode(secret))).json().mustEnrol).toBeUndefined();
    // A host is not covered: a full session with the password alone.
    const host = await newAccount('host');
    expect((await login(host)).json().mustEnrol).toBeUndefined();
  });

  it('renews the recovery codes with the password: the old ones stop working', async () => {
    const person = await enrolled();
    const renew = (password: string) =>
      api.request({
        method: 'POST',
        url: '/api/auth/two-factor/recovery-codes',
        payload: { password },
        as: person.token,
      });
    expect((await renew('not-the-password')).statusCode).toBe(403);
    const renewed = await renew(person.password);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.headers['cache-control']).toBe('no-store');
    const { recoveryCodes } = renewed.json();
    expect(recoveryCodes).toHaveLength(10);
    expect((await login(person, person.recoveryCodes[0])).statusCode).toBe(401);
    expect((await login(person, recoveryCodes[0])).statusCode).toBe(200);
    expect(await audit('auth.two-factor.recovery-codes', person.id)).toHaveLength(1);
    const [failed] = await audit('auth.two-factor.recovery-codes.failed', person.id);
    expect(failed?.details).toMatchObject({ reason: 'wrong-password' });
  });

  it('lets a host turn its second factor off with its password (wrong ones count)', async () => {
    const person = await enrolled('host');
    const disable = (password: string) =>
      api.request({
        method: 'POST',
        url: '/api/auth/two-factor/disable',
        payload: { password },
        as: person.token,
      });
    expect((await disable('not-the-password')).statusCode).toBe(403);
    expect((await disable(person.password)).statusCode).toBe(204);
    expect((await login(person)).statusCode).toBe(200);
    const [failed] = await audit('auth.two-factor.disable.failed', person.id);
    expect(failed?.details).toMatchObject({ reason: 'wrong-password' });
    const row = await api.app.database.db
      .selectFrom('accounts')
      .select('failed_logins')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    // The right password (the sign-in) reset the count the wrong one started.
    expect(row.failed_logins).toBe(0);
  });

  it('resets a second factor from the CLI, ending the sessions and auditing it as the operator', async () => {
    const person = await enrolled('admin');
    let out = '';
    let err = '';
    const code = await runCli(
      ['reset-2fa', person.username],
      { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: async () => '' },
      { ...env, PUBLIC_URL: 'https://diemcau.example' },
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe(`Two-factor sign-in removed for "${person.username}"; 1 session(s) ended.\n`);
    expect((await get('/api/auth/me', person.token)).statusCode).toBe(401);
    const [reset] = await audit('auth.two-factor.reset', person.id);
    expect(reset).toMatchObject({ actor_kind: 'cli', actor_id: null, ip: null });
    expect(reset?.details).toEqual({ username: person.username, wasOn: true, sessionsEnded: 1 });
    const codes = await api.app.database.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('account_id', '=', person.id)
      .execute();
    expect(codes).toEqual([]);
    // An admin under REQUIRE_2FA=admins sets up a new one at the next sign-in.
    expect((await login(person)).json().mustEnrol).toBe(true);

    const unknown = await runCli(
      ['reset-2fa', 'nobody-here'],
      { stdout: () => undefined, stderr: (t) => void (err += t), readStdin: async () => '' },
      env,
    );
    expect(unknown).toBe(1);
    expect(err).toContain('error: no account with the username "nobody-here"');
  });
});

describe('REQUIRE_2FA=all and off', () => {
  let all: TestApi;
  let off: TestApi;
  beforeAll(async () => {
    [all, off] = await Promise.all([
      startTestApi('sqlite', { REQUIRE_2FA: 'all' }),
      startTestApi('sqlite', { REQUIRE_2FA: 'off' }),
    ]);
  });
  afterAll(async () => Promise.all([all?.close(), off?.close()]));
  const onAll = helpers(() => all);
  const onOff = helpers(() => off);

  it('with all, a host without a second factor may only set one up', async () => {
    const host = await onAll.newAccount('host');
    const res = (await onAll.login(host)).json();
    expect(res.mustEnrol).toBe(true);
    const conferences = await onAll.get('/api/conferences', res.token);
    expect(conferences.json().error.code).toBe('TWO_FACTOR_ENROLMENT_REQUIRED');
    await onAll.enrol(res.token);
    expect((await onAll.get('/api/conferences', res.token)).statusCode).toBe(200);
  });

  it('with off, an admin signs in with the password alone and may still opt in', async () => {
    const admin = await onOff.newAccount('admin');
    const res = (await onOff.login(admin)).json();
    expect(res.mustEnrol).toBeUndefined();
    expect((await onOff.get('/api/accounts', res.token)).statusCode).toBe(200);
    expect((await onOff.get('/api/auth/two-factor', res.token)).json().required).toBe(false);
    const { secret } = await onOff.enrol(res.token);
    expect((await onOff.login(admin)).json().error.code).toBe('TWO_FACTOR_REQUIRED');
    expect((await onOff.login(admin, nextCode(secret))).statusCode).toBe(200);
  });
});
