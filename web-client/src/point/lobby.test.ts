import type { JoinResponse } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { WAITING_POLL_MS, lobbyAfter, nextCheckMs, type Lobby } from './lobby.js';

const join: JoinResponse = {
  conference: { id: 'c1', title: 'Hội nghị giao ban' },
  point: { id: 'p1', name: 'Hội trường Xã Lộc Ninh', unitName: 'Xã Lộc Ninh' },
  joinToken: 'jt',
  expiresAt: '2030-01-01T00:05:00.000Z',
};
const checking: Lobby = { kind: 'checking' };
const failed = (error: unknown) => ({ ok: false as const, error });

describe('lobbyAfter', () => {
  it('is ready with the conference and point when the link joins', () => {
    expect(lobbyAfter(checking, { ok: true, join })).toEqual({ kind: 'ready', join });
  });

  it('waits for the next scheduled conference on 409', () => {
    const next = { title: 'Giao ban tháng 3', scheduledStart: '2030-03-01T01:00:00.000Z' };
    expect(lobbyAfter(checking, failed(new ApiError(409, 'CONFLICT', 'no live', { next })))).toEqual({
      kind: 'waiting',
      next,
    });
    expect(lobbyAfter(checking, failed(new ApiError(409, 'CONFLICT', 'no live', { next: null })))).toEqual({
      kind: 'waiting',
      next: null,
    });
  });

  it('gives up on an unknown, revoked or malformed link', () => {
    expect(lobbyAfter(checking, failed(new ApiError(404, 'NOT_FOUND', 'no')))).toEqual({ kind: 'invalid' });
    expect(lobbyAfter(checking, failed(new ApiError(400, 'VALIDATION_FAILED', 'short')))).toEqual({
      kind: 'invalid',
    });
  });

  it('counts failures to reach the server and keeps Retry-After', () => {
    const once = lobbyAfter(checking, failed(new ApiError(0, 'NETWORK_ERROR', 'offline')));
    expect(once).toEqual({ kind: 'unreachable', failures: 1 });
    const twice = lobbyAfter(once, failed(new ApiError(429, 'RATE_LIMITED', 'slow', undefined, 40)));
    expect(twice).toEqual({ kind: 'unreachable', failures: 2, retryAfterSeconds: 40 });
  });
});

describe('nextCheckMs', () => {
  it('polls a waiting hall every 30 seconds', () => {
    expect(nextCheckMs({ kind: 'waiting', next: null })).toBe(WAITING_POLL_MS);
    expect(WAITING_POLL_MS).toBe(30_000);
  });

  it('backs off while unreachable, honouring Retry-After', () => {
    const mid = () => 0.5;
    expect(nextCheckMs({ kind: 'unreachable', failures: 1 }, mid)).toBe(5_000);
    expect(nextCheckMs({ kind: 'unreachable', failures: 3 }, mid)).toBe(20_000);
    expect(nextCheckMs({ kind: 'unreachable', failures: 10 }, mid)).toBe(60_000);
    expect(nextCheckMs({ kind: 'unreachable', failures: 1, retryAfterSeconds: 42 }, mid)).toBe(42_000);
  });

  it('does not ask again once ready or invalid', () => {
    expect(nextCheckMs({ kind: 'ready', join })).toBeNull();
    expect(nextCheckMs({ kind: 'invalid' })).toBeNull();
    expect(nextCheckMs(checking)).toBeNull();
  });
});
