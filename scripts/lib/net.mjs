// @ts-check
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A port the OS reports free on 127.0.0.1 right now (there is a small race until it is used).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Connects, writes `request`, and resolves with what arrived once `done(received)` is true,
 * or null on refusal, error or timeout.
 * @param {{ host: string, port: number, request: Buffer | string, done: (received: Buffer) => boolean, timeoutMs?: number }} options
 * @returns {Promise<Buffer | null>}
 */
export function tcpExchange({ host, port, request, done, timeoutMs = 1000 }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    /** @param {Buffer | null} result */
    const finish = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish(null));
    socket.on('error', () => finish(null));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (done(received)) finish(received);
    });
    socket.on('end', () => finish(done(received) ? received : null));
  });
}

/**
 * Polls `check` until it resolves truthy; false after `timeoutMs`.
 * @param {() => Promise<boolean>} check
 * @param {{ timeoutMs: number, intervalMs?: number }} options
 */
export async function waitFor(check, { timeoutMs, intervalMs = 200 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
