import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueueName } from '@diemcau/protocol';
import { Queue } from 'bullmq';
import { freshSqliteFile } from '../../server/test/helpers/databases.js';
import { METRICS_TOKEN, OPERATOR } from '../../server/test/helpers/operator.js';
import { freePort, mediasoupTestEnv } from '../../server/test/helpers/ports.js';
import { spawnEntry, terminate, type Spawned } from '../../server/test/helpers/processes.js';
import { waitFor } from '../../server/test/helpers/wait.js';
import { newSecretKey, seedConference, type Seeded } from './seed.js';

/*
 * diemcau as deployed, for a benchmark: the built server (and, when asked,
 * the built media-worker), each a process of its own so that /proc tells their
 * CPU apart from the load generator's, on a fresh SQLite database and DATA_DIR.
 */

export interface StackOptions {
  halls: number;
  /** mediasoup workers of the server. */
  workers: number;
  mediaWorker: boolean;
  watchSlug?: string;
  /** A Redis database of its own: both processes use BullMQ's default prefix there, emptied before and after. */
  redisDb: number;
  /** Extra server environment. */
  env?: Record<string, string>;
}

export interface Stack extends Seeded {
  /** The server's base URL. */
  base: string;
  server: Spawned;
  mediaWorker: Spawned | undefined;
  /** The mediasoup workers' pids in worker order, as the server's /metrics reports them. */
  mediasoupPids(): Promise<number[]>;
  /** The server's /metrics, parsed into name{labels} → value. */
  metrics(): Promise<Map<string, number>>;
  /** The last lines each process wrote, for a failure report. */
  logs(): string;
  close(): Promise<void>;
}

/** RTP ports for the plain transports: two per hall and some for egress, split between the workers. */
const RTC_PORTS_PER_HALL = 4;

function redisUrlWithDb(db: number): string {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${db}`;
  return url.toString();
}

async function emptyQueues(redisUrl: string): Promise<void> {
  for (const name of [QueueName.live, QueueName.record]) {
    const queue = new Queue(name, { connection: { url: redisUrl } });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function ready(what: string, url: string): Promise<void> {
  await waitFor(
    what,
    async () => ((await fetch(url).catch(() => undefined))?.status === 200 ? true : undefined),
    60_000,
  );
}

/** Prometheus text → `name{labels}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  return values;
}

/** Resident memory of a process in MiB, from /proc; undefined once it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const redisUrl = redisUrlWithDb(options.redisDb);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-data-'));
  const database = `sqlite:${freshSqliteFile()}`;
  const secretKey = newSecretKey();
  const seeded = await seedConference({
    database,
    secretKey,
    dataDir,
    halls: options.halls,
    ...(options.watchSlug ? { watchSlug: options.watchSlug } : {}),
  });
  await emptyQueues(redisUrl);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const rtc = await mediasoupTestEnv(options.workers);
  const rtcMin = Number(rtc.RTC_MIN_PORT);
  const server = spawnEntry('server/dist/main.js', {
    ...rtc,
    RTC_MAX_PORT: String(rtcMin + Math.max(200, options.halls * RTC_PORTS_PER_HALL) * options.workers),
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    DATABASE_URL: database,
    SECRET_KEY: secretKey,
    METRICS_TOKEN,
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://diemcau.example',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  let mediaWorker: Spawned | undefined;
  const logs = () =>
    [
      `--- server ---\n${server.output().slice(-3_000)}`,
      ...(mediaWorker ? [`--- media-worker ---\n${mediaWorker.output().slice(-3_000)}`] : []),
    ].join('\n');
  const close = async () => {
    // The media-worker first: on SIGTERM it stops its ffmpeg and hands its jobs back.
    if (mediaWorker) await terminate(mediaWorker);
    await terminate(server);
    await emptyQueues(redisUrl);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(path.dirname(database.slice('sqlite:'.length)), { recursive: true, force: true });
  };
  const metrics = async () =>
    parseMetrics(await (await fetch(`${base}/metrics`, { headers: OPERATOR })).text());
  try {
    if (options.mediaWorker) {
      const healthPort = await freePort();
      mediaWorker = spawnEntry('media-worker/dist/main.js', {
        MEDIA_WORKER_PORT: String(healthPort),
        REDIS_URL: redisUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      });
      await ready('the media-worker to be ready', `http://127.0.0.1:${healthPort}/readyz`);
    }
    await ready('the server to be ready', `${base}/readyz`);
    return {
      ...seeded,
      base,
      server,
      mediaWorker,
      metrics,
      mediasoupPids: async () =>
        [...(await metrics()).keys()]
          .flatMap((key) => {
            const m = /^diemcau_mediasoup_worker_cpu_seconds\{worker="(\d+)",pid="(\d+)"\}$/.exec(key);
            return m ? [{ worker: Number(m[1]), pid: Number(m[2]) }] : [];
          })
          .sort((a, b) => a.worker - b.worker)
          .map((w) => w.pid),
      logs,
      close,
    };
  } catch (error) {
    console.error(logs());
    await close();
    throw error;
  }
}
