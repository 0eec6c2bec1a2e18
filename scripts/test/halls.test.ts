import { describe, expect, it } from 'vitest';
import { defaultPublicUrl, hallInstructions, lanAddress, servedUrl } from '../lib/halls.mjs';

describe('defaultPublicUrl', () => {
  it("serves at the LAN address when nothing says otherwise, so the server's TLS turns on", () => {
    expect(defaultPublicUrl({}, '192.168.1.10')).toEqual({ PUBLIC_URL: 'http://192.168.1.10:3000' });
    expect(defaultPublicUrl({ PORT: '8443', RTC_ANNOUNCED_IP: '10.0.0.7' }, '192.168.1.10')).toEqual({
      PUBLIC_URL: 'http://10.0.0.7:8443',
    });
    expect(defaultPublicUrl({ TRUST_PROXY: 'false' }, '192.168.1.10')).toHaveProperty('PUBLIC_URL');
  });

  it('leaves PUBLIC_URL, TLS=off, a proxy and a machine without a LAN address alone', () => {
    expect(defaultPublicUrl({ PUBLIC_URL: 'https://x.example' }, '192.168.1.10')).toEqual({});
    expect(defaultPublicUrl({ TLS: 'off' }, '192.168.1.10')).toEqual({});
    expect(defaultPublicUrl({ TRUST_PROXY: '1' }, '192.168.1.10')).toEqual({});
    expect(defaultPublicUrl({}, null)).toEqual({});
  });
});

describe('lanAddress', () => {
  it('is the first non-internal IPv4 address', () => {
    const lo = { address: '127.0.0.1', family: 'IPv4', internal: true };
    const eth = { address: '192.168.1.20', family: 'IPv4', internal: false };
    expect(lanAddress({ lo: [lo as never], eth0: [eth as never] })).toBe('192.168.1.20');
    expect(lanAddress({ lo: [lo as never] })).toBe(null);
  });
});

describe('servedUrl and hallInstructions', () => {
  it('print the https address and what the halls install', () => {
    const url = servedUrl('http://192.168.1.10:3000', true, '3000');
    expect(url).toBe('https://192.168.1.10:3000/');
    expect(servedUrl('http://localhost:3000/', false, '3000')).toBe('http://localhost:3000/');
    const lines = hallInstructions(url, { source: 'made', rootCa: { fingerprint256: 'AA:BB' } });
    expect(lines.join('\n')).toContain('download http://192.168.1.10:3000/tls/root-ca.crt (SHA-256 AA:BB)');
    expect(lines.join('\n')).toContain('https://192.168.1.10:3000/#/certificate');
    expect(lines.join('\n')).toContain('https://192.168.1.10:3000/join/');
    expect(hallInstructions(url, { source: 'given', rootCa: null })).toEqual([]);
  });
});
