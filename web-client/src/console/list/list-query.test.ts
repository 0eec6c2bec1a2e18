import { describe, expect, it } from 'vitest';
import { listQuery, PAGE_SIZE } from './list-query.js';

describe('listQuery', () => {
  it('turns a local day into the [from, to) range of scheduled starts', () => {
    expect(listQuery({ status: 'ended', date: '2030-01-02', order: 'asc', offset: 40 })).toEqual({
      status: 'ended',
      from: new Date(2030, 0, 2).toISOString(),
      to: new Date(2030, 0, 3).toISOString(),
      order: 'asc',
      limit: PAGE_SIZE,
      offset: 40,
    });
  });

  it('asks for everything, newest first, without filters', () => {
    expect(listQuery({ order: 'desc', offset: 0 })).toEqual({ order: 'desc', limit: PAGE_SIZE, offset: 0 });
  });
});
