import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { errorKey } from './errors.js';

describe('errorKey', () => {
  it('names a message for each server code', () => {
    expect(errorKey(new ApiError(0, 'NETWORK_ERROR', 'Failed to fetch'))).toBe('errorNetwork');
    expect(errorKey(new ApiError(401, 'UNAUTHENTICATED', 'sign in first'))).toBe('errorSession');
    expect(errorKey(new ApiError(409, 'CONFLICT', 'cannot end a scheduled conference'))).toBe(
      'errorConflict',
    );
    expect(errorKey(new ApiError(500, 'INTERNAL', 'internal error'))).toBe('errorServer');
    expect(errorKey(new TypeError('x is undefined'))).toBe('errorServer');
  });
});
