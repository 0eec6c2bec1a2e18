import { describe, expect, it } from 'vitest';
import { defineStrings, format, translator } from './i18n.js';

describe('i18n', () => {
  const strings = defineStrings(
    { greeting: 'Xin chào {name}', count: '{n} điểm cầu' },
    { greeting: 'Hello {name}', count: '{n} bridge points' },
  );

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{a} và {b}', { a: 1 })).toBe('1 và {b}');
  });

  it('translates in the chosen language', () => {
    expect(translator(strings, 'vi')('greeting', { name: 'Lộc Ninh' })).toBe('Xin chào Lộc Ninh');
    expect(translator(strings, 'en')('count', { n: 3 })).toBe('3 bridge points');
  });
});
