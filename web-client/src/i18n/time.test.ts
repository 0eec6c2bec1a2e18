import { describe, expect, it } from 'vitest';
import {
  dayRange,
  formatDateTime,
  formatTime,
  isoToLocalInput,
  localInputToIso,
  splitMinutes,
} from './time.js';

describe('date and time formatting', () => {
  const iso = '2030-01-01T02:05:00.000Z'; // 09:05 in Vietnam (UTC+7)

  it('shows the instant in the given time zone and language', () => {
    const vi = formatDateTime(iso, 'vi', 'Asia/Ho_Chi_Minh');
    const en = formatDateTime(iso, 'en', 'Asia/Ho_Chi_Minh');
    expect(vi).toContain('09:05');
    expect(vi).toContain('2030');
    expect(en).toContain('09:05');
    expect(en).toContain('Jan');
    expect(formatTime(iso, 'vi', 'Asia/Ho_Chi_Minh')).toBe('09:05');
    expect(formatTime(iso, 'en', 'UTC')).toBe('02:05');
  });
});

describe('datetime-local values', () => {
  it('are read as local wall-clock time and written back unchanged', () => {
    const iso = localInputToIso('2030-03-15T14:30');
    expect(iso).toBeDefined();
    const date = new Date(iso!);
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes()]).toEqual(
      [2030, 2, 15, 14, 30],
    );
    expect(isoToLocalInput(iso!)).toBe('2030-03-15T14:30');
  });

  it('refuses what is not a datetime-local value', () => {
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('15/03/2030 14:30')).toBeUndefined();
  });
});

describe('dayRange', () => {
  it('spans one local day, from midnight to the next midnight', () => {
    const range = dayRange('2030-12-31')!;
    const from = new Date(range.from);
    const to = new Date(range.to);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2030, 11, 31, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours()]).toEqual([2031, 0, 1, 0]);
    expect(dayRange('31/12/2030')).toBeUndefined();
  });
});

describe('splitMinutes', () => {
  it('splits into hours and two-digit minutes', () => {
    expect(splitMinutes(125)).toEqual({ hours: 2, minutes: '05' });
    expect(splitMinutes(59)).toEqual({ hours: 0, minutes: '59' });
    expect(splitMinutes(0)).toEqual({ hours: 0, minutes: '00' });
  });
});
