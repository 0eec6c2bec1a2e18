// Accounts with and without a second factor, signed in through the API, for the two-factor and session tests.
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import type { TestApi } from './api.js';

let lastIp = 0;
/** Each sign-in from its own address, so the per-IP rate limit never meets these tests. */
const freshIp = () => `10.9.${Math.floor(++lastIp / 250)}.${(lastIp % 250) + 1}`;

/** A code for the next time step: the one confirming enrolment has been used. */
export const nextCode = (secret: string) => totpCode(secret, Date.now() + 30_000);
/** A six-digit code that is not the current one. */
export const wrongCodeFor = (secret: string) =>
  String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');

export interface Person {
  id: string;
  username: string;
  password: string;
}

/** Helpers bound to a running test API. */
export function twoFactorHelpers(api: () => TestApi) {
  async function newAccount(role: 'admin' | 'host'): Promise<Person> {
    const username = `${role}-${crypto.randomBytes(4).toString('hex')}`;
    const password = `pw-${crypto.randomBytes(8).toString('hex')}`;
    const account = await api().app.services.accounts.create({
      username,
      displayName: 'Người thử',
      role,
      password,
    });
    return { id: account.id, username, password };
  }
  const login = (person: Person, code?: string): Promise<LightMyRequestResponse> =>
    api().request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: person.username, password: person.password, ...(code ? { code } : {}) },
      remoteAddress: freshIp(),
    });
  /** Sets up TOTP through the API with a session and confirms it with a first code. */
  async function enrol(token: string) {
    const setup = await api().request({ method: 'POST', url: '/api/auth/two-factor/setup', as: token });
    expect(setup.statusCode).toBe(200);
    const { secret, uri, qrSvg } = setup.json();
    const confirm = await api().request({
      method: 'POST',
      url: '/api/auth/two-factor/confirm',
      payload: { code: totpCode(secret) },
      as: token,
    });
    expect(confirm.statusCode).toBe(200);
    return { secret: secret as string, uri: uri as string, qrSvg: qrSvg as string, ...confirm.json() };
  }
  /** An account with TOTP on, enrolled through a full session. */
  async function enrolled(role: 'admin' | 'host' = 'host') {
    const person = await newAccount(role);
    const { token } = await api().app.services.accounts.openSession(person.id);
    return { ...person, ...(await enrol(token)), token };
  }
  async function audit(action: string, targetId: string) {
    const rows = await api()
      .app.database.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('target_id', '=', targetId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, details: r.details ? JSON.parse(r.details) : null }));
  }
  const get = (url: string, token: string) => api().request({ method: 'GET', url, as: token });
  return { newAccount, login, enrol, enrolled, audit, get };
}
