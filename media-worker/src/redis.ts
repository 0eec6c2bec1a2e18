// The media-worker's Redis connection: created for BullMQ, its URL
// redacted for logs, its state changes logged once and checked for readiness.
import type { DependencyCheck } from '@diemcau/protocol';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withTimeout } from './timeout.js';

export function createRedis(url: string): Redis {
  return new Redis(url, {
    // BullMQ requires this: its blocking commands must wait through reconnects instead of failing.
    maxRetriesPerRequest: null,
    // Retry forever, at most every 2 s, so the worker recovers soon after Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/**
 * Logs a Redis connection's state changes, one line each, rather than every
 * failed reconnect attempt, and answers readiness checks.
 */
export class RedisMonitor {
  private state: 'starting' | 'up' | 'down' = 'starting';
  private downSince = 0;
  private lastError: string | undefined;

  constructor(
    private readonly client: Redis,
    url: string,
    log: Logger,
  ) {
    const redis = redactUrl(url);
    client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    client.on('ready', () => {
      if (this.state === 'starting') log.info({ redis }, 'redis connected');
      if (this.state === 'down') {
        log.info(
          { redis, downSeconds: Math.round((Date.now() - this.downSince) / 1000) },
          'redis connection restored',
        );
      }
      this.state = 'up';
      this.lastError = undefined;
    });
    // 'reconnecting' rather than 'close': a deliberate quit() closes without reconnecting.
    client.on('reconnecting', () => {
      if (this.state === 'up') log.warn({ redis }, 'redis connection lost; reconnecting');
      if (this.state === 'starting') {
        log.warn({ redis, error: this.lastError }, 'redis unreachable; retrying in the background');
      }
      if (this.state !== 'down') this.downSince = Date.now();
      this.state = 'down';
    });
  }

  /** Ok when the connection is up and answers PING within `timeoutMs`. */
  async check(timeoutMs = 1000): Promise<DependencyCheck> {
    if (this.client.status !== 'ready') {
      const reason = this.lastError === undefined ? '' : `: ${this.lastError}`;
      return { ok: false, detail: `not connected (${this.client.status})${reason}` };
    }
    const started = Date.now();
    return withTimeout(
      this.client.ping().then(
        (): DependencyCheck => ({ ok: true, detail: `PING answered in ${Date.now() - started} ms` }),
        (error: Error): DependencyCheck => ({ ok: false, detail: `PING failed: ${error.message}` }),
      ),
      timeoutMs,
      () => ({ ok: false, detail: `PING unanswered after ${timeoutMs} ms` }),
    );
  }
}
