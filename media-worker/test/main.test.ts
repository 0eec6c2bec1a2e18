// The media-worker process as run: readiness, the one-line start-up errors,
// Redis going away and coming back, and SIGTERM / SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaWorkerReadiness, QueueName, validator } from '@diemcau/protocol';
import { Job, Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, METRICS_TOKEN, REDIS_URL, type LogLine } from './helpers.js';

const ENTRY = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// The spawned worker uses BullMQ's default prefix, so point it at a Redis
// database of its own: it must not take jobs other tests or a local server queue.
const ISOLATED_DB = 9;

function redisUrl(port?: number): string {
  const url = new URL(REDIS_URL);
  if (port !== undefined) url.port = String(port);
  url.pathname = `/${ISOLATED_DB}`;
  return url.toString();
}

interface Running {
  child: ChildProcess;
  lines: LogLine[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function run(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      MEDIA_WORKER_PORT: '0',
      REDIS_URL: redisUrl(),
      METRICS_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: LogLine[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const complete = stdout.split('\n');
    stdout = complete.pop() ?? '';
    for (const line of complete) lines.push(JSON.parse(line) as LogLine);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, lines, stderr: () => stderr, exit };
}

/** The health port the worker logged, once it listens. */
async function healthUrl(worker: Running): Promise<string> {
  await expect
    .poll(() => worker.lines.find((l) => l.msg === 'health endpoint listening'), { timeout: 10_000 })
    .toBeDefined();
  const line = worker.lines.find((l) => l.msg === 'health endpoint listening');
  return `http://127.0.0.1:${String(line?.port)}`;
}

async function readiness(base: string): Promise<{ status: number; body: MediaWorkerReadiness }> {
  const response = await fetch(`${base}/readyz`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const body: unknown = await response.json();
  const checked = validator(MediaWorkerReadiness)(body);
  if (!checked.ok) throw new Error(`readiness body does not match the schema: ${JSON.stringify(body)}`);
  return { status: response.status, body: checked.value };
}

async function expectReadiness(base: string, status: number): Promise<MediaWorkerReadiness> {
  await expect
    .poll(async () => (await readiness(base)).status, { timeout: 15_000, interval: 100 })
    .toBe(status);
  return (await readiness(base)).body;
}

async function stopWithin10s(worker: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const started = Date.now();
  worker.child.kill(signal);
  expect(await worker.exit).toEqual({ code: 0, signal: null });
  expect(Date.now() - started).toBeLessThan(10_000);
}

/** A TCP forwarder to the real Redis that can be switched off and on, to play an outage. */
class RedisGate {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(readonly port: number) {}

  async open(): Promise<void> {
    const target = new URL(REDIS_URL);
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('media-worker process', () => {
  it('becomes ready, then exits 0 on SIGTERM within 10 s', async () => {
    const worker = run({});
    const base = await healthUrl(worker);
    const body = await expectReadiness(base, 200);
    expect(body.checks.redis.ok).toBe(true);
    expect(body.checks.ffmpeg).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^ffmpeg \S+ at \//),
    });
    await expect.poll(() => worker.lines.some((l) => l.msg === 'media-worker ready')).toBe(true);
    expect(worker.lines.find((l) => l.msg === 'ffmpeg found')).toMatchObject({ source: 'PATH' });
    await stopWithin10s(worker);
    expect(worker.stderr()).toBe('');
  });

  it('listens on the configured port and exits 0 on SIGINT', async () => {
    const port = await freePort();
    const worker = run({ MEDIA_WORKER_PORT: String(port) });
    expect(await healthUrl(worker)).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await stopWithin10s(worker, 'SIGINT');
  });

  it('exits 1 with one stderr line naming a bad variable', async () => {
    const worker = run({ MEDIA_WORKER_PORT: 'abc' });
    expect(await worker.exit).toEqual({ code: 1, signal: null });
    expect(worker.stderr()).toBe(
      'invalid configuration: MEDIA_WORKER_PORT must be an integer 0-65535 (got "abc")\n',
    );
  });

  it('exits 1 with one line when no usable ffmpeg can be found', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'diemcau-empty-'));
    try {
      const worker = run({ PATH: empty });
      expect(await worker.exit).toEqual({ code: 1, signal: null });
      expect(worker.stderr()).toBe(
        'ffmpeg not found: set FFMPEG_PATH, or install it: sudo apt-get install -y ffmpeg\n',
      );

      const missing = path.join(empty, 'ffmpeg');
      const misconfigured = run({ FFMPEG_PATH: missing });
      expect(await misconfigured.exit).toEqual({ code: 1, signal: null });
      expect(misconfigured.stderr()).toBe(`FFMPEG_PATH ${missing} does not exist\n`);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('exits 1 with one line when its port is in use', async () => {
    const first = run({});
    const port = new URL(await healthUrl(first)).port;
    const second = run({ MEDIA_WORKER_PORT: port });
    expect(await second.exit).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toBe(`MEDIA_WORKER_PORT ${port} is already in use\n`);
    await stopWithin10s(first);
  });

  it('stays up without Redis, reports 503 naming redis, and recovers when Redis comes', async () => {
    const gate = new RedisGate(await freePort());
    const queue = new Queue(QueueName.live, { connection: { url: redisUrl() } });
    try {
      // Debug level shows each failed reconnect attempt, to prove they are many.
      const worker = run({ REDIS_URL: redisUrl(gate.port), LOG_LEVEL: 'debug' });
      const attempts = (): number => worker.lines.filter((l) => l.msg === 'worker connection error').length;
      const base = await healthUrl(worker);
      const down = await expectReadiness(base, 503);
      expect(down).toMatchObject({ ready: false, checks: { redis: { ok: false }, ffmpeg: { ok: true } } });
      expect(down.checks.redis.detail).toMatch(/ECONNREFUSED/);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await expect.poll(attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(8);

      await gate.open();
      await expectReadiness(base, 200);
      await expect
        .poll(() => worker.lines.some((l) => l.msg === 'media-worker ready'), { timeout: 10_000 })
        .toBe(true);

      await gate.close();
      await expectReadiness(base, 503);
      const before = attempts();
      await expect.poll(attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 8);
      await gate.open();
      await expectReadiness(base, 200);

      // The workers reconnected too: a job is taken and failed.
      const added = await queue.add('job', { conferenceId: 'recovery' });
      await expect.poll(() => queue.getJobState(added.id ?? ''), { timeout: 10_000 }).toBe('failed');
      const job = await Job.fromId(queue, added.id ?? '');
      expect(job?.failedReason).toMatch(/^VALIDATION_FAILED: /);
      await job?.remove();

      // One line per state change, however many reconnect attempts failed.
      const redisLines = worker.lines
        .filter((l) => l.level >= 30 && l.msg.startsWith('redis '))
        .map((l) => l.msg);
      expect(redisLines).toEqual([
        'redis unreachable; retrying in the background',
        'redis connection restored',
        'redis connection lost; reconnecting',
        'redis connection restored',
      ]);

      await stopWithin10s(worker);
    } finally {
      await gate.close();
      await queue.close();
    }
  });

  it('exits 0 on SIGTERM promptly while Redis is unreachable', async () => {
    const worker = run({ REDIS_URL: redisUrl(await freePort()) });
    await expectReadiness(await healthUrl(worker), 503);
    await stopWithin10s(worker);
  });
});
