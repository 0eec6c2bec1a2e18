import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { consoleStrings } from '../strings.js';
import { durationText } from './duration.js';

describe('durationText', () => {
  it('writes hours and minutes in Vietnamese and English', () => {
    const vi = translator(consoleStrings, 'vi');
    const en = translator(consoleStrings, 'en');
    expect(durationText(125, vi)).toBe('2 giờ 05 phút');
    expect(durationText(45, vi)).toBe('45 phút');
    expect(durationText(0, vi)).toBe('0 phút');
    expect(durationText(60, en)).toBe('1 h 00 min');
    expect(durationText(7, en)).toBe('7 min');
  });
});
