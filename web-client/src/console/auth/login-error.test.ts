import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.js';
import { loginMessage } from './login-error.js';

describe('loginMessage', () => {
  it('says wrong username or password for 401', () => {
    expect(loginMessage(new ApiError(401, 'UNAUTHENTICATED', 'wrong username or password'))).toEqual({
      key: 'wrongCredentials',
    });
  });

  it('gives the lock-out time from details.lockedUntil', () => {
    const until = '2030-01-01T02:15:00.000Z';
    expect(loginMessage(new ApiError(423, 'ACCOUNT_LOCKED', 'locked', { lockedUntil: until }))).toEqual({
      key: 'accountLocked',
      until,
    });
    expect(loginMessage(new ApiError(423, 'ACCOUNT_LOCKED', 'locked'))).toEqual({
      key: 'accountLockedNoTime',
    });
  });

  it('gives the wait from Retry-After on the rate limit', () => {
    expect(loginMessage(new ApiError(429, 'RATE_LIMITED', 'too many', undefined, 42))).toEqual({
      key: 'loginRateLimited',
      seconds: 42,
    });
    expect(loginMessage(new ApiError(429, 'RATE_LIMITED', 'too many'))).toEqual({
      key: 'loginRateLimitedNoTime',
    });
  });

  it('falls back to the general messages', () => {
    expect(loginMessage(new ApiError(0, 'NETWORK_ERROR', 'Failed to fetch'))).toEqual({
      key: 'errorNetwork',
    });
  });
});
