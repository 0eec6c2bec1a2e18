import { ApiError } from '../../api/api-error.js';
import type { ErrorKey } from '../errors.js';
import { errorKey } from '../errors.js';

export type LoginMessage =
  | { key: 'wrongCredentials' }
  | { key: 'accountLocked'; until: string }
  | { key: 'accountLockedNoTime' }
  | { key: 'loginRateLimited'; seconds: number }
  | { key: 'loginRateLimitedNoTime' }
  | { key: ErrorKey };

/** Why sign-in failed: wrong password (or unknown user: the server does not say which), lock-out, rate limit. */
export function loginMessage(error: unknown): LoginMessage {
  if (error instanceof ApiError) {
    if (error.code === 'UNAUTHENTICATED') return { key: 'wrongCredentials' };
    if (error.code === 'ACCOUNT_LOCKED') {
      const until = (error.details as { lockedUntil?: unknown } | undefined)?.lockedUntil;
      return typeof until === 'string' && !Number.isNaN(Date.parse(until))
        ? { key: 'accountLocked', until }
        : { key: 'accountLockedNoTime' };
    }
    if (error.code === 'RATE_LIMITED') {
      return error.retryAfterSeconds !== undefined
        ? { key: 'loginRateLimited', seconds: error.retryAfterSeconds }
        : { key: 'loginRateLimitedNoTime' };
    }
  }
  return { key: errorKey(error) };
}
