// The media-worker's health endpoint over HTTP: liveness, readiness, what the public and the
// operator each read, and a port already in use.
import type { Server } from 'node:http';
import { ErrorBody, Liveness, MediaWorkerReadiness, validator } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../src/errors.js';
import { createHealthServer, listen } from '../src/health.js';
import { METRICS_TOKEN } from './helpers.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const readyReport: MediaWorkerReadiness = {
  ready: true,
  checks: {
    redis: { ok: true, detail: 'PING answered in 1 ms' },
    ffmpeg: { ok: true, detail: 'ffmpeg 5.1' },
  },
};
const notReadyReport: MediaWorkerReadiness = {
  ready: false,
  checks: {
    redis: { ok: false, detail: 'not connected (reconnecting)' },
    ffmpeg: { ok: true, detail: 'ffmpeg 5.1' },
  },
};

const OPERATOR = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };

async function serve(
  report: MediaWorkerReadiness | (() => Promise<MediaWorkerReadiness>),
  onError?: (error: unknown) => void,
): Promise<string> {
  const readiness = typeof report === 'function' ? report : async () => report;
  const server = createHealthServer(readiness, { metricsToken: METRICS_TOKEN, onError });
  servers.push(server);
  const port = await listen(server, '127.0.0.1', 0);
  return `http://127.0.0.1:${port}`;
}

describe('health server', () => {
  it('answers /healthz with the liveness body', async () => {
    const response = await fetch(`${await serve(readyReport)}/healthz`);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    expect(validator(Liveness)(body).ok).toBe(true);
  });

  it('answers /readyz 200 when ready and 503 when not, with the readiness body', async () => {
    const ready = await fetch(`${await serve(readyReport)}/readyz`, OPERATOR);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual(readyReport);

    const notReady = await fetch(`${await serve(notReadyReport)}/readyz?probe=1`, OPERATOR);
    expect(notReady.status).toBe(503);
    const body: unknown = await notReady.json();
    expect(validator(MediaWorkerReadiness)(body).ok).toBe(true);
    expect(body).toEqual(notReadyReport);
  });

  it('tells anyone else the status only, whatever token they present', async () => {
    const anyone: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789abcdef0123' },
    ];
    for (const headers of anyone) {
      const ready = await fetch(`${await serve(readyReport)}/readyz`, { headers });
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok' });
      const notReady = await fetch(`${await serve(notReadyReport)}/readyz`, { headers });
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'unavailable' });
      const live = await fetch(`${await serve(readyReport)}/healthz`, { headers });
      expect(await live.json()).toEqual({ status: 'ok' });
    }
    const live = await fetch(`${await serve(readyReport)}/healthz`, OPERATOR);
    expect(await live.json()).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
  });

  it('gives nobody the details when no token is set', async () => {
    const server = createHealthServer(async () => notReadyReport);
    servers.push(server);
    const base = `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
    const response = await fetch(`${base}/readyz`, OPERATOR);
    expect(await response.json()).toEqual({ status: 'unavailable' });
  });

  it('answers a failed check 500 INTERNAL without its message, and hands the error on', async () => {
    const failure = new Error("ENOENT: no such file or directory, open '/srv/diemcau/data/leak-canary'");
    const handed: unknown[] = [];
    const base = await serve(
      () => Promise.reject(failure),
      (error) => handed.push(error),
    );
    for (const init of [{}, OPERATOR]) {
      const response = await fetch(`${base}/readyz`, init);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'INTERNAL', message: 'the readiness check failed' },
      });
      expect(text).not.toMatch(/leak-canary|\/srv\/|\bat /);
    }
    expect(handed).toEqual([failure, failure]);
  });

  it('answers anything else 404 with a NOT_FOUND error body', async () => {
    const base = await serve(readyReport);
    for (const [method, route] of [
      ['GET', '/'],
      ['GET', '/metrics'],
      ['POST', '/healthz'],
    ] as const) {
      const response = await fetch(`${base}${route}`, { method });
      expect(response.status).toBe(404);
      const body: unknown = await response.json();
      expect(validator(ErrorBody)(body).ok).toBe(true);
      expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('reports a port in use as PORT_IN_USE naming the port', async () => {
    const first = createHealthServer(async () => readyReport);
    servers.push(first);
    const port = await listen(first, '127.0.0.1', 0);
    const second = createHealthServer(async () => readyReport);
    const error: unknown = await listen(second, '127.0.0.1', port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect(error).toMatchObject({
      code: 'PORT_IN_USE',
      message: `MEDIA_WORKER_PORT ${port} is already in use`,
    });
  });
});
