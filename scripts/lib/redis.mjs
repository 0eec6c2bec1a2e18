// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SetupError, log } from './log.mjs';
import { freePort, tcpExchange, waitFor } from './net.mjs';
import { hasExited, terminate } from './supervisor.mjs';

/**
 * True when a Redis at host:port answers PING (an inline RESP command) with +PONG.
 * @param {number} port
 * @param {string} [host]
 */
export async function redisPing(port, host = '127.0.0.1') {
  const reply = await tcpExchange({ host, port, request: 'PING\r\n', done: (r) => r.includes('\r\n') });
  return reply?.toString().startsWith('+PONG') ?? false;
}

/**
 * redis-server on 127.0.0.1:port logging to <dir>/redis.log, in its own process group so a
 * terminal Ctrl-C reaches only the launcher, which stops Redis after the services using it.
 * @param {{ port: number, dir: string, persist: boolean }} options persist: append-only file in dir
 */
export function spawnRedis({ port, dir, persist }) {
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', ''];
  args.push('--appendonly', persist ? 'yes' : 'no', '--logfile', path.join(dir, 'redis.log'));
  return spawn('redis-server', args, { detached: true, stdio: 'ignore' });
}

/**
 * Starts redis-server (on a free port unless given) and resolves once it answers PING.
 * @param {{ port?: number, dir: string, persist: boolean }} options
 */
export async function startRedis({ port, dir, persist }) {
  const chosen = port ?? (await freePort());
  fs.mkdirSync(dir, { recursive: true });
  const child = spawnRedis({ port: chosen, dir, persist });
  const up = await waitFor(async () => hasExited(child) || (await redisPing(chosen)), { timeoutMs: 10_000 });
  if (!up || hasExited(child)) {
    await terminate(child, 1000);
    throw new SetupError(
      `redis-server did not answer on 127.0.0.1:${chosen}; see ${path.join(dir, 'redis.log')}`,
    );
  }
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    child,
    stop: () => terminate(child),
  };
}

const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** @param {string} url */
export function redactUrl(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/**
 * A Redis for a throwaway run (tests, benchmarks): REDIS_URL, else the standard local one if it
 * answers, else a private redis-server in a temporary folder that `stop` removes.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} who the log prefix, e.g. "test services"
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function findOrStartRedis(env, who) {
  if (env.REDIS_URL) {
    log(`${who}: redis ${redactUrl(env.REDIS_URL)} (REDIS_URL)`);
    return { url: env.REDIS_URL, stop: async () => {} };
  }
  if (await redisPing(6379)) {
    log(`${who}: redis ${LOCAL_REDIS_URL} (already running)`);
    return { url: LOCAL_REDIS_URL, stop: async () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-redis-'));
  const redis = await startRedis({ dir, persist: false });
  log(`${who}: redis ${redis.url} (private redis-server)`);
  return {
    url: redis.url,
    stop: async () => {
      await redis.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
