import { describe, expect, it } from 'vitest';
import { formatStart } from './schedule-time.js';

// Patterns, not exact strings: punctuation varies between ICU versions.
describe('formatStart', () => {
  it('shows the start in the given time zone, in the chosen language, without a leading "lúc"', () => {
    const vi = formatStart('2030-06-01T01:00:00Z', 'vi', 'Asia/Ho_Chi_Minh');
    expect(vi.time).toBe('08:00');
    expect(vi.date).toMatch(/^Thứ Bảy,? 1 tháng 6,? 2030$/i);
    const en = formatStart('2030-06-01T01:00:00Z', 'en', 'Asia/Ho_Chi_Minh');
    expect(en.time).toBe('08:00');
    expect(en.date).toMatch(/^Saturday,? 1 June 2030$/);
  });
});
