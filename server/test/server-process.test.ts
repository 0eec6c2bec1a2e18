import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_URL, freshSqliteFile } from './helpers/databases.js';
import { OPERATOR, METRICS_TOKEN } from './helpers/operator.js';
import { freePort, mediasoupTestEnv } from './helpers/ports.js';
import { spawnEntry, terminate, type Spawned } from './helpers/processes.js';
import { waitFor } from './helpers/wait.js';

const running: Spawned[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => (p.child.exitCode === null ? terminate(p) : undefined)));
});

async function serverEnv(): Promise<Record<string, string>> {
  return {
    ...(await mediasoupTestEnv(2)),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    REDIS_URL,
    DATABASE_URL: `sqlite:${freshSqliteFile()}`,
    LOG_LEVEL: 'info',
    METRICS_TOKEN,
  };
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

/** mediasoup worker pids by worker index, as /metrics reports them. */
function workerPids(metrics: string): number[] {
  const pids: number[] = [];
  for (const m of metrics.matchAll(/diemcau_mediasoup_worker_cpu_seconds\{worker="(\d+)",pid="(\d+)"\}/g)) {
    pids[Number(m[1])] = Number(m[2]);
  }
  return pids;
}

describe('server and media-worker processes', () => {
  it('become ready, survive a SIGKILLed mediasoup worker, and stop cleanly on SIGTERM', async () => {
    const env = await serverEnv();
    const base = `http://127.0.0.1:${env.PORT}`;
    const server = spawnEntry('server/dist/main.js', env);
    const workerPort = String(await freePort());
    const mediaWorker = spawnEntry('media-worker/dist/main.js', {
      REDIS_URL,
      MEDIA_WORKER_PORT: workerPort,
      LOG_LEVEL: 'info',
    });
    running.push(server, mediaWorker);

    await waitFor('server /readyz 200', async () =>
      (await status(`${base}/readyz`)) === 200 ? true : undefined,
    );
    await waitFor('media-worker /readyz 200', async () =>
      (await status(`http://127.0.0.1:${workerPort}/readyz`)) === 200 ? true : undefined,
    );

    const pids = workerPids(await (await fetch(`${base}/metrics`, { headers: OPERATOR })).text());
    expect(pids).toHaveLength(2);
    process.kill(pids[0]!, 'SIGKILL');

    const replaced = await waitFor('a replacement worker', async () => {
      const metrics = await (await fetch(`${base}/metrics`, { headers: OPERATOR })).text();
      const now = workerPids(metrics);
      return now[0] !== undefined &&
        now[1] !== undefined &&
        now[0] !== pids[0] &&
        metrics.includes('restarts_total 1')
        ? now
        : undefined;
    });
    expect(replaced).toContain(pids[1]);
    await waitFor('server /readyz 200 again', async () =>
      (await status(`${base}/readyz`)) === 200 ? true : undefined,
    );
    expect(server.output()).toMatch(/mediasoup worker 0 \(pid \d+\) died; replacing it/);

    const [s, m] = await Promise.all([terminate(server), terminate(mediaWorker)]);
    expect(s.code).toBe(0);
    expect(s.ms).toBeLessThan(10_000);
    expect(m.code).toBe(0);
    expect(m.ms).toBeLessThan(10_000);
    // The workers are child processes of the server: none may outlive it.
    for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('exits 1 with one line naming a bad configuration variable', async () => {
    const p = spawnEntry('server/dist/main.js', { ...(await serverEnv()), MEDIASOUP_WORKERS: 'many' });
    expect(await p.exited).toBe(1);
    expect(p.output().trim()).toBe(
      'invalid configuration: MEDIASOUP_WORKERS must be an integer 1-64 (got "many")',
    );
  });

  it('exits 1 with a clear line when its HTTP port is taken', async () => {
    const env = await serverEnv();
    const blocker = net.createServer().listen(Number(env.PORT), '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const p = spawnEntry('server/dist/main.js', env);
      expect(await p.exited).toBe(1);
      expect(p.output()).toContain(
        `cannot start: PORT ${env.PORT} is already in use on 127.0.0.1: set PORT to a free port`,
      );
    } finally {
      blocker.close();
    }
  });

  it('exits 1 with a clear line when its WebRTC port is taken', async () => {
    const env = await serverEnv();
    const blocker = net.createServer().listen(Number(env.WEBRTC_SERVER_PORT), '0.0.0.0');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const p = spawnEntry('server/dist/main.js', env);
      expect(await p.exited).toBe(1);
      expect(p.output()).toContain(`WEBRTC_SERVER_PORT ${env.WEBRTC_SERVER_PORT}-`);
      expect(p.output()).toContain('is already in use');
    } finally {
      blocker.close();
    }
  });
});
