import { describe, expect, it } from 'vitest';
import { mediaErrorCode } from './media-errors.js';

const named = (name: string) => Object.assign(new Error(name), { name });

describe('mediaErrorCode', () => {
  it('classifies getUserMedia rejections by name', () => {
    expect(mediaErrorCode(named('NotAllowedError'))).toBe('denied');
    expect(mediaErrorCode(named('NotFoundError'))).toBe('notFound');
    expect(mediaErrorCode(named('OverconstrainedError'))).toBe('notFound');
    expect(mediaErrorCode(named('NotReadableError'))).toBe('busy');
    expect(mediaErrorCode(new TypeError('mediaDevices is undefined'))).toBe('unsupported');
  });

  it('falls back to "failed" for anything else', () => {
    expect(mediaErrorCode(named('WeirdError'))).toBe('failed');
    expect(mediaErrorCode('text')).toBe('failed');
  });
});
