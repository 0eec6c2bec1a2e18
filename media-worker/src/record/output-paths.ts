// Where one output of a recording keeps its files: its folder, segments,
// SDP, concat list and finished file.
import path from 'node:path';
import type { RecordJobData } from '@diemcau/protocol';

/** `programme` or `track-<pointId>`: names the output's directory and its finished file. */
export function outputKey(output: RecordJobData['output']): string {
  return output.kind === 'programme' ? 'programme' : `track-${output.pointId}`;
}

export interface OutputPaths {
  /** DATA_DIR/recordings/<recordingId>/<outputKey> */
  dir: string;
  segmentDir: string;
  sdpPath: string;
  /** The concat list written when finalising. */
  listPath: string;
  /** The finished file, absolute. */
  file: string;
  /** The finished file relative to the recordings directory, as the job returns it. */
  relativeFile: string;
}

/** Where one output of a recording keeps its files. Ids are `[A-Za-z0-9_-]+` (schema), so they are safe path parts. */
export function outputPaths(recordingsDir: string, data: RecordJobData): OutputPaths {
  const key = outputKey(data.output);
  const relativeDir = path.join(data.recordingId, key);
  const dir = path.join(recordingsDir, relativeDir);
  return {
    dir,
    segmentDir: path.join(dir, 'segments'),
    sdpPath: path.join(dir, 'input.sdp'),
    listPath: path.join(dir, 'segments.txt'),
    file: path.join(dir, `${key}.mkv`),
    relativeFile: path.join(relativeDir, `${key}.mkv`),
  };
}
