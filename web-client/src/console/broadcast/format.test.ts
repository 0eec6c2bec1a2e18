import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock } from './format.js';

describe('formatClock', () => {
  it('shows minutes and seconds, and hours once there are any', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(249.9)).toBe('04:09');
    expect(formatClock(3599)).toBe('59:59');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(36_000)).toBe('10:00:00');
    expect(formatClock(-5)).toBe('00:00');
  });
});

describe('formatBytes', () => {
  it('picks a binary unit and writes the number the language’s way', () => {
    expect(formatBytes(0, 'vi')).toBe('0 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1023, 'vi')).toBe('1.023 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1536, 'vi')).toBe('1,5 KB');
    expect(formatBytes(5 * 1024 ** 2, 'en')).toBe('5 MB');
    expect(formatBytes(1.25 * 1024 ** 3, 'vi')).toBe('1,3 GB');
    expect(formatBytes(250 * 1024 ** 2, 'en')).toBe('250 MB');
  });
});
