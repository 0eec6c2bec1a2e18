import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../lib/net.mjs';
import { hasExited, keepAlive, killNow, leadsGroup, restartDelay, terminate } from '../lib/supervisor.mjs';
import { running } from './proc-scan.js';

const node = (code: string) => spawn(process.execPath, ['-e', code], { stdio: 'ignore' });

describe('restartDelay', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelay)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
});

describe('terminate', () => {
  it('sends SIGTERM, and SIGKILL to a child that ignores it', async () => {
    const polite = node('setInterval(() => {}, 1000)');
    await once(polite, 'spawn');
    await terminate(polite, 5000);
    expect(polite.signalCode).toBe('SIGTERM');

    // It says so once its handler is installed: on a loaded machine that can take far more than a moment.
    const stubborn = spawn(
      process.execPath,
      ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await once(stubborn.stdout, 'data');
    await terminate(stubborn, 300);
    expect(stubborn.signalCode).toBe('SIGKILL');
  });
});

/** A node that starts `sleep 300`, prints its pid, and stays; `detached` leads a process group. */
async function parentOfSleep(detached: boolean) {
  const parent = spawn(
    process.execPath,
    [
      '-e',
      "const c = require('child_process').spawn('sleep', ['300'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000)",
    ],
    { stdio: ['ignore', 'pipe', 'ignore'], detached },
  );
  const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
  return { parent, sleep: Number(chunk.toString()) };
}

describe('process groups', () => {
  it("terminate and killNow leave nothing of a detached child's group running", async () => {
    const stopped = await parentOfSleep(true);
    expect(leadsGroup(stopped.parent)).toBe(true);
    await terminate(stopped.parent, 5000);
    await expect.poll(() => running(stopped.sleep), { timeout: 2000 }).toBe(false);

    const killed = await parentOfSleep(true);
    killNow(killed.parent);
    await once(killed.parent, 'exit');
    await expect.poll(() => running(killed.sleep), { timeout: 2000 }).toBe(false);
  });

  it('signal only the child itself when it leads no group', async () => {
    const { parent, sleep } = await parentOfSleep(false);
    try {
      expect(leadsGroup(parent)).toBe(false);
      await terminate(parent, 5000);
      expect(running(sleep)).toBe(true);
    } finally {
      process.kill(sleep, 'SIGKILL');
    }
  });
});

describe('keepAlive', () => {
  it('restarts a crashed process after the backoff and stops it for good on stop()', async () => {
    const keeper = keepAlive('crasher', () => node('setTimeout(() => process.exit(3), 100)'));
    const first = keeper.child;
    try {
      expect(await waitFor(async () => keeper.child !== first, { timeoutMs: 5000 })).toBe(true);
    } finally {
      await keeper.stop();
    }
    const second = keeper.child;
    expect(hasExited(second)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(keeper.child).toBe(second);
  });
});

describe('waitFor and freePort', () => {
  it('gives up after the timeout', async () => {
    const started = Date.now();
    expect(await waitFor(async () => false, { timeoutMs: 300, intervalMs: 50 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    const server = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    server.close();
  });
});
