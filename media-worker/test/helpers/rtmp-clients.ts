// ffmpeg and ffprobe as RTMP clients: a test publisher, and a player that reports what an RTMP URL
// carries. Debian's ffmpeg package (a test package) provides both.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

export interface PublisherExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface TestPublisher {
  /** Resolves when ffmpeg exits, however it exits. */
  exit: Promise<PublisherExit>;
  /** Ends a publisher a failed test left running. */
  kill(): void;
}

/** Real-time (-re) 640x360 30 fps test pattern + 440 Hz tone, H.264 (a keyframe each second) + AAC, as FLV. */
export function publisherArgs(url: string, seconds: number): string[] {
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
    ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '30'],
    ...['-c:a', 'aac', '-b:a', '96k'],
    ...['-f', 'flv', url],
  ];
}

export function publishTestStream(url: string, seconds: number): TestPublisher {
  const child = spawn('ffmpeg', publisherArgs(url, seconds), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<PublisherExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { exit, kill: () => child.kill('SIGKILL') };
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
}

/** The streams ffprobe finds playing `url`, video first; fails when nothing plays within `timeoutMs`. */
export async function probeStreams(url: string, timeoutMs = 15_000): Promise<ProbedStream[]> {
  const { stdout } = await promisify(execFile)(
    'ffprobe',
    [
      ...['-v', 'error', '-of', 'json'],
      ...['-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate,channels'],
      url,
    ],
    { timeout: timeoutMs },
  );
  const { streams } = JSON.parse(stdout) as { streams: ProbedStream[] };
  return streams.sort((a, b) => b.codec_type.localeCompare(a.codec_type));
}
