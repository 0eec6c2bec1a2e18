// Tests of the compositor's slots from a job's streams: each layout, and
// the INVALID_JOB reasons.
import type { EgressStream } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { compositorSlots } from './slots.js';

const video = (id: string): EgressStream => ({
  id,
  kind: 'video',
  mimeType: 'video/VP8',
  payloadType: 101,
  clockRate: 90000,
});
const audio = (id: string): EgressStream => ({
  id,
  kind: 'audio',
  mimeType: 'audio/opus',
  payloadType: 100,
  clockRate: 48000,
  channels: 2,
});

describe('compositorSlots', () => {
  it('takes one video slot for the speaker layout (the default), and one or more for the grid', () => {
    expect(compositorSlots([video('video'), audio('audio-0')])).toEqual({
      layout: 'speaker',
      video: [video('video')],
      audio: [audio('audio-0')],
    });
    const grid = compositorSlots([video('video-0'), video('video-1'), audio('audio-0')], 'grid');
    expect(grid.video.map((slot) => slot.id)).toEqual(['video-0', 'video-1']);
    expect(() => compositorSlots([video('video-0'), video('video-1'), audio('audio-0')], 'speaker')).toThrow(
      'the programme needs one video slot, not 2',
    );
    expect(() => compositorSlots([audio('audio-0')], 'grid')).toThrow(
      'the grid programme needs a video slot',
    );
  });

  it('refuses video that is not VP8, audio that is not Opus, an id used twice, or no audio', () => {
    const h264: EgressStream = { ...video('video-1'), mimeType: 'video/H264' };
    expect(() => compositorSlots([video('video-0'), h264, audio('a')], 'grid')).toThrow('must be VP8');
    expect(() => compositorSlots([video('video-0'), video('video-0'), audio('a')], 'grid')).toThrow(
      'id video-0 is used twice',
    );
    expect(() => compositorSlots([video('video')], 'speaker')).toThrow('needs an audio slot');
  });
});
