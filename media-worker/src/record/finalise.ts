// Finishing a recording's output: its playable segments joined into one
// file, and an output that stopped early marked so.
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedFile } from '@diemcau/protocol';
import { concatArgs, concatList } from '../egress/concat.js';
import { segmentNames } from '../egress/segments.js';
import { freeBytes, megabytes, noSpaceLine } from '../egress/disk-space.js';
import { startFfmpeg } from '../egress/ffmpeg-process.js';
import { EgressError } from '../egress/errors.js';
import type { OutputPaths } from './output-paths.js';
import { probeMedia } from './probe.js';

export interface Tools {
  ffmpeg: string;
  ffprobe: string;
}

/** Room left beside the joined copy, for the file system's own needs and the list and metadata. */
const CONCAT_MARGIN_BYTES = 16 * 1024 * 1024;

/** The segments in recording order, without those a crash or an idle input left empty or unplayable. */
export async function playableSegments(ffprobe: string, segmentDir: string): Promise<string[]> {
  const names = segmentNames(await readdir(segmentDir).catch(() => []));
  const playable: string[] = [];
  for (const name of names) {
    const file = path.join(segmentDir, name);
    if ((await stat(file)).size > 0 && (await probeMedia(ffprobe, file)) !== null) playable.push(file);
  }
  return playable;
}

/**
 * Joins every playable segment, from every attempt of the job, into the output's one file.
 * The copy needs about the segments' size: without that room (or when a write
 * finds the disk full) it fails with DISK_FULL and leaves the segments as they are.
 */
export async function finaliseOutput(tools: Tools, paths: OutputPaths): Promise<RecordedFile> {
  const segments = await playableSegments(tools.ffprobe, paths.segmentDir);
  if (segments.length === 0) throw new EgressError('NO_MEDIA', `no playable segment in ${paths.segmentDir}`);
  const sizes = await Promise.all(segments.map(async (file) => (await stat(file)).size));
  const needed = sizes.reduce((sum, size) => sum + size, CONCAT_MARGIN_BYTES);
  const free = await freeBytes(paths.dir);
  const kept = `the segments are kept in ${paths.segmentDir}`;
  if (free < needed) {
    throw new EgressError(
      'DISK_FULL',
      `joining the segments needs about ${megabytes(needed)} MB, ${megabytes(free)} MB free in ${paths.dir}: ${kept}`,
    );
  }
  await writeFile(paths.listPath, concatList(segments));
  const concat = startFfmpeg(tools.ffmpeg, concatArgs({ listPath: paths.listPath, output: paths.file }));
  const exit = await concat.exit;
  if (exit.code !== 0) {
    const noSpace = noSpaceLine(concat.stderrTail());
    // A partial copy only takes room: the segments still hold everything.
    if (noSpace !== undefined) {
      await rm(paths.file, { force: true });
      throw new EgressError('DISK_FULL', `joining the segments failed (${noSpace}): ${kept}`);
    }
    throw new EgressError(
      'CONCAT_FAILED',
      `ffmpeg exited ${exit.code ?? exit.signal}: ${concat.stderrTail()}`,
    );
  }
  const info = await probeMedia(tools.ffprobe, paths.file);
  if (info === null) throw new EgressError('CONCAT_FAILED', `${paths.file} does not play`);
  return { path: paths.relativeFile, bytes: (await stat(paths.file)).size, ...info };
}

/**
 * The file of an output that stopped on its own (`reason`), marked so the
 * server ends the recording with that reason; when nothing playable was
 * written the job fails with the reason itself rather than NO_MEDIA.
 */
export async function finaliseStoppedEarly(
  tools: Tools,
  paths: OutputPaths,
  reason: EgressError,
): Promise<RecordedFile[]> {
  try {
    const file = await finaliseOutput(tools, paths);
    return [{ ...file, stoppedEarly: { code: reason.code, message: reason.detail } }];
  } catch (error) {
    if (error instanceof EgressError && error.code === 'NO_MEDIA') throw reason;
    throw error;
  }
}
