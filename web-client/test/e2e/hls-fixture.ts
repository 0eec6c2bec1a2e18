import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A live HLS stream being written by ffmpeg, as the media-worker will write one. */
export interface HlsFixture {
  dir: string;
  /** Ends the stream the way a finished broadcast ends: ffmpeg writes EXT-X-ENDLIST and exits. */
  stop(): Promise<void>;
}

export const FFMPEG_PATH = process.env['FFMPEG_PATH'] ?? 'ffmpeg';

/** Wall-clock time and stream time drawn on the picture: screenshots show which moment was on screen. */
const CLOCK = String.raw`drawtext=text='%{localtime\:%H\\\:%M\\\:%S}  %{pts\:hms}':fontsize=32:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=16:y=16`;

/** Real-time (-re) test pattern and tone, H.264 baseline + AAC, 1 s segments, a 6-segment window. */
export function ffmpegArgs(dir: string, maxSeconds: number): string[] {
  return [
    ...['-hide_banner', '-loglevel', 'error'],
    ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25'],
    ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', String(maxSeconds), '-vf', CLOCK],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline'],
    // A keyframe every second, so every segment starts with one.
    ...['-pix_fmt', 'yuv420p', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '64k'],
    ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '6'],
    ...['-hls_flags', 'delete_segments+independent_segments'],
    ...['-hls_segment_filename', path.join(dir, 'seg-%05d.ts'), path.join(dir, 'index.m3u8')],
  ];
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts writing a live stream into `dir` (created if needed) and resolves once its playlist lists
 * `segments` segments. `maxSeconds` bounds a stream a failed test forgot to stop.
 */
export async function startHlsFixture(
  dir: string,
  { segments = 2, maxSeconds = 120 } = {},
): Promise<HlsFixture> {
  fs.mkdirSync(dir, { recursive: true });
  const playlist = path.join(dir, 'index.m3u8');
  const child = spawn(FFMPEG_PATH, ffmpegArgs(dir, maxSeconds), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(killer);
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`ffmpeg exited (${child.exitCode}) before the stream began: ${stderr}`);
    const listed = fs.existsSync(playlist)
      ? fs.readFileSync(playlist, 'utf8').match(/^#EXTINF/gm)?.length
      : 0;
    if ((listed ?? 0) >= segments) return { dir, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`no HLS playlist with ${segments} segments in ${dir} after 15 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
