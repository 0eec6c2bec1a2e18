// How long a relay waits before connecting again: failures in a row and
// the doubling delay.
/** How long a relay waits before connecting again. */
export interface Backoff {
  /** The delay after the first failure; each further failure in a row doubles it. */
  initialMs: number;
  maxMs: number;
  /** A connection that stayed live this long ends the run of failures: the next delay is `initialMs` again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 30_000 };

/** Failures in a row including this one, given the previous count and how long this connection was live. */
export function failureStreak(previous: number, liveMs: number, { resetAfterMs }: Backoff): number {
  return liveMs >= resetAfterMs ? 1 : previous + 1;
}

/** The delay before the next attempt after `streak` failures in a row: `initialMs` doubling up to `maxMs`. */
export function retryDelayMs(streak: number, { initialMs, maxMs }: Backoff): number {
  // 2 ** a large streak is Infinity, which the cap absorbs.
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, streak - 1));
}
