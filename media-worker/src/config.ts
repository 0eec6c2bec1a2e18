import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  type Env,
  envInteger,
  envOneOf,
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
  /** Jobs run at once per queue. */
  concurrency: number;
  dataDir: string;
  logLevel: LogLevel;
}

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
  return {
    redisUrl: envUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    ffmpegPath: envString(env, 'FFMPEG_PATH'),
    host: host(env, 'MEDIA_WORKER_HOST', '127.0.0.1'),
    port: envInteger(env, 'MEDIA_WORKER_PORT', 3001, 0, 65535),
    concurrency: envInteger(env, 'MEDIA_WORKER_CONCURRENCY', 1, 1, 64),
    dataDir: path.resolve(REPO_ROOT, envString(env, 'DATA_DIR') ?? 'data'),
    logLevel: envOneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
