import type { JoinNotLive, JoinResponse } from '@diemcau/protocol';
import { ApiError } from './api-error.js';
import { request } from './client.js';

/**
 * Exchanges a bridge point's join-link token for a conference join token.
 * 404 NOT_FOUND: unknown or revoked link; 409 CONFLICT: nothing live yet (see `notLiveYet`).
 */
export const joinConference = (token: string, signal?: AbortSignal): Promise<JoinResponse> =>
  request('POST', '/join', { body: { token }, signal });

/** The next scheduled conference from a 409 "not live yet" answer; undefined for any other error. */
export function notLiveYet(error: unknown): JoinNotLive | undefined {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return undefined;
  const details = error.details as Partial<JoinNotLive> | undefined;
  return details && 'next' in details ? { next: details.next ?? null } : undefined;
}
