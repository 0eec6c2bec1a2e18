import { describe, expect, it } from 'vitest';
import { linkTokenFrom } from './link-token.js';

const at = (pathname: string, search = '') => linkTokenFrom({ pathname, search });

describe('linkTokenFrom', () => {
  it('reads the token from /join/<token>', () => {
    expect(at('/join/abcDEF0123456789xyz')).toBe('abcDEF0123456789xyz');
    expect(at('/join/abcDEF0123456789xyz/')).toBe('abcDEF0123456789xyz');
    expect(at('/join/a%2Db')).toBe('a-b');
  });

  it('reads ?link= when the path has none (development)', () => {
    expect(at('/join.html', '?link=tok-123')).toBe('tok-123');
    expect(at('/', '?link=%20tok%20')).toBe('tok');
  });

  it('is null without a token or with a broken escape', () => {
    expect(at('/join.html')).toBeNull();
    expect(at('/join.html', '?link=')).toBeNull();
    expect(at('/join/a/b')).toBeNull();
    expect(at('/join/%E0%A4%A')).toBeNull();
  });
});
