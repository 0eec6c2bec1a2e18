import type { JoinResponse } from '@diemcau/protocol';
import { ApiError } from '../api/api-error.js';
import { AuthError } from '../room/auth-error.js';

/** A join token the page already holds is used only with this much life left in it. */
const MIN_TOKEN_LIFE_MS = 60_000;

/**
 * The RoomClient's credentials for a point: a fresh join token from its link
 * on every handshake. A link that is gone (404) or a conference that is no
 * longer live (409) is final; so is a token for another conference — the one
 * this page entered has ended, and a hall must not slip into the next one
 * without being told. Anything else (network, rate limit) is retried.
 */
export function pointAuth(
  linkToken: string,
  entered: JoinResponse,
  fetchJoin: (linkToken: string) => Promise<JoinResponse>,
  now: () => number = Date.now,
): () => Promise<{ token: string }> {
  // The answer that opened the room serves the first handshake, if it is still fresh enough.
  let unused: JoinResponse | undefined = entered;
  return async () => {
    const held = unused && Date.parse(unused.expiresAt) - now() > MIN_TOKEN_LIFE_MS ? unused : undefined;
    unused = undefined;
    let join: JoinResponse;
    try {
      join = held ?? (await fetchJoin(linkToken));
    } catch (error) {
      throw authFailure(error);
    }
    if (join.conference.id !== entered.conference.id) {
      throw new AuthError('the conference this page joined is no longer live', 'CONFLICT');
    }
    return { token: join.joinToken };
  };
}

/** A final AuthError for answers another attempt cannot change; the error itself otherwise. */
export function authFailure(error: unknown): Error {
  if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT')) {
    return new AuthError(error.message, error.code);
  }
  return error instanceof Error ? error : new Error(String(error));
}
