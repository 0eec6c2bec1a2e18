// A recording's progress report: segments and bytes on disk, and this
// attempt's recording time.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EgressProgress } from '@diemcau/protocol';
import { segmentNames } from '../egress/segments.js';

/** Segments on disk (every attempt's) and their bytes; `seconds` is this attempt's recording time. */
export async function recordingProgress(segmentDir: string, startedAt: number): Promise<EgressProgress> {
  const names = segmentNames(await readdir(segmentDir).catch(() => []));
  const sizes = await Promise.all(
    names.map((name) =>
      stat(path.join(segmentDir, name)).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return {
    phase: 'recording',
    segments: names.length,
    bytes: sizes.reduce((sum, size) => sum + size, 0),
    seconds: Math.round((Date.now() - startedAt) / 100) / 10,
  };
}
