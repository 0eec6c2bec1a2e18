import { describe, expect, it } from 'vitest';
import { queryString } from './query.js';

describe('queryString', () => {
  it('encodes the defined values and drops the rest', () => {
    expect(queryString({ status: 'live', from: undefined, limit: 20, offset: 0, q: '' })).toBe(
      '?status=live&limit=20&offset=0',
    );
    expect(queryString({ from: '2030-01-01T00:00:00+07:00' })).toBe(
      '?from=2030-01-01T00%3A00%3A00%2B07%3A00',
    );
    expect(queryString({})).toBe('');
  });
});
