import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerReadiness } from '@diemcau/protocol';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { REDIS_URL, freshDatabase, freshSqliteFile } from './helpers/databases.js';
import { METRICS_TOKEN, OPERATOR } from './helpers/operator.js';
import { freePort, mediasoupTestEnv } from './helpers/ports.js';
import { waitFor } from './helpers/wait.js';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

async function start(env: Record<string, string>): Promise<App> {
  const config = loadConfig({
    ...(await mediasoupTestEnv(1)),
    LOG_LEVEL: 'silent',
    REDIS_URL,
    DATABASE_URL: `sqlite:${freshSqliteFile()}`,
    METRICS_TOKEN,
    ...env,
  });
  app = await createApp(config, { queuePrefix: `test-${crypto.randomBytes(4).toString('hex')}` });
  return app;
}

async function readiness(a: App): Promise<{ status: number; body: ServerReadiness }> {
  const res = await a.http.inject({ method: 'GET', url: '/readyz', headers: OPERATOR });
  return { status: res.statusCode, body: res.json() };
}

describe('health endpoints', () => {
  it('is ready when mediasoup, the database and Redis all answer', async () => {
    const a = await start({});
    const { status, body } = await waitFor('readiness', async () => {
      const r = await readiness(a);
      return r.status === 200 ? r : undefined;
    });
    expect(body.checks.mediasoup).toEqual({ ok: true, detail: '1 workers alive' });
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(true);
    expect(status).toBe(200);
    const live = await a.http.inject({ method: 'GET', url: '/healthz' });
    expect(live.json()).toMatchObject({ status: 'ok' });
  });

  it('stays up and names Redis in a 503 when Redis cannot be reached', async () => {
    const a = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    await a.database.ready;
    const { status, body } = await readiness(a);
    expect(status).toBe(503);
    expect(body.ready).toBe(false);
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.detail).toMatch(/ECONNREFUSED|connect/);
    expect(body.checks.database.ok).toBe(true);
  });

  it('stays up and names the database in a 503 when PostgreSQL cannot be reached', async () => {
    const a = await start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` });
    const { status, body } = await waitFor('a failed connection attempt', async () => {
      const r = await readiness(a);
      return /ECONNREFUSED/.test(r.body.checks.database.detail) ? r : undefined;
    });
    expect(status).toBe(503);
    expect(body.checks.database.ok).toBe(false);
    expect(body.checks.database.detail).toContain('postgres postgres://postgres@127.0.0.1');
  });

  it('runs its migrations on PostgreSQL at start', async () => {
    const db = await freshDatabase('postgres');
    // Without demo data, whose import (audited) may land before the query below.
    const a = await start({ DATABASE_URL: db.kind === 'postgres' ? db.url : '', DEMO_DATA: 'false' });
    await a.database.ready;
    expect(await a.database.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
    expect((await readiness(a)).status).toBe(200);
  });

  it('answers unknown routes with a NOT_FOUND error body', async () => {
    const a = await start({});
    const res = await a.http.inject({ method: 'GET', url: '/no/such/thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /no/such/thing' } });
  });
});

describe('mediasoup worker pool', () => {
  it('replaces a killed worker, counts the restart and becomes ready again', async () => {
    const a = await start({});
    await a.database.ready;
    const before = a.pool.alive[0]!.worker.pid;
    const replaced = new Promise<number>((resolve) =>
      a.pool.once('workerReplaced', (slot) => resolve(slot.worker.pid)),
    );
    process.kill(before, 'SIGKILL');
    const after = await replaced;
    expect(after).not.toBe(before);
    expect(a.pool.restarts).toBe(1);
    await waitFor('readiness after the restart', async () =>
      (await readiness(a)).status === 200 ? true : undefined,
    );
    const metrics = (await a.http.inject({ method: 'GET', url: '/metrics', headers: OPERATOR })).body;
    expect(metrics).toContain('diemcau_mediasoup_worker_restarts_total 1');
    expect(metrics).toContain('diemcau_mediasoup_workers 1');
    expect(metrics).toMatch(
      new RegExp(`diemcau_mediasoup_worker_cpu_seconds\\{worker="0",pid="${after}"\\} [0-9.]+`),
    );
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  it('counts what each worker carries, as mediasoup opens and closes it', async () => {
    const a = await start({});
    const { worker } = a.pool.alive[0]!;
    const router = await worker.createRouter({
      mediaCodecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48_000, channels: 2 }],
    });
    const listenInfo = { protocol: 'udp' as const, ip: '127.0.0.1' };
    const sender = await router.createPlainTransport({ listenInfo, comedia: true });
    const receiver = await router.createPlainTransport({ listenInfo, comedia: true });
    const producer = await sender.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 }],
        encodings: [{ ssrc: 1111 }],
      },
    });
    await receiver.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    await receiver.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    const gauges = async () => {
      const metrics = (await a.http.inject({ method: 'GET', url: '/metrics', headers: OPERATOR })).body;
      const value = (what: string) =>
        Number(new RegExp(`diemcau_mediasoup_${what}\\{worker="0"\\} (\\d+)`).exec(metrics)?.[1]);
      return {
        routers: value('routers'),
        transports: value('transports'),
        producers: value('producers'),
        consumers: value('consumers'),
      };
    };
    // The room layer made nothing yet: what is counted is what this test made.
    expect(await gauges()).toEqual({ routers: 1, transports: 2, producers: 1, consumers: 2 });
    receiver.close();
    expect(await gauges()).toEqual({ routers: 1, transports: 1, producers: 1, consumers: 0 });
    router.close();
    expect(await gauges()).toEqual({ routers: 0, transports: 0, producers: 0, consumers: 0 });
  });
});
