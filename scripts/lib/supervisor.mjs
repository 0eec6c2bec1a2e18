// @ts-check
// Child-process lifecycle for the launcher: stop with a deadline, restart with backoff.
import { once } from 'node:events';
import { log } from './log.mjs';

const STABLE_MS = 60_000;
const MAX_DELAY_MS = 30_000;

/** @param {import('node:child_process').ChildProcess} child */
export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * SIGTERM, then SIGKILL if it is still running after `timeoutMs`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [timeoutMs]
 */
export async function terminate(child, timeoutMs = 15_000) {
  if (hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * 1 s, 2 s, 4 s ... capped at 30 s, for the n-th consecutive crash (n >= 1).
 * @param {number} crashes
 */
export function restartDelay(crashes) {
  return Math.min(1000 * 2 ** (crashes - 1), MAX_DELAY_MS);
}

/**
 * @param {number | null} code
 * @param {NodeJS.Signals | null} signal
 */
export function describeExit(code, signal) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * Restarts `start()`'s process whenever it exits until stop() is called; a run that lasted
 * a minute resets the backoff.
 * @param {string} name
 * @param {() => import('node:child_process').ChildProcess} start
 * @param {import('node:child_process').ChildProcess} [first] an already started instance
 */
export function keepAlive(name, start, first = start()) {
  let child = first;
  let startedAt = Date.now();
  let crashes = 0;
  let stopped = false;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const watch = () =>
    child.once('exit', (code, signal) => {
      if (stopped) return;
      crashes = Date.now() - startedAt > STABLE_MS ? 1 : crashes + 1;
      const delay = restartDelay(crashes);
      log(`${name} exited unexpectedly (${describeExit(code, signal)}); restarting in ${delay / 1000} s`);
      timer = setTimeout(() => {
        child = start();
        startedAt = Date.now();
        watch();
      }, delay);
    });
  watch();
  return {
    get child() {
      return child;
    },
    /** @param {number} [timeoutMs] */
    async stop(timeoutMs) {
      stopped = true;
      clearTimeout(timer);
      await terminate(child, timeoutMs);
    },
  };
}
