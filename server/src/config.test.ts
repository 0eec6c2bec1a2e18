import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@diemcau/protocol';
import { defaultAnnouncedIp, loadConfig } from './config.js';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults: SQLite in the data dir, local Redis, one worker per core', () => {
    const config = loadConfig({ RTC_ANNOUNCED_IP: '10.0.0.5' });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'sqlite', file: path.join(config.dataDir, 'diemcau.sqlite') });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.mediasoup.workers).toBeGreaterThanOrEqual(1);
    expect(config.mediasoup.announcedIp).toBe('10.0.0.5');
    expect(config.mediasoup.consumersPerRouter).toBe(500);
    expect(loadConfig({ MEDIASOUP_CONSUMERS_PER_ROUTER: '2' }).mediasoup.consumersPerRouter).toBe(2);
    expect(config.reconnectGraceSeconds).toBe(20);
    expect(loadConfig({ RECONNECT_GRACE_SECONDS: '0' }).reconnectGraceSeconds).toBe(0);
    expect(config.mediasoup.plainRtpTransports).toBe(false);
    expect(loadConfig({ PLAIN_RTP_TRANSPORTS: 'on' }).mediasoup.plainRtpTransports).toBe(true);
    expect(loadConfig({ PLAIN_RTP_TRANSPORTS: 'off' }).mediasoup.plainRtpTransports).toBe(false);
  });

  it('selects PostgreSQL from a postgres URL and SQLite from sqlite:PATH', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/x' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/x',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/diemcau/db.sqlite' }).database).toEqual({
      kind: 'sqlite',
      file: '/var/lib/diemcau/db.sqlite',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'must be an integer 0-65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT', 'must be an integer'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'must be postgres://'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL', 'must use redis: or rediss:'],
    [{ MEDIASOUP_WORKERS: '0' }, 'MEDIASOUP_WORKERS', 'must be an integer 1-64'],
    [{ MEDIASOUP_CONSUMERS_PER_ROUTER: '0' }, 'MEDIASOUP_CONSUMERS_PER_ROUTER', 'must be an integer'],
    [{ RTC_ANNOUNCED_IP: 'my host' }, 'RTC_ANNOUNCED_IP', 'must be an IP address'],
    [{ WEBRTC_SERVER_PORT: '40100', MEDIASOUP_WORKERS: '2' }, 'WEBRTC_SERVER_PORT', 'overlap'],
    [{ RTC_MIN_PORT: '40100', RTC_MAX_PORT: '40105' }, 'RTC_MAX_PORT', 'at least 10 ports'],
    [{ TRUST_PROXY: 'my proxy' }, 'TRUST_PROXY', 'must be false, true, a hop count or proxy addresses'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY', 'at least 32 characters'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN', 'at least 32 characters'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA', 'must be true or false'],
    [{ RECONNECT_GRACE_SECONDS: '-1' }, 'RECONNECT_GRACE_SECONDS', 'must be an integer 0-600'],
    [{ PLAIN_RTP_TRANSPORTS: 'true' }, 'PLAIN_RTP_TRANSPORTS', 'must be one of off, on (got "true")'],
    [{ REQUIRE_2FA: 'hosts' }, 'REQUIRE_2FA', 'must be one of admins, all, off (got "hosts")'],
  ])('names the variable at fault: %j', (env, variable, reason) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(reason);
    expect(error.code).toBe('INVALID_CONFIG');
  });

  it('reads METRICS_TOKEN, unset by default', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(40) }).metricsToken).toBe('a'.repeat(40));
  });

  it('requires a second factor of admins unless told otherwise', () => {
    expect(loadConfig({}).requireTwoFactor).toBe('admins');
    expect(loadConfig({ REQUIRE_2FA: 'all' }).requireTwoFactor).toBe('all');
    expect(loadConfig({ REQUIRE_2FA: 'off' }).requireTwoFactor).toBe('off');
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('announces the first external IPv4 address, else loopback', () => {
    const lo = { address: '127.0.0.1', family: 'IPv4', internal: true } as const;
    const eth = { address: '192.168.1.20', family: 'IPv4', internal: false } as const;
    expect(defaultAnnouncedIp({ lo: [lo as never], eth0: [eth as never] })).toBe('192.168.1.20');
    expect(defaultAnnouncedIp({ lo: [lo as never] })).toBe('127.0.0.1');
  });

  describe('TLS', () => {
    it('stays plain for localhost, a proxy, or an https PUBLIC_URL without a certificate', () => {
      expect(loadConfig({}).tls).toEqual({ mode: 'off' });
      expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
      expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3000' }).tls.mode).toBe('off');
      expect(loadConfig({ PUBLIC_URL: 'http://192.168.1.10:3000', TRUST_PROXY: '1' }).tls.mode).toBe('off');
      expect(loadConfig({ PUBLIC_URL: 'https://hop.example', TRUST_PROXY: 'true' }).publicUrl).toBe(
        'https://hop.example',
      );
      expect(loadConfig({ PUBLIC_URL: 'https://diemcau.example' }).tls.mode).toBe('off');
      expect(loadConfig({ PUBLIC_URL: 'http://192.168.1.10:3000', TLS: 'off' }).tls.mode).toBe('off');
    });

    it('turns on for plain http to another machine, on PORT, with a made certificate in DATA_DIR', () => {
      const config = loadConfig({ PUBLIC_URL: 'http://192.168.1.10', PORT: '8443', DATA_DIR: '/srv/d' });
      expect(config.tls).toEqual({ mode: 'made', dir: '/srv/d/tls', httpPort: undefined });
      expect(config.publicUrl).toBe('https://192.168.1.10:8443');
      expect(loadConfig({ PUBLIC_URL: 'http://hall.lan:3000/' }).publicUrl).toBe('https://hall.lan:3000');
      // Even with TRUST_PROXY=false spelled out.
      expect(loadConfig({ PUBLIC_URL: 'http://10.1.2.3:3000', TRUST_PROXY: 'false' }).tls.mode).toBe('made');
      expect(loadConfig({ TLS: 'on', HTTP_PORT: '80' }).tls).toMatchObject({ mode: 'made', httpPort: 80 });
      expect(loadConfig({ TLS: 'on' }).publicUrl).toBe('https://localhost:3000');
    });

    it('uses the certificate and key it is given', () => {
      const config = loadConfig({
        PUBLIC_URL: 'https://diemcau.example',
        TLS_CERT: '/etc/ssl/d.crt',
        TLS_KEY: '/etc/ssl/d.key',
      });
      expect(config.tls).toEqual({
        mode: 'given',
        certFile: '/etc/ssl/d.crt',
        keyFile: '/etc/ssl/d.key',
        httpPort: undefined,
      });
      expect(config.publicUrl).toBe('https://diemcau.example');
    });

    it.each([
      [{ TLS: 'yes' }, 'TLS', 'must be one of auto, on, off'],
      [{ TLS_CERT: '/a.crt' }, 'TLS_KEY', 'must be set with TLS_CERT'],
      [{ TLS_KEY: '/a.key' }, 'TLS_CERT', 'must be set with TLS_KEY'],
      [{ TLS: 'off', TLS_CERT: '/a', TLS_KEY: '/b' }, 'TLS_CERT', 'is set but TLS=off'],
      [{ HTTP_PORT: '80' }, 'HTTP_PORT', 'needs TLS on'],
      [{ TLS: 'on', HTTP_PORT: '3000' }, 'HTTP_PORT', 'must differ from PORT'],
      [{ TLS: 'on', HTTP_PORT: 'x' }, 'HTTP_PORT', 'must be an integer 1-65535'],
    ])('names the TLS variable at fault: %j', (env, variable, reason) => {
      const error = errorOf(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(reason);
    });
  });
});
