/*
 * When to try again. A client that lost its connection retries by itself with
 * growing, jittered delays, so that a hall's flaky link recovers quickly and
 * a server restart is not met by every hall at the same millisecond.
 */

export const RETRY_BASE_MS = 500;
export const RETRY_MAX_MS = 8_000;

/** The delay before retry `attempt` (1, 2, …): doubling from the base, capped, ±25 % jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const plain = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.75 + random() * 0.5));
}

/**
 * Handshake refusals that another attempt cannot change: the point is not
 * invited (or was removed), the conference is not live. An expired join token
 * (UNAUTHENTICATED) is worth one fresh token; after that it is final too.
 */
export function isFinalRefusal(code: string, consecutiveUnauthenticated: number): boolean {
  if (code === 'UNAUTHENTICATED') return consecutiveUnauthenticated >= 2;
  return code === 'FORBIDDEN' || code === 'CONFLICT' || code === 'VALIDATION_FAILED' || code === 'NOT_FOUND';
}

/** How long a transport may stay `disconnected` before its ICE restarts (libwebrtc may recover alone). */
export const ICE_DISCONNECTED_GRACE_MS = 2_000;
/** How often ICE restarts again while a transport stays down. */
export const ICE_RETRY_MS = 5_000;
