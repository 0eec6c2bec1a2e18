// The ffmpeg arguments of a hall's recorder: its RTP streams copied,
// without transcoding, into Matroska segments.
import path from 'node:path';
import { LOG_ARGS } from './log-args.js';
import { rtpInputArgs } from './rtp-input.js';

export interface RecorderOptions {
  sdpPath: string;
  segmentDir: string;
  /** Longest a crash may lose; segments start on key frames, so the server must send one this often. */
  segmentSeconds: number;
  /** Number of the first segment, so a restarted recorder continues after the files already there. */
  startNumber?: number;
}

/**
 * A per-point recorder: every stream of the SDP copied, without transcoding, into
 * Matroska segments `<segmentDir>/00000.mkv`, ... Each segment is a complete file
 * (trailer written when the next one starts) beginning on a key frame, so a crash
 * loses only the segment being written (it is empty on disk until then: skip it when
 * finalising). Stop it with `q` on stdin while media still flows: ffmpeg reads `q` between
 * packets, and without packets it waits ~10 s for the RTP read to time out.
 */
export function recorderArgs({
  sdpPath,
  segmentDir,
  segmentSeconds,
  startNumber = 0,
}: RecorderOptions): string[] {
  return [
    ...LOG_ARGS,
    ...rtpInputArgs(sdpPath, 'fixed'),
    '-map',
    '0',
    '-c',
    'copy',
    ...matroskaSegmentArgs({ segmentDir, segmentSeconds, startNumber }),
  ];
}

export interface SegmentOutput {
  segmentDir: string;
  segmentSeconds: number;
  startNumber: number;
}

/**
 * The segment muxer every recorder writes with: Matroska files
 * `<segmentDir>/00000.mkv`, ... from `startNumber`, each cut at a key frame.
 */
export function matroskaSegmentArgs({ segmentDir, segmentSeconds, startNumber }: SegmentOutput): string[] {
  return [
    ...['-f', 'segment', '-segment_time', String(segmentSeconds), '-segment_format', 'matroska'],
    // Each segment's timeline starts at 0, so it plays alone and concat can append it.
    ...['-reset_timestamps', '1', '-strftime', '0', '-segment_start_number', String(startNumber)],
    path.join(segmentDir, '%05d.mkv'),
  ];
}
