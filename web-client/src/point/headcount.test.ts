import { describe, expect, it } from 'vitest';
import { parseHeadcount } from './headcount.js';

describe('parseHeadcount', () => {
  it('reads whole numbers from 0 to 10,000', () => {
    expect(parseHeadcount('0')).toEqual({ ok: true, value: 0 });
    expect(parseHeadcount(' 120 ')).toEqual({ ok: true, value: 120 });
    expect(parseHeadcount('10000')).toEqual({ ok: true, value: 10_000 });
  });

  it('takes an empty field as "not counted yet"', () => {
    expect(parseHeadcount('  ')).toEqual({ ok: true, value: null });
  });

  it('refuses anything else', () => {
    for (const text of ['10001', '-1', '1.5', '12a', '1e3'])
      expect(parseHeadcount(text)).toEqual({ ok: false });
  });
});
