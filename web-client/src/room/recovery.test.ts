import { describe, expect, it } from 'vitest';
import { RETRY_BASE_MS, RETRY_MAX_MS, isFinalRefusal, retryDelay } from './recovery.js';

describe('recovery policy', () => {
  it('doubles the retry delay from the base up to the cap, with ±25 % jitter', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelay(n, middle))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
    expect(retryDelay(1, () => 0)).toBe(RETRY_BASE_MS * 0.75);
    expect(retryDelay(9, () => 1)).toBe(RETRY_MAX_MS * 1.25);
  });

  it('gives up on refusals another attempt cannot change, and on a token refused twice', () => {
    expect(isFinalRefusal('FORBIDDEN', 0)).toBe(true);
    expect(isFinalRefusal('CONFLICT', 0)).toBe(true);
    expect(isFinalRefusal('RATE_LIMITED', 0)).toBe(false);
    expect(isFinalRefusal('UNAUTHENTICATED', 1)).toBe(false);
    expect(isFinalRefusal('UNAUTHENTICATED', 2)).toBe(true);
  });
});
