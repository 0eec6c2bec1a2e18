import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter, toApiError } from './api-error.js';

describe('toApiError', () => {
  it('keeps the code, message and details of the documented error body', () => {
    const lockedUntil = '2030-01-01T02:15:00.000Z';
    const error = toApiError(423, {
      error: { code: 'ACCOUNT_LOCKED', message: 'account locked', details: { lockedUntil } },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: 'account locked',
      details: { lockedUntil },
    });
  });

  it('names a code from the status when the body is not an error body', () => {
    expect(toApiError(502, '<html>Bad gateway</html>')).toMatchObject({ status: 502, code: 'INTERNAL' });
    expect(toApiError(404, undefined)).toMatchObject({ code: 'NOT_FOUND', message: 'HTTP 404' });
    expect(toApiError(429, { error: 'slow down' }, '30')).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 30,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('42', now)).toBe(42);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
