import { describe, expect, it } from 'vitest';
import { parseRequest } from './dispatch.js';
import { cookieValue } from './handshake.js';

describe('parseRequest', () => {
  it('accepts a known method with valid data', () => {
    expect(parseRequest({ method: 'createWebRtcTransport', data: { direction: 'recv' } })).toEqual({
      ok: true,
      request: { method: 'createWebRtcTransport', data: { direction: 'recv' } },
    });
  });

  it.each([
    ['null', null],
    ['an array', [{ method: 'leave', data: {} }]],
    ['a string', 'leave'],
    ['an unknown method', { method: 'explode', data: {} }],
    ['an inherited name', { method: 'constructor', data: {} }],
    ['an extra envelope field', { method: 'leave', data: {}, id: 1 }],
    ['an extra data field', { method: 'leave', data: { force: true } }],
    ['a wrong type', { method: 'createWebRtcTransport', data: { direction: 7 } }],
    ['missing data', { method: 'restartIce' }],
  ])('refuses %s with VALIDATION_FAILED', (_what, message) => {
    expect(parseRequest(message)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('names at most five issues', () => {
    const parsed = parseRequest({
      method: 'produce',
      data: { transportId: 1, kind: 2, rtpParameters: 3, appData: 4, paused: 5, x: 6, y: 7 },
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect((parsed.error.details as { issues: unknown[] }).issues.length).toBeLessThanOrEqual(5);
  });
});

describe('cookieValue', () => {
  it('finds one cookie among others and decodes it', () => {
    expect(cookieValue('a=1; diemcau_session=abc%2Bdef; b=2', 'diemcau_session')).toBe('abc+def');
  });

  it('is undefined when absent, empty or malformed', () => {
    expect(cookieValue(undefined, 'diemcau_session')).toBeUndefined();
    expect(cookieValue('x_diemcau_session=abc', 'diemcau_session')).toBeUndefined();
    expect(cookieValue('diemcau_session=', 'diemcau_session')).toBeUndefined();
    expect(cookieValue('diemcau_session=%E0%A4%A', 'diemcau_session')).toBeUndefined();
  });
});
