import { describe, expect, it } from 'vitest';
import { ConfigError } from './env.js';
import { envOperatorToken, presentsToken } from './operator-token.js';

const TOKEN = 'f'.repeat(64);

describe('METRICS_TOKEN', () => {
  it('is unset when empty, and kept as given when long enough', () => {
    expect(envOperatorToken({})).toBeUndefined();
    expect(envOperatorToken({ METRICS_TOKEN: '' })).toBeUndefined();
    expect(envOperatorToken({ METRICS_TOKEN: TOKEN })).toBe(TOKEN);
    expect(envOperatorToken({ METRICS_TOKEN: 'aZ09-._~+/'.repeat(4) + '==' })).toBeDefined();
  });

  it('refuses a short value or one a Bearer header cannot carry, naming the variable', () => {
    for (const bad of ['short', 'x'.repeat(31), `${'x'.repeat(32)} y`, `${'x'.repeat(32)}"`]) {
      const error: unknown = (() => {
        try {
          return envOperatorToken({ METRICS_TOKEN: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ variable: 'METRICS_TOKEN' });
      expect((error as Error).message).toMatch(/^METRICS_TOKEN must be at least 32 characters/);
    }
  });
});

describe('presentsToken', () => {
  it('accepts exactly `Bearer <token>`', () => {
    expect(presentsToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(presentsToken(`Bearer  ${TOKEN} `, TOKEN)).toBe(true);
  });

  it('refuses anything else, and everything when no token is configured', () => {
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN.slice(1)}`,
      `Bearer ${TOKEN}f`,
      `Bearer ${TOKEN.slice(0, -1)}e`,
      'Bearer ',
    ]) {
      expect(presentsToken(header, TOKEN)).toBe(false);
    }
    expect(presentsToken(`Bearer ${TOKEN}`, undefined)).toBe(false);
  });
});
