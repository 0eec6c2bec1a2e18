import { describe, expect, it } from 'vitest';
import { count, formatTable } from './text.js';

describe('CLI text', () => {
  it('aligns columns by characters, not bytes, and leaves the last column unpadded', () => {
    expect(
      formatTable(
        ['CODE', 'NAME', 'STATE'],
        [
          ['HN', 'Hà Nội', 'active'],
          ['DA', 'Đông Anh', 'none'],
        ],
      ),
    ).toBe(['CODE  NAME      STATE', 'HN    Hà Nội    active', 'DA    Đông Anh  none'].join('\n'));
  });

  it('counts in the singular and plural', () => {
    expect([count(0, 'unit'), count(1, 'unit'), count(2, 'join link')]).toEqual([
      '0 units',
      '1 unit',
      '2 join links',
    ]);
  });
});
