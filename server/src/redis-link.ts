import type { DependencyCheck } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { redactUrl } from './db/database-link.js';

const PING_TIMEOUT_MS = 1_000;

/**
 * One ioredis connection shared by the job queues and the readiness check.
 * ioredis reconnects by itself; we log only the transitions, not every retry.
 */
export class RedisLink {
  readonly client: Redis;
  readonly #target: string;
  #lastError = 'connecting';
  #up = false;

  constructor(url: string, log: FastifyBaseLogger) {
    this.#target = redactUrl(url);
    // BullMQ requires maxRetriesPerRequest: null: commands wait for the reconnect.
    this.client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.client.on('ready', () => {
      if (!this.#up) log.info({ redis: this.#target }, 'redis connected');
      this.#up = true;
    });
    this.client.on('error', (error: Error) => {
      const message = error.message || error.name;
      if (this.#up || message !== this.#lastError) log.error(`redis ${this.#target} unreachable: ${message}`);
      this.#up = false;
      this.#lastError = message;
    });
  }

  async check(): Promise<DependencyCheck> {
    if (this.client.status !== 'ready') {
      return { ok: false, detail: `${this.#target}: ${this.#lastError} (${this.client.status})` };
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no PING reply in ${PING_TIMEOUT_MS} ms`)),
          PING_TIMEOUT_MS,
        );
      });
      await Promise.race([this.client.ping(), timeout]);
      return { ok: true, detail: this.#target };
    } catch (error) {
      return {
        ok: false,
        detail: `${this.#target}: ${error instanceof Error ? error.message : String(error)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
