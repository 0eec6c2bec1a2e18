import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleStream } from './clip-assemble.js';
import type { StreamShape } from './clip-assemble.js';
import { decodeClip, describeClip, encodeClip } from './clip-file.js';
import type { Clip } from './clip-file.js';
import { MediaBenchError } from './errors.js';
import { paced } from './pacing.js';

/*
 * The clip is made once by the system ffmpeg, encoded and packetized for real
 * (libopus, libvpx, ffmpeg's RTP muxer), captured off loopback UDP and cached;
 * senders only replay its packets.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEFAULT_CACHE_DIR = path.join(ROOT, 'bench-results');

const DURATION_S = 10;
const FPS = 30;
const KEY_FRAME_INTERVAL_S = 2;
/** What browsers aim for, leaving room for SRTP and a TURN/IPsec overhead under 1500. */
const PACKET_SIZE = 1200;
const AUDIO_BITRATE = 32_000;
/** As web-client/src/room/media-settings.ts CAMERA_ENCODINGS, lowest first. */
export const VIDEO_LAYERS = [
  { width: 320, height: 180, bitrate: 150_000 },
  { width: 640, height: 360, bitrate: 500_000 },
  { width: 1280, height: 720, bitrate: 1_200_000 },
] as const;

/** Moving test pattern with temporal noise, so inter frames cost what a camera's would. */
const VIDEO_SOURCE = `testsrc2=size=1280x720:rate=${FPS},noise=alls=12:allf=t`;
/** Pink noise with a 3 Hz syllable-like envelope: Opus spends on it about what it spends on speech. */
const AUDIO_SOURCE = 'anoisesrc=color=pink:sample_rate=48000:amplitude=0.3';

export interface ClipOptions {
  /** Where the clip is cached; default `<repo>/bench-results`. */
  cacheDir?: string;
  /** ffmpeg binary; default `ffmpeg` on PATH. */
  ffmpeg?: string;
  log?: (line: string) => void;
}

function vp8Args(bitrate: number): string[] {
  const k = `${bitrate / 1000}k`;
  return [
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-threads', '1'],
    // Constant bitrate like a browser's encoder, and no hidden alt-ref frames (RTP cannot carry them).
    ...['-b:v', k, '-minrate', k, '-maxrate', k, '-bufsize', k, '-auto-alt-ref', '0', '-lag-in-frames', '0'],
    // Key frames on the same frame numbers in every layer, so a simulcast switch never waits long.
    ...['-g', `${FPS * KEY_FRAME_INTERVAL_S}`, '-keyint_min', `${FPS * KEY_FRAME_INTERVAL_S}`],
    ...['-force_key_frames', `expr:eq(mod(n,${FPS * KEY_FRAME_INTERVAL_S}),0)`],
  ];
}

/** ffmpeg's arguments for sending the clip to the given loopback ports (audio, then video layers). */
function ffmpegArgs(ports: readonly number[]): string[] {
  const out = (port: number | undefined): string[] => [
    ...['-strict', 'experimental', '-f', 'rtp'],
    `udp://127.0.0.1:${port}?pkt_size=${PACKET_SIZE}`,
  ];
  const split = VIDEO_LAYERS.map((_, i) => `[s${i}]`).join('');
  const scaled = VIDEO_LAYERS.map((l, i) => `[s${i}]scale=${l.width}:${l.height}[v${i}]`).join(';');
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
    // -re paces the sources at real time, so loopback UDP never overflows a socket buffer.
    ...['-re', '-f', 'lavfi', '-t', `${DURATION_S}`, '-i', VIDEO_SOURCE],
    ...['-re', '-f', 'lavfi', '-t', `${DURATION_S}`, '-i', AUDIO_SOURCE],
    '-filter_complex',
    `[0:v]split=${VIDEO_LAYERS.length}${split};${scaled};[1:a]tremolo=f=3:d=0.9,aformat=channel_layouts=mono[a]`,
    ...['-map', '[a]', '-c:a', 'libopus', '-b:a', `${AUDIO_BITRATE / 1000}k`],
    ...['-application', 'voip', '-frame_duration', '20', ...out(ports[0])],
    ...VIDEO_LAYERS.flatMap((l, i) => ['-map', `[v${i}]`, ...vp8Args(l.bitrate), ...out(ports[i + 1])]),
  ];
}

function shapes(): StreamShape[] {
  const durationMs = DURATION_S * 1000;
  return [
    { name: 'audio', kind: 'audio', clockRate: 48_000, durationMs, frameMs: 20 },
    ...VIDEO_LAYERS.map((l, i): StreamShape => ({
      name: `video layer ${i} (${l.width}x${l.height})`,
      kind: 'video',
      clockRate: 90_000,
      durationMs,
      fps: FPS,
      keyFrameIntervalMs: KEY_FRAME_INTERVAL_S * 1000,
    })),
  ];
}

/** The cache file name: changes whenever what ffmpeg is asked to make changes. */
export function clipCacheName(): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ args: ffmpegArgs([0, 0, 0, 0]), shapes: shapes(), format: 1 }))
    .digest('hex');
  return `.clip-${hash.slice(0, 12)}.bin`;
}

/** The cached clip, or a new one made with ffmpeg (about DURATION_S seconds) and cached. */
export async function loadClip(options: ClipOptions = {}): Promise<Clip> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const file = path.join(cacheDir, clipCacheName());
  const cached = await fs.readFile(file).catch(() => null);
  if (cached) return pacedClip(decodeClip(cached));

  const clip = await captureClip(options.ffmpeg ?? 'ffmpeg');
  for (const line of describeClip(clip)) options.log?.(`[clip] ${line}`);
  await fs.mkdir(cacheDir, { recursive: true });
  // Write then rename: a concurrent reader sees the whole file or none.
  const partial = `${file}.${process.pid}.tmp`;
  await fs.writeFile(partial, encodeClip(clip));
  await fs.rename(partial, file);
  return pacedClip(clip);
}

/** The video layers as a browser's pacer sends them (pacing.ts); audio packets are one per frame already. */
function pacedClip(clip: Clip): Clip {
  return { ...clip, video: clip.video.map((layer) => paced(layer, clip.durationMs)) };
}

async function captureClip(ffmpeg: string): Promise<Clip> {
  const streamShapes = shapes();
  const sockets = await Promise.all(streamShapes.map(() => bindCapture()));
  const received: Buffer[][] = sockets.map(() => []);
  sockets.forEach((socket, i) => socket.on('message', (msg) => received[i]!.push(msg)));
  try {
    await runFfmpeg(ffmpeg, ffmpegArgs(sockets.map((s) => s.address().port)));
    // ffmpeg has sent everything before it exits; let the last datagrams be read.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    for (const socket of sockets) socket.close();
  }
  const [audio, ...video] = streamShapes.map((shape, i) => assembleStream(received[i]!, shape));
  return {
    durationMs: DURATION_S * 1000,
    keyFrameIntervalMs: KEY_FRAME_INTERVAL_S * 1000,
    audio: audio!,
    video,
  };
}

function bindCapture(): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

function runFfmpeg(ffmpeg: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once('error', (err) =>
      reject(new MediaBenchError('FFMPEG_FAILED', `cannot run ${ffmpeg}: ${err.message}`)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const why = `ffmpeg exited with ${signal ?? code}: ${stderr.trim()}`;
        reject(new MediaBenchError('FFMPEG_FAILED', why));
      }
    });
  });
}
