import { describe, expect, it } from 'vitest';
import { pageInfo } from './pagination.js';

describe('pageInfo', () => {
  it('places a middle page between its neighbours', () => {
    expect(pageInfo(45, 20, 20)).toEqual({
      page: 2,
      pages: 3,
      first: 21,
      last: 40,
      previousOffset: 0,
      nextOffset: 40,
    });
  });

  it('has no previous on the first page and no next on the last', () => {
    expect(pageInfo(45, 20, 0)).toEqual({ page: 1, pages: 3, first: 1, last: 20, nextOffset: 20 });
    expect(pageInfo(45, 20, 40)).toEqual({ page: 3, pages: 3, first: 41, last: 45, previousOffset: 20 });
  });

  it('shows one empty page when there is nothing', () => {
    expect(pageInfo(0, 20, 0)).toEqual({ page: 1, pages: 1, first: 0, last: 0 });
  });

  it('lands on the last page when the offset runs past the end (items were removed meanwhile)', () => {
    expect(pageInfo(25, 20, 60)).toEqual({ page: 2, pages: 2, first: 21, last: 25, previousOffset: 0 });
  });
});
