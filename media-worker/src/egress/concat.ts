// Joining a recording's segments: the concat demuxer's list file and the
// ffmpeg arguments that copy them into one file.
import { EgressError } from './errors.js';
import { LOG_ARGS } from './log-args.js';

/**
 * The concat demuxer's list file for `paths`, in order. Each path is single-quoted;
 * a quote inside is written as '\'' (close, escaped quote, reopen).
 */
export function concatList(paths: readonly string[]): string {
  if (paths.length === 0) throw new EgressError('CONCAT_PATH_INVALID', 'nothing to concatenate');
  const lines = paths.map((file) => {
    // A line break would end the directive early; the format has no escape for it.
    if (file === '' || /[\r\n\0]/.test(file)) {
      throw new EgressError('CONCAT_PATH_INVALID', `cannot list path ${JSON.stringify(file)}`);
    }
    return `file '${file.replaceAll("'", "'\\''")}'`;
  });
  return `ffconcat version 1.0\n${lines.join('\n')}\n`;
}

export interface ConcatOptions {
  listPath: string;
  /** The container follows the extension: .mkv for VP8 + Opus tracks, .mp4 for the programme. */
  output: string;
}

/** Joins the files of a concat list into `output` without transcoding, replacing it if present. */
export function concatArgs({ listPath, output }: ConcatOptions): string[] {
  return [
    ...LOG_ARGS,
    '-nostdin',
    '-f',
    'concat',
    // The list holds absolute paths, which the default safe mode refuses.
    '-safe',
    '0',
    '-i',
    listPath,
    '-map',
    '0',
    '-c',
    'copy',
    '-y',
    output,
  ];
}
