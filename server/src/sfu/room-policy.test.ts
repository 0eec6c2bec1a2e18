import { describe, expect, it } from 'vitest';
import { RoomPolicy } from './room-policy.js';

const point = (n: number) => ({ role: 'point' as const, key: `point:p${n}`, pointId: `p${n}` });
const host = { role: 'host' as const, key: 'account:a1' };
const codeOf = (run: () => void): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return undefined;
};

describe('RoomPolicy', () => {
  it('keeps a removed point out until it is readmitted', () => {
    const policy = new RoomPolicy();
    policy.remove('p1');
    expect(codeOf(() => policy.check(point(1)))).toBe('FORBIDDEN');
    expect(codeOf(() => policy.check(point(2)))).toBeUndefined();
    expect(policy.readmit('p1')).toBe(true);
    expect(policy.readmit('p1')).toBe(false);
    expect(codeOf(() => policy.check(point(1)))).toBeUndefined();
  });

  it('while locked, refuses points new to the room but not those that were in it, nor hosts', () => {
    const policy = new RoomPolicy();
    policy.admitted(point(1));
    policy.locked = true;
    expect(codeOf(() => policy.check(point(1)))).toBeUndefined();
    expect(codeOf(() => policy.check(point(2)))).toBe('ROOM_LOCKED');
    expect(codeOf(() => policy.check(host))).toBeUndefined();
    policy.locked = false;
    expect(codeOf(() => policy.check(point(2)))).toBeUndefined();
  });

  it('holds a point’s microphone and camera separately, never a screen', () => {
    const policy = new RoomPolicy();
    policy.hold('point:p1', 'mic', true);
    expect(policy.isHeld('point:p1', 'mic')).toBe(true);
    expect(policy.isHeld('point:p1', 'camera')).toBe(false);
    expect(policy.isHeld('point:p1', 'screen')).toBe(false);
    policy.hold('point:p1', 'mic', false);
    expect(policy.isHeld('point:p1', 'mic')).toBe(false);
  });
});
