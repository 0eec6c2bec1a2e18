import type { BroadcastStatus, LiveStatus, Recording, RecordingProgress } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import {
  canGoLive,
  chosenDestinations,
  elapsedSeconds,
  latest,
  liveBusy,
  liveClock,
  liveRunning,
  progressOf,
  recordingBusy,
  recordingClock,
  retryCountdown,
} from './broadcast-view.js';

const T0 = Date.parse('2030-01-01T02:00:00.000Z');

const progress = (change: Partial<RecordingProgress> = {}): RecordingProgress => ({
  id: 'r1',
  status: 'recording',
  startedAt: '2030-01-01T02:00:00.000Z',
  seconds: 40,
  outputs: 3,
  bytes: 9_000_000,
  error: null,
  ...change,
});

const live = (change: Partial<LiveStatus> = {}): LiveStatus => ({
  conferenceId: 'c1',
  state: 'live',
  startedAt: '2030-01-01T02:00:00.000Z',
  seconds: 58,
  hlsUrl: null,
  slate: false,
  destinations: [],
  error: null,
  ...change,
});

const recording = (change: Partial<Recording> = {}): Recording => ({
  id: 'r1',
  conferenceId: 'c1',
  status: 'finalising',
  layout: 'speaker',
  startedAt: '2030-01-01T02:00:00.000Z',
  stoppedAt: '2030-01-01T02:01:00.000Z',
  createdBy: 'u1',
  error: null,
  files: [],
  ...change,
});

describe('an answer and the room status', () => {
  it('shows the answer until the room sends a newer status', () => {
    const before: BroadcastStatus = { recording: null, live: null };
    const answer = { value: progress(), basis: before };
    expect(latest(before.recording, before, answer)).toBe(answer.value);
    const after: BroadcastStatus = { recording: progress({ seconds: 2 }), live: null };
    expect(latest(after.recording, after, answer)).toBe(after.recording);
    expect(latest(after.recording, after, null)).toBe(after.recording);
  });

  it('turns a REST recording into progress, keeping the counters the room gave for the same one', () => {
    const stopped = progressOf(recording(), progress());
    expect(stopped).toEqual({ ...progress(), status: 'finalising' });
    const fresh = progressOf(recording({ id: 'r2', status: 'recording', stoppedAt: null }), progress());
    expect(fresh).toEqual({
      id: 'r2',
      status: 'recording',
      startedAt: '2030-01-01T02:00:00.000Z',
      seconds: 0,
      outputs: 0,
      bytes: 0,
      error: null,
    });
  });
});

describe('clocks', () => {
  it('counts from the start while running, and keeps the last count afterwards', () => {
    expect(elapsedSeconds('2030-01-01T02:00:00.000Z', T0 + 61_900)).toBe(61);
    expect(elapsedSeconds('2030-01-01T02:00:00.000Z', T0 - 3_000)).toBe(0);
    expect(recordingClock(progress(), T0 + 75_000)).toBe(75);
    expect(recordingClock(progress({ status: 'finalising' }), T0 + 75_000)).toBe(40);
    expect(liveClock(live({ state: 'recovering' }), T0 + 90_000)).toBe(90);
    expect(liveClock(live({ state: 'stopping' }), T0 + 90_000)).toBe(58);
  });

  it('counts a retry down from when its status arrived', () => {
    expect(retryCountdown(4_000, T0, T0)).toBe(4);
    expect(retryCountdown(4_000, T0, T0 + 1_500)).toBe(3);
    expect(retryCountdown(4_000, T0, T0 + 9_000)).toBe(0);
  });
});

describe('what can be started', () => {
  it('knows which states hold a recording or a livestream', () => {
    expect(
      [null, 'recording', 'finalising', 'ready', 'failed'].map((s) =>
        recordingBusy(s === null ? null : progress({ status: s as RecordingProgress['status'] })),
      ),
    ).toEqual([false, true, true, false, false]);
    const states = ['starting', 'live', 'recovering', 'stopping', 'stopped', 'failed'] as const;
    expect(states.map((state) => liveRunning(live({ state })))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(states.map((state) => liveBusy(live({ state })))).toEqual([true, true, true, true, false, false]);
    expect(liveBusy(null)).toBe(false);
  });

  it('goes live to the watch page alone, or needs a destination without one', () => {
    expect(canGoLive(0, true)).toBe(true);
    expect(canGoLive(0, false)).toBe(false);
    expect(canGoLive(2, false)).toBe(true);
  });

  it('sends only chosen destinations that still exist and have a readable key', () => {
    const destinations = [
      { id: 'a', streamKeySet: true },
      { id: 'b', streamKeySet: false },
      { id: 'c', streamKeySet: true },
    ];
    expect(chosenDestinations(new Set(['c', 'b', 'gone', 'a']), destinations)).toEqual(['a', 'c']);
  });
});
