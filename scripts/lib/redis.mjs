// @ts-check
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from './log.mjs';
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
