import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from './errors.js';

/** A configuration value that cannot be used; `variable` names the env var at fault. */
export class ConfigError extends StartupError {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super('INVALID_CONFIG', `${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// Relative paths resolve against the repository root, as the server's do, so
// both processes agree on DATA_DIR whatever directory they were started from.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Empty counts as unset, as `VAR=` in env files and compose `${VAR:-}` produce it. */
function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be an integer ${min}-${max} (got "${value}")`);
  }
  return Number(value);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function redisUrl(env: Env, name: string, fallback: string): string {
  const value = raw(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${value}")`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(name, `must use redis: or rediss: (got "${value}")`);
  }
  return value;
}

function host(env: Env, name: string, fallback: string): string {
  const value = raw(env, name) ?? fallback;
  if (/[\s/]/.test(value)) throw new ConfigError(name, `must be a host name or IP address (got "${value}")`);
  return value;
}

/** Reads and validates the whole configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env): Config {
  return {
    redisUrl: redisUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    ffmpegPath: raw(env, 'FFMPEG_PATH'),
    host: host(env, 'MEDIA_WORKER_HOST', '127.0.0.1'),
    port: integer(env, 'MEDIA_WORKER_PORT', 3001, 0, 65535),
    concurrency: integer(env, 'MEDIA_WORKER_CONCURRENCY', 1, 1, 64),
    dataDir: path.resolve(REPO_ROOT, raw(env, 'DATA_DIR') ?? 'data'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
