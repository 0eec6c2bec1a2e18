import type { WatchInfo } from '@diemcau/protocol';
import { backoffDelay, type BackoffPolicy } from './backoff.js';

/*
 * What the watch page shows, as a pure state machine: the conference's status comes from polling
 * WatchInfo, the stream's condition from the player. The imperative shell (viewer-controller.ts)
 * feeds events in and acts on the timings below.
 */

export type ViewerState =
  | { kind: 'loading' }
  | { kind: 'notFound' }
  | { kind: 'unauthorized' }
  /** No answer from the server yet; `failures` drives the retry backoff. */
  | { kind: 'unreachable'; failures: number }
  | { kind: 'scheduled'; info: WatchInfo }
  /** Live, but no stream to play yet (or any more); `attempts` counts the stream checks that failed. */
  | { kind: 'waiting'; info: WatchInfo; attempts: number }
  | { kind: 'playing'; info: WatchInfo }
  /** Was playing, lost the stream; reconnecting with backoff. */
  | { kind: 'stalled'; info: WatchInfo; attempts: number }
  | { kind: 'ended'; info: WatchInfo };

export type ViewerEvent =
  | { type: 'info'; info: WatchInfo }
  | { type: 'infoFailed'; reason: 'notFound' | 'unauthorized' | 'unreachable' }
  /** No playlist, or one that says the broadcast is over: nothing is on air. */
  | { type: 'streamMissing' }
  /** A network or media failure, or playback that stopped advancing. */
  | { type: 'streamFailed' }
  /** Playback time advanced: frames are being shown. */
  | { type: 'streamPlaying' };

export type StreamState = Extract<ViewerState, { kind: 'waiting' | 'playing' | 'stalled' }>;

export const INITIAL_STATE: ViewerState = { kind: 'loading' };

export function wantsStream(state: ViewerState): state is StreamState {
  return state.kind === 'waiting' || state.kind === 'playing' || state.kind === 'stalled';
}

export function infoOf(state: ViewerState): WatchInfo | undefined {
  return 'info' in state ? state.info : undefined;
}

/** The next state; the same object when the event changes nothing, so that nothing re-renders. */
export function reduce(state: ViewerState, event: ViewerEvent): ViewerState {
  switch (event.type) {
    case 'info':
      return withInfo(state, event.info);
    case 'infoFailed':
      // A failed poll must not interrupt a stream that is playing; a page turned off or a
      // replaced viewer token must.
      if (event.reason !== 'unreachable') return { kind: event.reason };
      if (state.kind === 'loading') return { kind: 'unreachable', failures: 1 };
      if (state.kind === 'unreachable') return { kind: 'unreachable', failures: state.failures + 1 };
      return state;
    case 'streamMissing':
      if (!wantsStream(state)) return state;
      return {
        kind: 'waiting',
        info: state.info,
        attempts: state.kind === 'waiting' ? state.attempts + 1 : 1,
      };
    case 'streamFailed':
      if (state.kind === 'playing') return { kind: 'stalled', info: state.info, attempts: 1 };
      if (state.kind === 'waiting' || state.kind === 'stalled')
        return { ...state, attempts: state.attempts + 1 };
      return state;
    case 'streamPlaying':
      if (state.kind === 'waiting' || state.kind === 'stalled') return { kind: 'playing', info: state.info };
      return state;
  }
}

function withInfo(state: ViewerState, info: WatchInfo): ViewerState {
  switch (info.status) {
    case 'scheduled':
      return { kind: 'scheduled', info };
    case 'ended':
    case 'cancelled':
      return { kind: 'ended', info };
    case 'live':
      return wantsStream(state) ? { ...state, info } : { kind: 'waiting', info, attempts: 0 };
  }
}

/** Stream checks: quick at first, so a viewer sees the start within seconds, then easing off. */
export const STREAM_RETRY: BackoffPolicy = { baseMs: 1_000, maxMs: 8_000, jitter: 0.2 };
const UNREACHABLE_RETRY: BackoffPolicy = { baseMs: 2_000, maxMs: 30_000, jitter: 0.2 };

/** How often to ask for WatchInfo: often enough to notice a start or an end, cheap with many viewers. */
export const INFO_POLL_MS = { scheduled: 10_000, waiting: 5_000, streaming: 15_000 } as const;

/** Milliseconds until the next WatchInfo poll, or null when nothing more can change. */
export function infoPollDelay(state: ViewerState, random: () => number = Math.random): number | null {
  switch (state.kind) {
    case 'loading':
      return 0;
    case 'unreachable':
      return backoffDelay(state.failures, UNREACHABLE_RETRY, random);
    case 'scheduled':
      return INFO_POLL_MS.scheduled;
    case 'waiting':
      return INFO_POLL_MS.waiting;
    case 'playing':
    case 'stalled':
      return INFO_POLL_MS.streaming;
    case 'notFound':
    case 'unauthorized':
    case 'ended':
      return null;
  }
}

/** Milliseconds until the stream is tried again after a miss or a failure; 0 before the first try. */
export function streamRetryDelay(state: StreamState, random: () => number = Math.random): number {
  return state.kind === 'playing' || state.attempts === 0
    ? 0
    : backoffDelay(state.attempts, STREAM_RETRY, random);
}
