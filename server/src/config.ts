import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  type Env,
  envBoolean,
  envInteger,
  envOperatorToken,
  envOneOf,
  envString,
  envUrl,
  LOG_LEVELS,
  type LogLevel,
} from '@diemcau/protocol';

export type DatabaseConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export type MediasoupLogLevel = 'debug' | 'warn' | 'error' | 'none';

/** Which accounts must sign in with a second factor (TOTP): admins only, every account, or none. */
export type RequireTwoFactor = 'admins' | 'all' | 'off';

/**
 * How the server itself speaks TLS: not at all (localhost, or a proxy ends TLS), with the
 * certificate it is given, or with one made by its own local certificate authority in DATA_DIR.
 */
export type TlsConfig =
  | { mode: 'off' }
  | { mode: 'given'; certFile: string; keyFile: string; httpPort: number | undefined }
  | { mode: 'made'; dir: string; httpPort: number | undefined };

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
  /** Bearer token that reads the health details and /metrics (besides an admin's session); unset: admins only. */
  metricsToken: string | undefined;
  /** Load the demo province into an empty database. */
  demoData: boolean;
  sessionTtlHours: number;
  /** REQUIRE_2FA: accounts it covers that have no second factor sign in only to set one up. */
  requireTwoFactor: RequireTwoFactor;
  /** How long a participant whose connection dropped keeps its place in the room. */
  reconnectGraceSeconds: number;
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses. */
  trustProxy: boolean | number | string[];
  tls: TlsConfig;
  mediasoup: {
    workers: number;
    logLevel: MediasoupLogLevel;
    listenIp: string;
    announcedIp: string;
    webRtcServerPort: number;
    rtcMinPort: number;
    rtcMaxPort: number;
    /** Consumers a room's router carries before the room spreads to another worker (pipeToRouter). */
    consumersPerRouter: number;
    /** Whether joined peers may open plain SRTP transports (hall encoders, the load generator). */
    plainRtpTransports: boolean;
  };
}

const MEDIASOUP_LOG_LEVELS: readonly MediasoupLogLevel[] = ['debug', 'warn', 'error', 'none'];
const ON_OFF = ['off', 'on'] as const;
const REQUIRE_TWO_FACTOR: readonly RequireTwoFactor[] = ['admins', 'all', 'off'];
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function ipAddress(env: Env, name: string, fallback: string): string {
  const value = envString(env, name) ?? fallback;
  const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
  if (!ipv4.test(value) && !/^[0-9a-fA-F:]+$/.test(value)) {
    throw new ConfigError(name, `must be an IP address (got "${value}")`);
  }
  return value;
}

function database(env: Env, dataDir: string): DatabaseConfig {
  const value = envString(env, 'DATABASE_URL');
  if (value === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'diemcau.sqlite') };
  if (/^postgres(ql)?:\/\//.test(value))
    return { kind: 'postgres', url: envUrl(env, 'DATABASE_URL', value, ['postgres:', 'postgresql:']) };
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

/**
 * Which X-Forwarded-For hops to believe. Off by default: otherwise any client
 * could pick the address that rate limits and the audit log see.
 */
function trustProxy(env: Env): boolean | number | string[] {
  const value = envString(env, 'TRUST_PROXY');
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = value.split(',').map((a) => a.trim());
  if (addresses.some((a) => !/^[0-9a-fA-F.:/]+$/.test(a))) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be false, true, a hop count or proxy addresses (got "${value}")`,
    );
  }
  return addresses;
}

const TLS_MODES = ['auto', 'on', 'off'] as const;
const LOCALHOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * TLS=auto (the default) turns TLS on for a PUBLIC_URL that browsers would not treat as secure:
 * plain http to an address other than localhost, where no hall could use its camera. An https
 * PUBLIC_URL with no certificate given, or TRUST_PROXY, means a proxy in front ends TLS.
 */
function tls(env: Env, publicUrl: URL, port: number, dataDir: string): TlsConfig {
  const mode = envOneOf(env, 'TLS', TLS_MODES, 'auto');
  const certFile = envString(env, 'TLS_CERT');
  const keyFile = envString(env, 'TLS_KEY');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(
      certFile ? 'TLS_KEY' : 'TLS_CERT',
      `must be set with ${certFile ? 'TLS_CERT' : 'TLS_KEY'}`,
    );
  }
  const on =
    mode === 'on' ||
    (mode === 'auto' &&
      (certFile !== undefined ||
        (publicUrl.protocol === 'http:' &&
          !LOCALHOST.test(publicUrl.hostname) &&
          trustProxy(env) === false)));
  const httpPort =
    envString(env, 'HTTP_PORT') === undefined ? undefined : envInteger(env, 'HTTP_PORT', 0, 1, 65535);
  if (!on) {
    if (certFile !== undefined) throw new ConfigError('TLS_CERT', 'is set but TLS=off');
    if (httpPort !== undefined) throw new ConfigError('HTTP_PORT', 'redirects to https, so it needs TLS on');
    return { mode: 'off' };
  }
  if (httpPort === port) throw new ConfigError('HTTP_PORT', `must differ from PORT (${port})`);
  return certFile !== undefined && keyFile !== undefined
    ? {
        mode: 'given',
        certFile: path.resolve(REPO_ROOT, certFile),
        keyFile: path.resolve(REPO_ROOT, keyFile),
        httpPort,
      }
    : { mode: 'made', dir: path.join(dataDir, 'tls'), httpPort };
}

/** With TLS on, people open https on PORT (or on the port PUBLIC_URL names). */
function securePublicUrl(publicUrl: URL, port: number): string {
  if (publicUrl.protocol === 'https:') return publicUrl.href;
  const secure = new URL(publicUrl.href);
  secure.protocol = 'https:';
  secure.port = publicUrl.port || String(port);
  return secure.href;
}

function secret(env: Env, name: string): string | undefined {
  const value = envString(env, name);
  if (value !== undefined && value.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
  return value;
}

/** Reads and validates the whole configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const host = envString(env, 'HOST') ?? '0.0.0.0';
  const port = envInteger(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(REPO_ROOT, envString(env, 'DATA_DIR') ?? 'data');
  const workers = envInteger(env, 'MEDIASOUP_WORKERS', os.availableParallelism(), 1, 64);
  const webRtcServerPort = envInteger(env, 'WEBRTC_SERVER_PORT', 40000, 1024, 65535);
  const rtcMinPort = envInteger(env, 'RTC_MIN_PORT', 40100, 1024, 65535);
  const rtcMaxPort = envInteger(env, 'RTC_MAX_PORT', 49999, 1024, 65535);
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
  const publicUrl = envUrl(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']);
  const tlsConfig = tls(env, new URL(publicUrl), port, dataDir);
  return {
    host,
    port,
    publicUrl: (tlsConfig.mode === 'off' ? publicUrl : securePublicUrl(new URL(publicUrl), port)).replace(
      /\/$/,
      '',
    ),
    dataDir,
    database: database(env, dataDir),
    redisUrl: envUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    logLevel: envOneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    webClientDir: path.resolve(REPO_ROOT, envString(env, 'WEB_CLIENT_DIR') ?? 'web-client/dist'),
    secretKey: secret(env, 'SECRET_KEY'),
    metricsToken: envOperatorToken(env),
    demoData: envBoolean(env, 'DEMO_DATA', true),
    sessionTtlHours: envInteger(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    requireTwoFactor: envOneOf(env, 'REQUIRE_2FA', REQUIRE_TWO_FACTOR, 'admins'),
    reconnectGraceSeconds: envInteger(env, 'RECONNECT_GRACE_SECONDS', 20, 0, 600),
    trustProxy: trustProxy(env),
    tls: tlsConfig,
    mediasoup: {
      workers,
      logLevel: envOneOf(env, 'MEDIASOUP_LOG_LEVEL', MEDIASOUP_LOG_LEVELS, 'warn'),
      listenIp: ipAddress(env, 'RTC_LISTEN_IP', '0.0.0.0'),
      announcedIp: ipAddress(env, 'RTC_ANNOUNCED_IP', defaultAnnouncedIp()),
      webRtcServerPort,
      rtcMinPort,
      rtcMaxPort,
      consumersPerRouter: envInteger(env, 'MEDIASOUP_CONSUMERS_PER_ROUTER', 500, 1, 100_000),
      plainRtpTransports: envOneOf(env, 'PLAIN_RTP_TRANSPORTS', ON_OFF, 'off') === 'on',
    },
  };
}
