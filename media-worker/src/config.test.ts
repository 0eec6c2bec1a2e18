// Tests of the media-worker configuration: defaults, each variable's
// bounds, and the one-line error a bad value gives.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@diemcau/protocol';
import { loadConfig } from './config.js';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      ffmpegPath: undefined,
      host: '127.0.0.1',
      port: 3001,
      concurrency: { live: 1, record: 150 },
      rtpHost: '127.0.0.1',
      lockMs: 30_000,
      minFreeDiskMb: 1024,
      logLevel: 'info',
    });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(path.basename(config.dataDir)).toBe('data');
    expect(config.recordingsDir).toBe(path.join(config.dataDir, 'recordings'));
    expect(config.hlsDir).toBe(path.join(config.dataDir, 'hls'));
  });

  it('reads every variable and treats empty values as unset', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://:secret@redis.example:6380/2',
      FFMPEG_PATH: '/opt/ffmpeg/bin/ffmpeg',
      MEDIA_WORKER_HOST: '0.0.0.0',
      MEDIA_WORKER_PORT: '0',
      MEDIA_WORKER_CONCURRENCY: ' 4 ',
      MEDIA_WORKER_RECORD_CONCURRENCY: '300',
      DATA_DIR: '/var/lib/diemcau',
      MEDIA_WORKER_RTP_HOST: '10.0.0.7',
      MEDIA_WORKER_LOCK_MS: '5000',
      MIN_FREE_DISK_MB: '0',
      LOG_LEVEL: '',
    });
    expect(config).toEqual({
      redisUrl: 'rediss://:secret@redis.example:6380/2',
      ffmpegPath: '/opt/ffmpeg/bin/ffmpeg',
      host: '0.0.0.0',
      port: 0,
      concurrency: { live: 4, record: 300 },
      dataDir: '/var/lib/diemcau',
      recordingsDir: '/var/lib/diemcau/recordings',
      hlsDir: '/var/lib/diemcau/hls',
      rtpHost: '10.0.0.7',
      lockMs: 5000,
      minFreeDiskMb: 0,
      logLevel: 'info',
    });
  });

  it('reads METRICS_TOKEN, unset by default, and refuses a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'b'.repeat(40) }).metricsToken).toBe('b'.repeat(40));
    expect(errorOf({ METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
  });

  it.each([
    ['MEDIA_WORKER_PORT', 'abc', 'MEDIA_WORKER_PORT must be an integer 0-65535 (got "abc")'],
    ['MEDIA_WORKER_PORT', '70000', 'MEDIA_WORKER_PORT must be an integer 0-65535 (got "70000")'],
    ['MEDIA_WORKER_CONCURRENCY', '0', 'MEDIA_WORKER_CONCURRENCY must be an integer 1-64 (got "0")'],
    ['MEDIA_WORKER_CONCURRENCY', '1.5', 'MEDIA_WORKER_CONCURRENCY must be an integer 1-64 (got "1.5")'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL must use redis: or rediss: (got "localhost:6379")'],
    ['REDIS_URL', 'not a url', 'REDIS_URL must be a URL (got "not a url")'],
    [
      'LOG_LEVEL',
      'verbose',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ],
    ['MEDIA_WORKER_LOCK_MS', '999', 'MEDIA_WORKER_LOCK_MS must be an integer 1000-600000 (got "999")'],
    ['MIN_FREE_DISK_MB', '1 GB', 'MIN_FREE_DISK_MB must be an integer 0-100000000 (got "1 GB")'],
    [
      'MEDIA_WORKER_RTP_HOST',
      '1.2.3.4 x',
      'MEDIA_WORKER_RTP_HOST must be a host name or IP address (got "1.2.3.4 x")',
    ],
    ['MEDIA_WORKER_HOST', 'http://x', 'MEDIA_WORKER_HOST must be a host name or IP address (got "http://x")'],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    const error = errorOf({ [variable]: value });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.variable).toBe(variable);
    expect(error.message).toBe(message);
  });
});
