// Tests of the relay backoff: the failure streak, its reset after a long
// live connection, and the doubling delay.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, failureStreak, retryDelayMs } from './relay-backoff.js';

describe('relay backoff', () => {
  it('waits 1 s after the first failure, doubling up to 30 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 50, 5_000].map((streak) => retryDelayMs(streak, DEFAULT_BACKOFF));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('counts failures in a row while connections drop before staying live 30 s', () => {
    expect(failureStreak(0, 0, DEFAULT_BACKOFF)).toBe(1);
    expect(failureStreak(3, 0, DEFAULT_BACKOFF)).toBe(4);
    expect(failureStreak(3, 29_999, DEFAULT_BACKOFF)).toBe(4);
  });

  it('starts a new run once a connection stayed live 30 s', () => {
    expect(failureStreak(6, 30_000, DEFAULT_BACKOFF)).toBe(1);
    expect(retryDelayMs(failureStreak(6, 45_000, DEFAULT_BACKOFF), DEFAULT_BACKOFF)).toBe(1_000);
  });

  it('follows a custom backoff', () => {
    const backoff = { initialMs: 200, maxMs: 1_000, resetAfterMs: 2_000 };
    expect([1, 2, 3, 4].map((streak) => retryDelayMs(streak, backoff))).toEqual([200, 400, 800, 1_000]);
    expect(failureStreak(4, 2_000, backoff)).toBe(1);
  });
});
