// The compositor's RTP inputs (video and audio slots) and the checks that
// refuse slots it cannot encode, before any job starts on them.
import type { EgressStream } from '@diemcau/protocol';
import { EgressError } from '../egress/errors.js';

/**
 * The compositor's RTP slots: the video slots (VP8; the speaker layout has one,
 * the grid one per cell) and the audio slots (Opus).
 */
export interface CompositorSlots {
  layout: 'speaker' | 'grid';
  video: readonly EgressStream[];
  audio: readonly EgressStream[];
}

/**
 * Refuses slots the compositor cannot encode: video not VP8, audio not
 * Opus, an id used twice, no video slot, or more than one for the speaker layout.
 */
export function checkSlots({ layout, video, audio }: CompositorSlots): void {
  if (layout === 'speaker' && video.length !== 1) {
    throw new EgressError('INVALID_JOB', `the programme needs one video slot, not ${video.length}`);
  }
  if (video.length === 0) throw new EgressError('INVALID_JOB', 'the grid programme needs a video slot');
  const notVp8 = video.find((slot) => slot.mimeType !== 'video/VP8');
  if (notVp8 !== undefined) {
    throw new EgressError('INVALID_JOB', `the programme video must be VP8, not ${notVp8.mimeType}`);
  }
  const notOpus = audio.find((slot) => slot.mimeType !== 'audio/opus');
  if (notOpus !== undefined) throw new EgressError('INVALID_JOB', `audio slot ${notOpus.id} is not Opus`);
  const ids = [...video, ...audio].map((slot) => slot.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new EgressError('INVALID_JOB', `id ${twice} is used twice`);
}

/** A `record` job's streams as programme slots of `layout`, as checkSlots allows, with an audio slot at least. */
export function compositorSlots(
  streams: readonly EgressStream[],
  layout: CompositorSlots['layout'] = 'speaker',
): CompositorSlots {
  const slots: CompositorSlots = {
    layout,
    video: streams.filter((stream) => stream.kind === 'video'),
    audio: streams.filter((stream) => stream.kind === 'audio'),
  };
  checkSlots(slots);
  if (slots.audio.length === 0) throw new EgressError('INVALID_JOB', 'the programme needs an audio slot');
  return slots;
}
