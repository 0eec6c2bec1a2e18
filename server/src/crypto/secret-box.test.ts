import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from './secret-box.js';

const SECRET = 'a-server-secret-of-at-least-32-characters';

function openError(box: SecretBox, sealed: string): unknown {
  try {
    box.open(sealed);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('SecretBox', () => {
  const box = new SecretBox(SECRET);

  it('opens what it sealed, including non-ASCII text, and the sealed form hides it', () => {
    const key = 'live_123456789_abcDEF-ghi?x=1 ✓';
    const sealed = box.seal(key);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('live_123456789');
    expect(box.open(sealed)).toBe(key);
    expect(new SecretBox(SECRET).open(sealed)).toBe(key);
  });

  it('uses a random IV: the same text seals differently each time', () => {
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64url').subarray(0, 12)).not.toEqual(
      Buffer.from(b.slice(3), 'base64url').subarray(0, 12),
    );
  });

  it('rejects an altered value, a truncated one, another format and another key with SECRET_UNREADABLE', () => {
    const sealed = box.seal('stream-key-1234');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[14] = (raw[14] ?? 0) ^ 0x01;
    const tampered = `v1.${raw.toString('base64url')}`;
    const cases = [tampered, sealed.slice(0, 20), `v2.${sealed.slice(3)}`, sealed.replace(/^v1\./, '')];
    for (const bad of cases) {
      const error = openError(box, bad);
      expect(error).toBeInstanceOf(SecretBoxError);
      expect((error as SecretBoxError).code).toBe('SECRET_UNREADABLE');
    }
    const other = openError(new SecretBox('another-server-secret-of-32-characters!!'), sealed);
    expect((other as SecretBoxError).code).toBe('SECRET_UNREADABLE');
  });
});
