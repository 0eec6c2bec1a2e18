import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const policy = { baseMs: 500, maxMs: 4_000, jitter: 0.2 };

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 50].map((attempt) => backoffDelay(attempt, policy, () => 0.5));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
  });

  it('spreads retries by ±jitter', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(1_600);
    expect(backoffDelay(3, policy, () => 1)).toBe(2_400);
  });

  it('treats attempt 0 or less as the first retry', () => {
    expect(backoffDelay(0, policy, () => 0.5)).toBe(500);
  });
});
