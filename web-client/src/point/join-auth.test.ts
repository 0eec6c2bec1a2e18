import type { JoinResponse } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { AuthError } from '../room/auth-error.js';
import { pointAuth } from './join-auth.js';

const NOW = Date.parse('2030-01-01T00:00:00.000Z');
const answer = (joinToken: string, expiresInMs: number, conferenceId = 'c1'): JoinResponse => ({
  conference: { id: conferenceId, title: 'Hội nghị' },
  point: { id: 'p1', name: 'Hội trường', unitName: 'Xã Lộc Ninh' },
  joinToken,
  expiresAt: new Date(NOW + expiresInMs).toISOString(),
});

function fetcher(...results: (JoinResponse | Error)[]) {
  const calls: string[] = [];
  const fetchJoin = async (link: string) => {
    calls.push(link);
    const next = results.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { calls, fetchJoin };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('pointAuth', () => {
  it('uses the token that opened the room once, then fresh ones from the link', async () => {
    const { calls, fetchJoin } = fetcher(answer('second', 300_000), answer('third', 300_000));
    const auth = pointAuth('link-1', answer('first', 300_000), fetchJoin, () => NOW);
    expect(await auth()).toEqual({ token: 'first' });
    expect(await auth()).toEqual({ token: 'second' });
    expect(await auth()).toEqual({ token: 'third' });
    expect(calls).toEqual(['link-1', 'link-1']);
  });

  it('asks again when the held token is about to expire', async () => {
    const { calls, fetchJoin } = fetcher(answer('fresh', 300_000));
    const auth = pointAuth('link-1', answer('stale', 30_000), fetchJoin, () => NOW);
    expect(await auth()).toEqual({ token: 'fresh' });
    expect(calls).toHaveLength(1);
  });

  it('gives up for good on a gone link or a conference no longer live', async () => {
    const { fetchJoin } = fetcher(
      new ApiError(404, 'NOT_FOUND', 'unknown link'),
      new ApiError(409, 'CONFLICT', 'no live conference'),
    );
    const auth = pointAuth('link-1', answer('old', 0), fetchJoin, () => NOW);
    const gone = await failure(auth());
    expect(gone).toBeInstanceOf(AuthError);
    expect((gone as AuthError).code).toBe('NOT_FOUND');
    const ended = await failure(auth());
    expect((ended as AuthError).code).toBe('CONFLICT');
  });

  it('refuses a token for another conference: the one it joined has ended', async () => {
    const { fetchJoin } = fetcher(answer('other', 300_000, 'c2'));
    const auth = pointAuth('link-1', answer('old', 0), fetchJoin, () => NOW);
    const error = await failure(auth());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('CONFLICT');
  });

  it('lets transient failures be retried (no code)', async () => {
    const { fetchJoin } = fetcher(new ApiError(0, 'NETWORK_ERROR', 'offline'), answer('later', 300_000));
    const auth = pointAuth('link-1', answer('old', 0), fetchJoin, () => NOW);
    const error = await failure(auth());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(AuthError);
    expect(await auth()).toEqual({ token: 'later' });
  });
});
