// The media-worker's health endpoint over HTTP: liveness, readiness and a
// port already in use.
import type { Server } from 'node:http';
import { ErrorBody, Liveness, MediaWorkerReadiness, validator } from '@diemcau/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../src/errors.js';
import { createHealthServer, listen } from '../src/health.js';

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

async function serve(report: MediaWorkerReadiness): Promise<string> {
  const server = createHealthServer(async () => report);
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
    const ready = await fetch(`${await serve(readyReport)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual(readyReport);

    const notReady = await fetch(`${await serve(notReadyReport)}/readyz?probe=1`);
    expect(notReady.status).toBe(503);
    const body: unknown = await notReady.json();
    expect(validator(MediaWorkerReadiness)(body).ok).toBe(true);
    expect(body).toEqual(notReadyReport);
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
