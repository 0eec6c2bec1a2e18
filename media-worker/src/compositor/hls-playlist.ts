// The encoder's HLS playlist: where it goes, what it says, which segments
// are stale, and its end tag when the stream is over.
import path from 'node:path';

/** The playlist's file name; ffmpeg names the segments after it: index0.ts, index1.ts... */
export const PLAYLIST = 'index.m3u8';
const ENDLIST = '#EXT-X-ENDLIST';
const SEGMENT = /^index(\d+)\.ts$/;

/** `<hlsDir>/<slug>`: the slug is `[a-z0-9-]+` (schema), so it is a safe path part. */
export function hlsOutputDir(hlsDir: string, slug: string): string {
  return path.join(hlsDir, slug);
}

export interface PlaylistState {
  /** The number the next segment gets: the media sequence plus the segments listed. */
  nextSequence: number;
  /** Sequence number of the first segment listed. */
  firstSequence: number;
  ended: boolean;
}

/** What a live playlist says; an empty or missing one is a stream that has not begun. */
export function playlistState(text: string): PlaylistState {
  const lines = text.split(/\r?\n/);
  const sequence = lines.find((line) => line.startsWith('#EXT-X-MEDIA-SEQUENCE:'));
  const firstSequence = sequence === undefined ? 0 : Number(sequence.slice(sequence.indexOf(':') + 1));
  const segments = lines.filter((line) => line.startsWith('#EXTINF:')).length;
  return {
    firstSequence,
    nextSequence: firstSequence + segments,
    ended: lines.some((line) => line.trim() === ENDLIST),
  };
}

/**
 * The playlist marked as finished. The encoder never writes the end tag itself
 * (`omit_endlist`), since it also stops to be restarted, when players must keep going.
 */
export function endedPlaylist(text: string): string {
  if (playlistState(text).ended) return text;
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${ENDLIST}\n`;
}

/**
 * Segment files a previous encoder left behind: ffmpeg deletes the segments that
 * leave its own list, but not those of the list it took over when (re)started.
 * The one just before the list stays, as ffmpeg keeps it, for players still fetching it.
 */
export function staleSegments(names: readonly string[], state: PlaylistState): string[] {
  return names.filter((name) => {
    const match = SEGMENT.exec(name);
    return match !== null && Number(match[1]) < state.firstSequence - 1;
  });
}
