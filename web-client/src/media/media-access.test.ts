import { describe, expect, it } from 'vitest';
import { mediaAccess, secureAddress } from './media-access.js';

const withDevices = { navigator: { mediaDevices: { getUserMedia: () => undefined } } };

describe('mediaAccess', () => {
  it('tells plain http to another machine apart from an old browser', () => {
    expect(mediaAccess({ isSecureContext: true, ...withDevices })).toBe('ok');
    expect(mediaAccess({ isSecureContext: false, navigator: {} })).toBe('insecure');
    expect(mediaAccess({ isSecureContext: true, navigator: {} })).toBe('unsupported');
    // A browser too old to know isSecureContext.
    expect(mediaAccess(withDevices)).toBe('ok');
  });
});

describe('secureAddress', () => {
  it('is the same page over https, for plain http only', () => {
    const page = { host: '192.168.1.10:3000', pathname: '/join/abc', search: '?x=1', hash: '#h' };
    expect(secureAddress({ protocol: 'http:', ...page })).toBe('https://192.168.1.10:3000/join/abc?x=1#h');
    expect(secureAddress({ protocol: 'https:', ...page })).toBe(null);
  });
});
