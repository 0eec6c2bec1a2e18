import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FFMPEG_PATH } from './hls-fixture.js';

/** The peak of ffmpeg's volumedetect report, in dBFS; -91 dB is digital silence. */
export function parseMaxVolume(stderr: string): number | undefined {
  const match = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  if (!match) return undefined;
  return match[1] === '-inf' ? -Infinity : Number(match[1]);
}

/**
 * The loudest moment of `seconds` of a stream's sound (an HLS playlist or an
 * RTMP URL), as a player joining it now would hear it.
 */
export async function peakVolumeDb(url: string, seconds = 4): Promise<number> {
  const { stderr } = await promisify(execFile)(
    FFMPEG_PATH,
    [
      ...['-hide_banner', '-nostats', '-nostdin', '-i', url, '-t', String(seconds)],
      ...['-vn', '-af', 'volumedetect', '-f', 'null', '-'],
    ],
    { timeout: (seconds + 20) * 1000 },
  );
  const peak = parseMaxVolume(stderr);
  if (peak === undefined) throw new Error(`no volumedetect report for ${url}: ${stderr.slice(-2000)}`);
  return peak;
}
