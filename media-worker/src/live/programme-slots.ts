import type { EgressStream } from '@diemcau/protocol';
import { LiveError } from './errors.js';
import type { ProgrammeSlots } from './programme-pipeline.js';

/** Refuses slots the programme pipeline cannot encode: video not VP8, audio not Opus, an id used twice. */
export function checkSlots({ video, audio }: ProgrammeSlots): void {
  if (video.mimeType !== 'video/VP8') {
    throw new LiveError('INVALID_JOB', `the programme video must be VP8, not ${video.mimeType}`);
  }
  const notOpus = audio.find((slot) => slot.mimeType !== 'audio/opus');
  if (notOpus !== undefined) throw new LiveError('INVALID_JOB', `audio slot ${notOpus.id} is not Opus`);
  const ids = [video.id, ...audio.map((slot) => slot.id)];
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new LiveError('INVALID_JOB', `id ${twice} is used twice`);
}

/** A `record` job's streams as programme slots: exactly one video, at least one audio, as checkSlots allows. */
export function programmeSlots(streams: readonly EgressStream[]): ProgrammeSlots {
  const videos = streams.filter((stream) => stream.kind === 'video');
  const audio = streams.filter((stream) => stream.kind === 'audio');
  const [video] = videos;
  if (video === undefined || videos.length > 1) {
    throw new LiveError('INVALID_JOB', `the programme needs one video slot, not ${videos.length}`);
  }
  if (audio.length === 0) throw new LiveError('INVALID_JOB', 'the programme needs an audio slot');
  const slots = { video, audio };
  checkSlots(slots);
  return slots;
}
