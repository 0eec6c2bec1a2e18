import { describe, expect, it } from 'vitest';
import { changedViews } from './views.js';

describe('changedViews', () => {
  it('lists only what changed since the last time', () => {
    expect(
      changedViews({ a: 'large', h: 'thumbnail' }, { a: 'thumbnail', h: 'thumbnail', c: 'large' }),
    ).toEqual([
      ['a', 'thumbnail'],
      ['c', 'large'],
    ]);
  });
});
