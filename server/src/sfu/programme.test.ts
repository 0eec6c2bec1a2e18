import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { programmeOf, SpeakerHold } from './programme.js';

describe('programmeOf', () => {
  it('prefers the spotlight, then the speaker, then nobody', () => {
    expect(programmeOf('a', 'b')).toEqual({ peerId: 'a', reason: 'spotlight' });
    expect(programmeOf(null, 'b')).toEqual({ peerId: 'b', reason: 'speaker' });
    expect(programmeOf(null, null)).toEqual({ peerId: null, reason: 'none' });
  });
});

describe('SpeakerHold', () => {
  let changes: (string | null)[];
  let hold: SpeakerHold;
  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    hold = new SpeakerHold(2_000, (speaker) => changes.push(speaker));
  });
  afterEach(() => {
    hold.close();
    vi.useRealTimers();
  });

  it('switches only after the speaker has held the floor for the hold time', () => {
    hold.heard('a');
    vi.advanceTimersByTime(1_999);
    expect(hold.current).toBeNull();
    vi.advanceTimersByTime(1);
    expect(hold.current).toBe('a');
    expect(changes).toEqual(['a']);
  });

  it('ignores a speaker who is overtaken before the hold time, and the host speaking', () => {
    hold.heard('a');
    vi.advanceTimersByTime(2_000);
    hold.heard('b');
    vi.advanceTimersByTime(1_000);
    hold.heard('a');
    vi.advanceTimersByTime(5_000);
    hold.heard(null);
    vi.advanceTimersByTime(5_000);
    expect(changes).toEqual(['a']);
    expect(hold.current).toBe('a');
  });

  it('does not restart the hold when the same candidate is heard again', () => {
    hold.heard('b');
    vi.advanceTimersByTime(1_500);
    hold.heard('b');
    vi.advanceTimersByTime(500);
    expect(hold.current).toBe('b');
  });

  it('forgets a speaker who leaves, and a candidate who leaves', () => {
    hold.heard('a');
    vi.advanceTimersByTime(2_000);
    hold.heard('b');
    hold.forget('b');
    vi.advanceTimersByTime(5_000);
    expect(hold.current).toBe('a');
    hold.forget('a');
    expect(hold.current).toBeNull();
    expect(changes).toEqual(['a', null]);
  });
});
