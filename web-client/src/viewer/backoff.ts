export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** Doubling stops here. */
  maxMs: number;
  /** ±fraction of randomness, so that a crowd of viewers does not retry in step after an outage. */
  jitter: number;
}

/** Delay before retry number `attempt` (1 = first retry): doubling from `baseMs`, capped, jittered. */
export function backoffDelay(
  attempt: number,
  { baseMs, maxMs, jitter }: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const raw = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(raw * (1 - jitter + 2 * jitter * random()));
}
