import { describe, expect, it } from 'vitest';
import { fakeTrack, peer, withCamera } from '../room/snapshot-fixture.js';
import { audioTracksOf } from './room-audio.js';

describe('audioTracksOf', () => {
  it('gives every received microphone, keyed by its consumer', () => {
    const speaking = {
      ...peer('a', 'point'),
      media: { mic: { track: fakeTrack('mic-a'), consumerId: 'mc-a', paused: false } },
    };
    const host = {
      ...withCamera(peer('h', 'host')),
      media: {
        ...withCamera(peer('h', 'host')).media,
        mic: { track: fakeTrack('mic-h'), consumerId: 'mc-h', paused: true },
      },
    };
    const silent = withCamera(peer('b', 'point'));
    expect(audioTracksOf([speaking, silent, host])).toEqual([
      { key: 'mc-a', track: fakeTrack('mic-a') },
      { key: 'mc-h', track: fakeTrack('mic-h') },
    ]);
  });
});
