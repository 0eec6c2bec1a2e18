// Who reads what of the health routes: the status for everyone, the details and /metrics for the
// bearer of METRICS_TOKEN or an admin's session only, whether the server is ready or not.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { SESSION_COOKIE } from '../src/http/authentication.js';
import { REDIS_URL, freshSqliteFile } from './helpers/databases.js';
import { METRICS_TOKEN, OPERATOR } from './helpers/operator.js';
import { freePort, mediasoupTestEnv } from './helpers/ports.js';
import { waitFor } from './helpers/wait.js';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function start(env: Record<string, string>): Promise<{ app: App; sqlite: string }> {
  const sqlite = freshSqliteFile();
  const config = loadConfig({
    ...(await mediasoupTestEnv(1)),
    LOG_LEVEL: 'silent',
    REDIS_URL,
    DATABASE_URL: `sqlite:${sqlite}`,
    DEMO_DATA: 'false',
    ...env,
  });
  app = await createApp(config, { queuePrefix: `test-${crypto.randomBytes(4).toString('hex')}` });
  await app.database.ready;
  return { app, sqlite };
}

async function session(a: App, role: 'admin' | 'host'): Promise<string> {
  const account = await a.services.accounts.create({
    username: `${role}-${crypto.randomBytes(4).toString('hex')}`,
    displayName: role,
    role,
    password: `pw-${crypto.randomBytes(8).toString('hex')}`,
  });
  return (await a.services.accounts.openSession(account.id)).token;
}

const get = (a: App, url: string, headers: Record<string, string> = {}) =>
  a.http.inject({ method: 'GET', url, headers });

describe('health routes for the public and for operators', () => {
  it('gives the public the status only, and operators the details', async () => {
    const { app: a, sqlite } = await start({ METRICS_TOKEN });
    await waitFor('readiness', async () => ((await get(a, '/readyz')).statusCode === 200 ? true : undefined));
    const host = await session(a, 'host');
    const admin = await session(a, 'admin');

    const notOperators: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${host}` },
      { cookie: `${SESSION_COOKIE}=${host}` },
      { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` },
      { authorization: 'Bearer not.a-session' },
    ];
    for (const headers of notOperators) {
      const ready = await get(a, '/readyz', headers);
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok' });
      expect(ready.body).not.toContain(sqlite);
      expect((await get(a, '/healthz', headers)).json()).toEqual({ status: 'ok' });
      const metrics = await get(a, '/metrics', headers);
      expect(metrics.statusCode).toBe(401);
      expect(metrics.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(metrics.body).not.toContain('diemcau_mediasoup');
    }

    for (const headers of [
      OPERATOR,
      { authorization: `Bearer ${admin}` },
      { cookie: `${SESSION_COOKIE}=${admin}` },
    ]) {
      const ready = await get(a, '/readyz', headers);
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({
        ready: true,
        checks: { mediasoup: { ok: true }, redis: { ok: true } },
      });
      expect(ready.json().checks.database.detail).toContain(sqlite);
      expect((await get(a, '/healthz', headers)).json()).toEqual({
        status: 'ok',
        uptimeSeconds: expect.any(Number),
      });
      const metrics = await get(a, '/metrics', headers);
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('diemcau_mediasoup_workers 1');
    }
  });

  it('says only "unavailable" to the public when Redis is down, and names it to the token', async () => {
    const redisUrl = `redis://127.0.0.1:${await freePort()}`;
    const { app: a } = await start({ METRICS_TOKEN, REDIS_URL: redisUrl });
    const publicAnswer = await get(a, '/readyz');
    expect(publicAnswer.statusCode).toBe(503);
    expect(publicAnswer.json()).toEqual({ status: 'unavailable' });
    const detailed = await get(a, '/readyz', OPERATOR);
    expect(detailed.statusCode).toBe(503);
    expect(detailed.json()).toMatchObject({ ready: false, checks: { redis: { ok: false } } });
  });

  it('reads the token without the database, and takes a session it cannot look up for none', async () => {
    const { app: a } = await start({ METRICS_TOKEN });
    const admin = await session(a, 'admin');
    await a.database.db.destroy();
    const byToken = await get(a, '/readyz', OPERATOR);
    expect(byToken.statusCode).toBe(503);
    expect(byToken.json()).toMatchObject({ ready: false, checks: { database: { ok: false } } });
    const bySession = await get(a, '/readyz', { authorization: `Bearer ${admin}` });
    expect(bySession.statusCode).toBe(503);
    expect(bySession.json()).toEqual({ status: 'unavailable' });
  });

  it('leaves the details to admin sessions when METRICS_TOKEN is unset', async () => {
    const { app: a } = await start({});
    const admin = await session(a, 'admin');
    expect((await get(a, '/metrics', OPERATOR)).statusCode).toBe(401);
    expect((await get(a, '/readyz', OPERATOR)).json()).toHaveProperty('status');
    expect((await get(a, '/metrics', { authorization: `Bearer ${admin}` })).statusCode).toBe(200);
    expect((await get(a, '/readyz', { authorization: `Bearer ${admin}` })).json()).toHaveProperty('checks');
  });
});
