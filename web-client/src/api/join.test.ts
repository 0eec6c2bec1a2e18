import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { notLiveYet } from './join.js';

describe('notLiveYet', () => {
  it('reads the next scheduled conference from a 409 answer', () => {
    const next = { title: 'Hội nghị giao ban', scheduledStart: '2030-01-01T02:00:00.000Z' };
    expect(notLiveYet(new ApiError(409, 'CONFLICT', 'no live conference', { next }))).toEqual({ next });
    expect(notLiveYet(new ApiError(409, 'CONFLICT', 'no live conference', { next: null }))).toEqual({
      next: null,
    });
  });

  it('is undefined for other failures', () => {
    expect(notLiveYet(new ApiError(404, 'NOT_FOUND', 'not valid'))).toBeUndefined();
    expect(notLiveYet(new Error('offline'))).toBeUndefined();
  });
});
