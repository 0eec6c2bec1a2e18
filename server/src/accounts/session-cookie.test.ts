import { describe, expect, it } from 'vitest';
import { sessionCookieOptions } from './session-cookie.js';

describe('sessionCookieOptions', () => {
  const base = { httpOnly: true, sameSite: 'strict', path: '/' };

  it('is Secure when the request came over https, whatever PUBLIC_URL says', () => {
    expect(sessionCookieOptions({ protocol: 'https', hostname: '10.0.0.5' })).toEqual({
      ...base,
      secure: true,
    });
    expect(sessionCookieOptions({ protocol: 'https', hostname: 'a' }, 'http://b')).toMatchObject({
      secure: true,
    });
  });

  it("is Secure for a request to an https PUBLIC_URL's host even when the proxy did not say https", () => {
    const request = { protocol: 'http', hostname: 'diemcau.example' };
    expect(sessionCookieOptions(request, 'https://diemcau.example:8443')).toEqual({ ...base, secure: true });
  });

  it('is not Secure over plain http to another host or to an http PUBLIC_URL, so LAN access still signs in', () => {
    expect(
      sessionCookieOptions({ protocol: 'http', hostname: '192.168.1.10' }, 'https://diemcau.example'),
    ).toEqual({ ...base, secure: false });
    expect(
      sessionCookieOptions({ protocol: 'http', hostname: 'localhost' }, 'http://localhost:3000'),
    ).toMatchObject({
      secure: false,
    });
    expect(sessionCookieOptions({ protocol: 'http', hostname: 'localhost' })).toMatchObject({
      secure: false,
    });
  });
});
