import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, tcpExchange } from '../lib/net.mjs';
import { postgresAccepts, startPostgres } from '../lib/postgres.mjs';
import { redisPing, startRedis } from '../lib/redis.mjs';
import { startTestServices } from '../lib/test-services.mjs';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-svc-test-'));
  temps.push(dir);
  return dir;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One RESP command over a raw socket; resolves with the first reply line. */
async function redisCommand(port: number, ...args: string[]): Promise<string | undefined> {
  const request = `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const reply = await tcpExchange({
    host: '127.0.0.1',
    port,
    request,
    done: (r) => /^(\$\d+\r\n.*\r\n|[+\-:$].*\r\n)/s.test(r.toString()),
  });
  return reply?.toString().split('\r\n').filter(Boolean).at(-1);
}

describe('private redis-server', () => {
  it('answers PING while running and is gone after stop', async () => {
    const redis = await startRedis({ dir: tempDir(), persist: false });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await redisPing(redis.port)).toBe(true);
    } finally {
      await redis.stop();
    }
    const pid = redis.child.pid!;
    expect(isRunning(pid)).toBe(false);
    expect(await redisPing(redis.port)).toBe(false);
  });

  it('keeps data across restarts when persistent', async () => {
    const dir = tempDir();
    const first = await startRedis({ dir, persist: true });
    try {
      expect(await redisCommand(first.port, 'SET', 'diemcau:test', 'kept')).toBe('+OK');
    } finally {
      await first.stop();
    }
    const second = await startRedis({ dir, persist: true, port: first.port });
    try {
      expect(await redisCommand(second.port, 'GET', 'diemcau:test')).toBe('kept');
    } finally {
      await second.stop();
    }
  });
});

describe('private PostgreSQL cluster', () => {
  it('accepts postgres@…/test without a password until stopped, then is removed', async () => {
    const pg = await startPostgres();
    try {
      expect(pg.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/test$/);
      expect(await postgresAccepts(pg.url)).toBe(true);
      expect(await postgresAccepts(pg.url.replace(/\/test$/, '/no_such_db'))).toBe(false);
    } finally {
      await pg.stop();
    }
    expect(await postgresAccepts(pg.url)).toBe(false);
    expect(fs.existsSync(pg.dir)).toBe(false);
  });

  it('is not mistaken for something else listening or nothing at all', async () => {
    expect(await postgresAccepts(`postgres://postgres@127.0.0.1:${await freePort()}/test`)).toBe(false);
    const redis = await startRedis({ dir: tempDir(), persist: false });
    try {
      expect(await postgresAccepts(`postgres://postgres@127.0.0.1:${redis.port}/test`)).toBe(false);
    } finally {
      await redis.stop();
    }
  });
});

describe('test services', () => {
  it('use the configured URLs as they are', async () => {
    const env = { REDIS_URL: 'redis://127.0.0.2:6380', TEST_POSTGRES_URL: 'postgres://u:p@127.0.0.2/t' };
    const services = await startTestServices(env);
    expect(services.env).toEqual(env);
    await services.stop();
  });
});
