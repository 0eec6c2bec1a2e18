import { describe, expect, it } from 'vitest';
import { assignSlots, chooseFeed, type FeedPeer } from './programme-feed.js';

const src = (producerId: string, live = true, fits = true) => ({ producerId, live, fits });

const host: FeedPeer = { peerId: 'h', role: 'host', camera: src('h-cam'), mic: src('h-mic') };
const a: FeedPeer = { peerId: 'a', role: 'point', camera: src('a-cam'), mic: src('a-mic') };
const b: FeedPeer = { peerId: 'b', role: 'point', camera: src('b-cam'), mic: src('b-mic', false) };
const c: FeedPeer = { peerId: 'c', role: 'point', camera: src('c-cam', true, false), mic: src('c-mic') };

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

describe('assignSlots', () => {
  it('keeps microphones in their slots and fills free ones', () => {
    expect(assignSlots([null, null, null], ['x', 'y'])).toEqual(['x', 'y', null]);
    expect(assignSlots(['x', 'y', null], ['y', 'z'])).toEqual(['z', 'y', null]);
    expect(assignSlots(['x', null], ['a', 'b', 'c'])).toEqual(['a', 'b']);
  });
});
