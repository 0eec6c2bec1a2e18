import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A configuration value that cannot be used; `variable` names the env var at fault. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type MediasoupLogLevel = 'debug' | 'warn' | 'error' | 'none';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string;
  logLevel: LogLevel;
  webClientDir: string;
  /** Signs join tokens and encrypts stored secrets; unset: generated once into DATA_DIR/secret.key. */
  secretKey: string | undefined;
  /** Load the demo province into an empty database. */
  demoData: boolean;
  sessionTtlHours: number;
  mediasoup: {
    workers: number;
    logLevel: MediasoupLogLevel;
    listenIp: string;
    announcedIp: string;
    webRtcServerPort: number;
    rtcMinPort: number;
    rtcMaxPort: number;
  };
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MEDIASOUP_LOG_LEVELS: readonly MediasoupLogLevel[] = ['debug', 'warn', 'error', 'none'];
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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

function ipAddress(env: Env, name: string, fallback: string): string {
  const value = raw(env, name) ?? fallback;
  const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
  if (!ipv4.test(value) && !/^[0-9a-fA-F:]+$/.test(value)) {
    throw new ConfigError(name, `must be an IP address (got "${value}")`);
  }
  return value;
}

function url(env: Env, name: string, fallback: string, protocols: readonly string[]): string {
  const value = raw(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${value}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${value}")`);
  }
  return value;
}

function database(env: Env, dataDir: string): DatabaseConfig {
  const value = raw(env, 'DATABASE_URL');
  if (value === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'diemcau.sqlite') };
  if (/^postgres(ql)?:\/\//.test(value))
    return { kind: 'postgres', url: url(env, 'DATABASE_URL', value, ['postgres:', 'postgresql:']) };
  const sqlite = /^(sqlite|file):(.+)$/.exec(value);
  if (sqlite?.[2])
    return { kind: 'sqlite', file: path.resolve(REPO_ROOT, sqlite[2].replace(/^\/\/(?=\/)/, '')) };
  throw new ConfigError(
    'DATABASE_URL',
    `must be postgres://…, postgresql://… or sqlite:PATH (got "${value}")`,
  );
}

/** The first non-internal IPv4 address: what browsers on the LAN can reach. */
export function defaultAnnouncedIp(interfaces = os.networkInterfaces()): string {
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return '127.0.0.1';
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function secret(env: Env, name: string): string | undefined {
  const value = raw(env, name);
  if (value !== undefined && value.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
  return value;
}

/** Reads and validates the whole configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const host = raw(env, 'HOST') ?? '0.0.0.0';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(REPO_ROOT, raw(env, 'DATA_DIR') ?? 'data');
  const workers = integer(env, 'MEDIASOUP_WORKERS', os.availableParallelism(), 1, 64);
  const webRtcServerPort = integer(env, 'WEBRTC_SERVER_PORT', 40000, 1024, 65535);
  const rtcMinPort = integer(env, 'RTC_MIN_PORT', 40100, 1024, 65535);
  const rtcMaxPort = integer(env, 'RTC_MAX_PORT', 49999, 1024, 65535);
  if (rtcMaxPort - rtcMinPort + 1 < workers * 10) {
    throw new ConfigError(
      'RTC_MAX_PORT',
      `must leave at least 10 ports per mediasoup worker above RTC_MIN_PORT`,
    );
  }
  const serverPortsEnd = webRtcServerPort + workers - 1;
  if (serverPortsEnd > 65535)
    throw new ConfigError('WEBRTC_SERVER_PORT', `+ MEDIASOUP_WORKERS exceeds 65535`);
  if (webRtcServerPort <= rtcMaxPort && serverPortsEnd >= rtcMinPort) {
    throw new ConfigError(
      'WEBRTC_SERVER_PORT',
      `ports ${webRtcServerPort}-${serverPortsEnd} (one per worker) overlap RTC_MIN_PORT-RTC_MAX_PORT ${rtcMinPort}-${rtcMaxPort}`,
    );
  }
  return {
    host,
    port,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']).replace(/\/$/, ''),
    dataDir,
    database: database(env, dataDir),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    webClientDir: path.resolve(REPO_ROOT, raw(env, 'WEB_CLIENT_DIR') ?? 'web-client/dist'),
    secretKey: secret(env, 'SECRET_KEY'),
    demoData: boolean(env, 'DEMO_DATA', true),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    mediasoup: {
      workers,
      logLevel: oneOf(env, 'MEDIASOUP_LOG_LEVEL', MEDIASOUP_LOG_LEVELS, 'warn'),
      listenIp: ipAddress(env, 'RTC_LISTEN_IP', '0.0.0.0'),
      announcedIp: ipAddress(env, 'RTC_ANNOUNCED_IP', defaultAnnouncedIp()),
      webRtcServerPort,
      rtcMinPort,
      rtcMaxPort,
    },
  };
}
