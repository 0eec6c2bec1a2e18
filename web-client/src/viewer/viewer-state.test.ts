import type { WatchInfo } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import {
  INFO_POLL_MS,
  INITIAL_STATE,
  infoPollDelay,
  reduce,
  streamRetryDelay,
  wantsStream,
  type ViewerEvent,
  type ViewerState,
} from './viewer-state.js';

const info = (status: WatchInfo['status']): WatchInfo => ({
  title: 'Chung kết Hội thi',
  description: '',
  status,
  scheduledStart: '2030-06-01T01:00:00.000Z',
});
const live = info('live');
const run = (events: ViewerEvent[], from: ViewerState = INITIAL_STATE): ViewerState =>
  events.reduce(reduce, from);
const half = () => 0.5; // no jitter

describe('viewer state', () => {
  it('follows the conference from scheduled to live to ended', () => {
    expect(run([{ type: 'info', info: info('scheduled') }]).kind).toBe('scheduled');
    const waiting = run([
      { type: 'info', info: info('scheduled') },
      { type: 'info', info: live },
    ]);
    expect(waiting).toEqual({ kind: 'waiting', info: live, attempts: 0 });
    expect(wantsStream(waiting)).toBe(true);
    const ended = reduce(waiting, { type: 'info', info: info('ended') });
    expect(ended.kind).toBe('ended');
    expect(wantsStream(ended)).toBe(false);
    expect(reduce(waiting, { type: 'info', info: info('cancelled') }).kind).toBe('ended');
  });

  it('plays, stalls, reconnects and plays again, counting attempts for the backoff', () => {
    const playing = run([{ type: 'info', info: live }, { type: 'streamPlaying' }]);
    expect(playing).toEqual({ kind: 'playing', info: live });
    const stalled = run([{ type: 'streamFailed' }, { type: 'streamFailed' }], playing);
    expect(stalled).toEqual({ kind: 'stalled', info: live, attempts: 2 });
    expect(reduce(stalled, { type: 'streamPlaying' })).toEqual(playing);
  });

  it('goes back to waiting when the playlist disappears, and counts each miss', () => {
    const playing = run([{ type: 'info', info: live }, { type: 'streamPlaying' }]);
    const missing = reduce(playing, { type: 'streamMissing' });
    expect(missing).toEqual({ kind: 'waiting', info: live, attempts: 1 });
    expect(reduce(missing, { type: 'streamMissing' })).toMatchObject({ kind: 'waiting', attempts: 2 });
    expect(reduce(missing, { type: 'streamFailed' })).toMatchObject({ kind: 'waiting', attempts: 2 });
  });

  it('keeps a live stream through a later WatchInfo, and returns the same state for no-ops', () => {
    const playing = run([{ type: 'info', info: live }, { type: 'streamPlaying' }]);
    expect(reduce(playing, { type: 'info', info: live })).toEqual(playing);
    expect(reduce(playing, { type: 'streamPlaying' })).toBe(playing);
    expect(reduce(playing, { type: 'infoFailed', reason: 'unreachable' })).toBe(playing);
    const scheduled = run([{ type: 'info', info: info('scheduled') }]);
    expect(reduce(scheduled, { type: 'streamFailed' })).toBe(scheduled);
    expect(reduce(scheduled, { type: 'streamMissing' })).toBe(scheduled);
  });

  it('stops the stream when the page is turned off or the viewer token replaced', () => {
    const playing = run([{ type: 'info', info: live }, { type: 'streamPlaying' }]);
    expect(reduce(playing, { type: 'infoFailed', reason: 'unauthorized' })).toEqual({ kind: 'unauthorized' });
    expect(reduce(playing, { type: 'infoFailed', reason: 'notFound' })).toEqual({ kind: 'notFound' });
  });

  it('counts failures to reach the server before any answer', () => {
    const twice = run([
      { type: 'infoFailed', reason: 'unreachable' },
      { type: 'infoFailed', reason: 'unreachable' },
    ]);
    expect(twice).toEqual({ kind: 'unreachable', failures: 2 });
    expect(reduce(twice, { type: 'info', info: live }).kind).toBe('waiting');
  });
});

describe('viewer timings', () => {
  it('polls WatchInfo by state, and stops once nothing more can change', () => {
    expect(infoPollDelay(INITIAL_STATE)).toBe(0);
    expect(infoPollDelay({ kind: 'scheduled', info: info('scheduled') })).toBe(INFO_POLL_MS.scheduled);
    expect(infoPollDelay({ kind: 'waiting', info: live, attempts: 3 })).toBe(INFO_POLL_MS.waiting);
    expect(infoPollDelay({ kind: 'playing', info: live })).toBe(INFO_POLL_MS.streaming);
    expect(infoPollDelay({ kind: 'ended', info: info('ended') })).toBeNull();
    expect(infoPollDelay({ kind: 'notFound' })).toBeNull();
    expect(infoPollDelay({ kind: 'unauthorized' })).toBeNull();
    expect(infoPollDelay({ kind: 'unreachable', failures: 1 }, half)).toBe(2_000);
    expect(infoPollDelay({ kind: 'unreachable', failures: 9 }, half)).toBe(30_000);
  });

  it('opens the stream at once, then retries with a capped exponential backoff', () => {
    expect(streamRetryDelay({ kind: 'waiting', info: live, attempts: 0 }, half)).toBe(0);
    const delays = [1, 2, 3, 4, 5].map((attempts) =>
      streamRetryDelay({ kind: 'stalled', info: live, attempts }, half),
    );
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });
});
