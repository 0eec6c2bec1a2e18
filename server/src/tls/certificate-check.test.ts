import { describe, expect, it } from 'vitest';
import { certificateProblem } from './certificate-check.js';
import { makeRootCa, makeServerCertificate } from './local-ca.js';

const NOW = new Date('2030-03-01T00:00:00Z');
const root = makeRootCa('test root', NOW);
const server = makeServerCertificate(root, ['hall.example', '192.168.50.1', '::1'], NOW);
const other = makeServerCertificate(root, ['other.example'], NOW);

describe('certificateProblem', () => {
  it('accepts a pair for the names it covers, IPv6 in brackets included', () => {
    expect(certificateProblem(server.cert, server.key, ['hall.example', '192.168.50.1', '[::1]'], NOW)).toBe(
      null,
    );
  });

  it('names the part at fault and why', () => {
    expect(certificateProblem('nonsense', server.key, [], NOW)).toEqual({
      part: 'cert',
      reason: 'is not a PEM certificate',
    });
    expect(certificateProblem(server.cert, 'nonsense', [], NOW)?.part).toBe('key');
    expect(certificateProblem(server.cert, other.key, [], NOW)).toEqual({
      part: 'key',
      reason: 'does not match the certificate in TLS_CERT',
    });
    expect(certificateProblem(server.cert, server.key, ['10.0.0.9'], NOW)?.reason).toMatch(
      /^does not cover 10\.0\.0\.9 \(it names DNS:hall\.example, IP Address:192\.168\.50\.1/,
    );
    const later = new Date(NOW.getTime() + 400 * 24 * 3600 * 1000);
    expect(certificateProblem(server.cert, server.key, [], later)?.reason).toMatch(/^expired on /);
    expect(certificateProblem(server.cert, server.key, [], new Date('2029-01-01'))?.reason).toMatch(
      /^is not valid before /,
    );
  });

  it('counts a certificate about to run out as run out, given a margin', () => {
    const soon = new Date(NOW.getTime() + 380 * 24 * 3600 * 1000);
    expect(certificateProblem(server.cert, server.key, [], soon)).toBe(null);
    expect(certificateProblem(server.cert, server.key, [], soon, 30 * 24 * 3600 * 1000)?.reason).toMatch(
      /^expired on /,
    );
  });
});
