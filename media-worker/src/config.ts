// The media-worker's configuration: every environment variable read,
// validated and defaulted in one place (ConfigError names the bad one).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  type Env,
  envInteger,
  envOneOf,
  envOperatorToken,
  envString,
  envUrl,
  LOG_LEVELS,
  type LogLevel,
} from '@diemcau/protocol';

export interface Config {
  redisUrl: string;
  /** Explicit ffmpeg binary; unset means ffmpeg-static, then PATH. */
  ffmpegPath: string | undefined;
  host: string;
  port: number;
  /** Jobs run at once: live pipelines encode (heavy), recorders of one hall's tracks copy (light). */
  concurrency: { live: number; record: number };
  dataDir: string;
  /** DATA_DIR/recordings: one directory per recording, one subdirectory per output. */
  recordingsDir: string;
  /** DATA_DIR/hls: each livestream's playlist and segments in `<slug>/`, served by the server at `/hls/`. */
  hlsDir: string;
  /** The address the server sends RTP to: this machine as the server's mediasoup reaches it. */
  rtpHost: string;
  /**
   * BullMQ job lock, in ms; also the stalled-job check period. A worker that dies
   * mid-job hands its jobs to another worker within about twice this.
   */
  lockMs: number;
  /**
   * Free space, in MB, a recording keeps on the disk of DATA_DIR/recordings: an
   * output does not start below it, and a running one stops (DISK_FULL) and
   * joins what it wrote, which needs about the size of its segments again. A
   * livestream below it on the disk of its HLS folder warns (DISK_FULL) and goes on. 0: no guard.
   */
  minFreeDiskMb: number;
  logLevel: LogLevel;
  /** Bearer token that reads the details of /readyz and the uptime; unset: the status only, for everyone. */
  metricsToken: string | undefined;
}

/**
 * 1 GB: room to join two hours of a hall's copied track (~0.5 GB/h at 1 Mbps) or
 * most of an hour of the programme (~1.2 GB/h at 2.5 Mbps), and for the
 * database and logs beside them.
 */
export const DEFAULT_MIN_FREE_DISK_MB = 1024;

// Relative paths resolve against the repository root, as the server's do, so
// both processes agree on DATA_DIR whatever directory they were started from.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function host(env: Env, name: string, fallback: string): string {
  const value = envString(env, name) ?? fallback;
  if (/[\s/]/.test(value)) throw new ConfigError(name, `must be a host name or IP address (got "${value}")`);
  return value;
}

/** Reads and validates the whole configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env): Config {
  const dataDir = path.resolve(REPO_ROOT, envString(env, 'DATA_DIR') ?? 'data');
  return {
    redisUrl: envUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    ffmpegPath: envString(env, 'FFMPEG_PATH'),
    host: host(env, 'MEDIA_WORKER_HOST', '127.0.0.1'),
    port: envInteger(env, 'MEDIA_WORKER_PORT', 3001, 0, 65535),
    concurrency: {
      live: envInteger(env, 'MEDIA_WORKER_CONCURRENCY', 1, 1, 64),
      // A recording is one job per hall (copy, a few % of a core each): a province needs ~124 at once.
      record: envInteger(env, 'MEDIA_WORKER_RECORD_CONCURRENCY', 150, 1, 1000),
    },
    dataDir,
    recordingsDir: path.join(dataDir, 'recordings'),
    hlsDir: path.join(dataDir, 'hls'),
    rtpHost: host(env, 'MEDIA_WORKER_RTP_HOST', '127.0.0.1'),
    lockMs: envInteger(env, 'MEDIA_WORKER_LOCK_MS', 30_000, 1_000, 600_000),
    minFreeDiskMb: envInteger(env, 'MIN_FREE_DISK_MB', DEFAULT_MIN_FREE_DISK_MB, 0, 100_000_000),
    logLevel: envOneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsToken: envOperatorToken(env),
  };
}
