import { describe, expect, it } from 'vitest';
import { FloorQueue } from './floor-queue.js';

const entry = (n: number) => ({ peerId: `peer${n}`, pointId: `point${n}`, name: `P${n}`, since: `t${n}` });

describe('FloorQueue', () => {
  it('keeps hands in the order they went up; raising twice keeps the first place', () => {
    const queue = new FloorQueue();
    expect(queue.raise(entry(2))).toBe(true);
    expect(queue.raise(entry(1))).toBe(true);
    expect(queue.raise({ ...entry(2), since: 'later' })).toBe(false);
    expect(queue.entries()).toEqual([entry(2), entry(1)]);
  });

  it('says whether a removal changed it', () => {
    const queue = new FloorQueue();
    queue.raise(entry(1));
    expect(queue.remove('peer1')).toBe(true);
    expect(queue.remove('peer1')).toBe(false);
    expect(queue.has('peer1')).toBe(false);
    expect(queue.entries()).toEqual([]);
  });
});
