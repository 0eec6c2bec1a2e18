import type { JoinNotLive, JoinResponse } from '@diemcau/protocol';
import { ApiError } from '../api/api-error.js';
import { notLiveYet } from '../api/join.js';
import { backoffDelay, type BackoffPolicy } from '../viewer/backoff.js';

/*
 * What the point page knows of its link before it enters the room, from
 * POST /api/join: the conference it may join now, the next one it waits for,
 * or why it cannot join.
 */

export type Lobby =
  | { kind: 'checking' }
  /** A conference is live: the answer names it and the point. */
  | { kind: 'ready'; join: JoinResponse }
  /** Nothing live yet; `next` is the earliest scheduled conference, if any. */
  | { kind: 'waiting'; next: JoinNotLive['next'] }
  /** Unknown or revoked link: asking again will not help. */
  | { kind: 'invalid' }
  /** No answer (network, server trouble, rate limit): asking again later. */
  | { kind: 'unreachable'; failures: number; retryAfterSeconds?: number };

export type CheckResult = { ok: true; join: JoinResponse } | { ok: false; error: unknown };

export function lobbyAfter(previous: Lobby, result: CheckResult): Lobby {
  if (result.ok) return { kind: 'ready', join: result.join };
  const notLive = notLiveYet(result.error);
  if (notLive) return { kind: 'waiting', next: notLive.next };
  const { error } = result;
  if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED')) {
    return { kind: 'invalid' };
  }
  const failures = previous.kind === 'unreachable' ? previous.failures + 1 : 1;
  const retryAfterSeconds = error instanceof ApiError ? error.retryAfterSeconds : undefined;
  return { kind: 'unreachable', failures, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

/** How often a waiting hall asks whether its conference has started (the API allows 20 a minute per address). */
export const WAITING_POLL_MS = 30_000;

const UNREACHABLE: BackoffPolicy = { baseMs: 5_000, maxMs: 60_000, jitter: 0.25 };

/** When to ask again; null when the answer is final (or the page moves on by itself). */
export function nextCheckMs(lobby: Lobby, random: () => number = Math.random): number | null {
  switch (lobby.kind) {
    case 'waiting':
      return WAITING_POLL_MS;
    case 'unreachable':
      return lobby.retryAfterSeconds !== undefined
        ? Math.max(lobby.retryAfterSeconds * 1000, UNREACHABLE.baseMs)
        : backoffDelay(lobby.failures, UNREACHABLE, random);
    default:
      return null;
  }
}
