import { describe, expect, it } from 'vitest';
import { assignSlots, chooseFeed, chooseGrid, type FeedPeer, gridOrder } from './programme-feed.js';

const src = (producerId: string, live = true, fits = true) => ({ producerId, live, fits });

const host: FeedPeer = { peerId: 'h', role: 'host', camera: src('h-cam'), mic: src('h-mic') };
const a: FeedPeer = { peerId: 'a', role: 'point', camera: src('a-cam'), mic: src('a-mic') };
const b: FeedPeer = { peerId: 'b', role: 'point', camera: src('b-cam'), mic: src('b-mic', false) };
const c: FeedPeer = { peerId: 'c', role: 'point', camera: src('c-cam', true, false), mic: src('c-mic') };
const d: FeedPeer = { peerId: 'd', role: 'point', camera: src('d-cam') };
const e: FeedPeer = { peerId: 'e', role: 'point', camera: src('e-cam') };

describe('chooseFeed', () => {
  it('shows the programme hall, else the host’s screen, else the host’s camera, else nothing', () => {
    expect(chooseFeed([host, a, b], 'a', 4).video).toBe('a-cam');
    expect(chooseFeed([host, a, b], null, 4).video).toBe('h-cam');
    expect(chooseFeed([{ ...host, screen: src('h-scr') }, a], null, 4).video).toBe('h-scr');
    expect(chooseFeed([a, b], null, 4).video).toBeNull();
  });

  it('never shows a paused camera or one whose codec the slot cannot carry', () => {
    expect(chooseFeed([host, c], 'c', 4).video).toBe('h-cam');
    expect(chooseFeed([{ ...host, camera: src('h-cam', false) }, a], null, 4).video).toBeNull();
  });

  it('mixes every live microphone, hosts first, then the programme hall, up to the slots', () => {
    expect(chooseFeed([host, a, b, c], 'c', 8).audio).toEqual(['h-mic', 'c-mic', 'a-mic']);
    expect(chooseFeed([host, a, b, c], 'c', 2).audio).toEqual(['h-mic', 'c-mic']);
    expect(chooseFeed([b], null, 4).audio).toEqual([]);
  });
});

describe('chooseGrid', () => {
  it('shows the hosts, then the programme hall, then the others in join order, up to the cells', () => {
    expect(chooseGrid([a, b, host, d], 'd', 4)).toEqual(['h-cam', 'd-cam', 'a-cam', 'b-cam']);
    expect(chooseGrid([a, b, host, d, e], null, 4)).toEqual(['h-cam', 'a-cam', 'b-cam', 'd-cam']);
    // With more cameras than cells, the programme hall is in: the last in join order is out.
    expect(chooseGrid([a, b, host, d, e], 'e', 4)).toEqual(['h-cam', 'e-cam', 'a-cam', 'b-cam']);
    expect(chooseGrid([a], null, 4)).toEqual(['a-cam']);
    expect(chooseGrid([], null, 4)).toEqual([]);
  });

  it('shows a host’s screen instead of its camera, and no paused or unfit camera', () => {
    expect(chooseGrid([{ ...host, screen: src('h-scr') }, a], null, 4)).toEqual(['h-scr', 'a-cam']);
    expect(chooseGrid([{ ...host, screen: src('h-scr', false) }, a], null, 4)).toEqual(['h-cam', 'a-cam']);
    expect(chooseGrid([host, { ...a, camera: src('a-cam', false) }, c, d], 'c', 4)).toEqual([
      'h-cam',
      'd-cam',
    ]);
    // A hall's screen is not a camera: the grid shows halls by their cameras.
    expect(chooseGrid([{ peerId: 'd', role: 'point', screen: src('d-scr') }], null, 4)).toEqual([]);
  });
});

describe('gridOrder', () => {
  it('shows the hosts’ slots first, then the others in slot order, leaving out empty slots', () => {
    expect(gridOrder(['a-cam', 'b-cam', 'h-cam', null], new Set(['h-cam']))).toEqual([2, 0, 1]);
    expect(gridOrder([null, 'b-cam', null, 'a-cam'], new Set(['h-cam']))).toEqual([1, 3]);
    expect(gridOrder([null, null], new Set())).toEqual([]);
  });

  it('keeps each camera in its place while the set stays, whatever the programme', () => {
    const hosts = new Set(['h-cam']);
    const first = assignSlots([null, null, null, null], chooseGrid([host, a, b, d], 'a', 4));
    const second = assignSlots(first, chooseGrid([host, a, b, d], 'd', 4));
    expect(second).toEqual(first);
    expect(gridOrder(second, hosts)).toEqual(gridOrder(first, hosts));
  });
});

describe('assignSlots', () => {
  it('keeps microphones in their slots and fills free ones', () => {
    expect(assignSlots([null, null, null], ['x', 'y'])).toEqual(['x', 'y', null]);
    expect(assignSlots(['x', 'y', null], ['y', 'z'])).toEqual(['z', 'y', null]);
    expect(assignSlots(['x', null], ['a', 'b', 'c'])).toEqual(['a', 'b']);
  });
});
