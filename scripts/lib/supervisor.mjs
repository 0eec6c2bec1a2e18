// @ts-check
// Child-process lifecycle for the launcher: stop with a deadline, restart with backoff, and no
// grandchild (ffmpeg, mediasoup-worker) outliving the child that started it.
import { once } from 'node:events';
import { log } from './log.mjs';

const STABLE_MS = 60_000;
const MAX_DELAY_MS = 30_000;

/** @param {import('node:child_process').ChildProcess} child */
export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * True when `child` leads a process group (it was spawned `detached`), which the processes it
 * starts join. Only asked while it runs: until Node reaps it, its pid (the group's id) is its own.
 * @param {import('node:child_process').ChildProcess} child
 */
export function leadsGroup(child) {
  if (child.pid === undefined || hasExited(child)) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * SIGKILL to the process group `pgid`: what its leader started and left behind. The kernel keeps
 * the id from being reused while any member lives, so this reaches nobody else.
 * @param {number} pgid
 */
function killGroup(pgid) {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is empty, nothing was left behind.
  }
}

/**
 * Once `child` exits, for whatever reason, SIGKILL whatever is left of the group it leads: a
 * media-worker killed mid-recording would otherwise leave its ffmpeg running, still holding the
 * RTP ports and writing to the recording. A child that leads no group is left as it is.
 * @param {import('node:child_process').ChildProcess} child
 */
export function reapGroupOnExit(child) {
  if (!leadsGroup(child)) return;
  const pgid = /** @type {number} */ (child.pid);
  child.once('exit', () => killGroup(pgid));
}

/**
 * SIGKILL now, to the group `child` leads or else to it alone: for when the launcher itself ends.
 * @param {import('node:child_process').ChildProcess} child
 */
export function killNow(child) {
  if (leadsGroup(child)) killGroup(/** @type {number} */ (child.pid));
  else child.kill('SIGKILL');
}

/**
 * SIGTERM to the child alone, which stops its own children in order (the media-worker sends its
 * ffmpeg `q`); SIGKILL to it and its group if it is still running after `timeoutMs`; and whatever
 * of its group is left once it has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [timeoutMs]
 */
export async function terminate(child, timeoutMs = 15_000) {
  if (hasExited(child)) return;
  reapGroupOnExit(child);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => killNow(child), timeoutMs);
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
 * a minute resets the backoff. Started `detached`, each run's leftovers die with it before the next.
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
  const watch = () => {
    reapGroupOnExit(child);
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
  };
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
