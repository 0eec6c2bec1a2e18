import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, isTotpCode, newRecoveryCodes } from './recovery-codes.js';
import { newTotpSecret, totpCode, totpQrSvg, totpStep, totpUri } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches RFC 6238 test vectors (6 digits of them)', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe('005924');
  });

  it('gives the time step a code is for, one step either side, and nothing for others', () => {
    const now = 1_234_567_890_000;
    const step = Math.floor(now / 30_000);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now), now)).toBe(step);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeUndefined();
    expect(totpStep(RFC_SECRET, 'abcdef', now)).toBeUndefined();
  });

  it('makes 160-bit secrets and an otpauth URI with a QR code as SVG', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, 'quantri');
    expect(uri).toBe(
      `otpauth://totp/diemcau:quantri?issuer=diemcau&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(totpQrSvg(uri)).toMatch(/^<svg [^>]*viewBox=[\s\S]*<\/svg>$/);
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of 80 bits, hashed whatever the case, spaces and dashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
    const [code = ''] = codes;
    expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(isTotpCode(' 123456 ')).toBe(true);
    expect(isTotpCode(code)).toBe(false);
  });
});
