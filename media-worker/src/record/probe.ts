// What a media file holds, by ffprobe: its duration and codecs, or null
// when it does not play.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface MediaInfo {
  durationMs: number;
  /** Codec names, e.g. `vp8`, `opus`, in stream order. */
  codecs: string[];
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: { codec_name?: string }[];
}

/** ffprobe as installed beside ffmpeg (Debian, ffmpeg-static and FFMPEG_PATH builds all ship it so). */
export function ffprobeBeside(ffmpegPath: string): string {
  return path.join(path.dirname(ffmpegPath), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe');
}

/** ffprobe's JSON reduced to duration and codecs; null when it found no stream or no duration. */
export function parseProbe(stdout: string): MediaInfo | null {
  let json: ProbeJson;
  try {
    json = JSON.parse(stdout) as ProbeJson;
  } catch {
    return null;
  }
  const seconds = Number(json.format?.duration);
  const codecs = (json.streams ?? []).map((stream) => stream.codec_name ?? 'unknown');
  if (!Number.isFinite(seconds) || seconds <= 0 || codecs.length === 0) return null;
  return { durationMs: Math.round(seconds * 1000), codecs };
}

/** What `file` holds, or null when it does not play (empty, cut off before its header, not media). */
export function probeMedia(ffprobe: string, file: string): Promise<MediaInfo | null> {
  const args = ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file];
  return new Promise((resolve) => {
    execFile(ffprobe, args, { timeout: 30_000 }, (error, stdout) =>
      resolve(error ? null : parseProbe(stdout)),
    );
  });
}
