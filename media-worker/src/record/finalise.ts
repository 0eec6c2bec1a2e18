import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordedFile } from '@diemcau/protocol';
import { concatArgs, concatList } from '../egress/concat.js';
import { segmentNames } from '../egress/segments.js';
import { startFfmpeg } from './ffmpeg-process.js';
import { RecordError } from './errors.js';
import type { OutputPaths } from './output-paths.js';
import { probeMedia } from './probe.js';

export interface Tools {
  ffmpeg: string;
  ffprobe: string;
}

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

/** Joins every playable segment, from every attempt of the job, into the output's one file. */
export async function finaliseOutput(tools: Tools, paths: OutputPaths): Promise<RecordedFile> {
  const segments = await playableSegments(tools.ffprobe, paths.segmentDir);
  if (segments.length === 0) throw new RecordError('NO_MEDIA', `no playable segment in ${paths.segmentDir}`);
  await writeFile(paths.listPath, concatList(segments));
  const concat = startFfmpeg(tools.ffmpeg, concatArgs({ listPath: paths.listPath, output: paths.file }));
  const exit = await concat.exit;
  if (exit.code !== 0) {
    throw new RecordError(
      'CONCAT_FAILED',
      `ffmpeg exited ${exit.code ?? exit.signal}: ${concat.stderrTail()}`,
    );
  }
  const info = await probeMedia(tools.ffprobe, paths.file);
  if (info === null) throw new RecordError('CONCAT_FAILED', `${paths.file} does not play`);
  return { path: paths.relativeFile, bytes: (await stat(paths.file)).size, ...info };
}
