import { describe, expect, it } from 'vitest';
import { gridPage, gridSubscription } from './grid.js';

const ids = Array.from({ length: 27 }, (_, i) => `p${i + 1}`);

describe('gridPage', () => {
  it('cuts the tiles into pages of twelve', () => {
    expect(gridPage(ids, 0)).toEqual({ items: ids.slice(0, 12), page: 0, pages: 3 });
    expect(gridPage(ids, 2)).toEqual({ items: ['p25', 'p26', 'p27'], page: 2, pages: 3 });
  });

  it('keeps the page within the pages there are (halls leave)', () => {
    expect(gridPage(ids.slice(0, 13), 5)).toMatchObject({ items: ['p13'], page: 1, pages: 2 });
    expect(gridPage(ids, -1).page).toBe(0);
  });

  it('has one empty page when nobody is connected', () => {
    expect(gridPage([], 3)).toEqual({ items: [], page: 0, pages: 1 });
  });

  it('takes another page size', () => {
    expect(gridPage(ids, 1, 16)).toMatchObject({ items: ids.slice(16, 27), pages: 2 });
  });
});

describe('gridSubscription', () => {
  it('receives the page as thumbnails and the programme large, even from another page', () => {
    expect(gridSubscription(['a', 'b'], 'z')).toEqual({
      peerIds: ['a', 'b', 'z'],
      views: { a: 'thumbnail', b: 'thumbnail', z: 'large' },
    });
  });

  it('takes the programme large when it is on the page too', () => {
    expect(gridSubscription(['a', 'b'], 'b')).toEqual({
      peerIds: ['a', 'b'],
      views: { a: 'thumbnail', b: 'large' },
    });
    expect(gridSubscription([], null)).toEqual({ peerIds: [], views: {} });
  });
});
