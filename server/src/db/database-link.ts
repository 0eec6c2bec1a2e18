import type { DependencyCheck } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseConfig } from '../config.js';
import { migrate, openDatabase, ping, type Db } from './database.js';

const RETRY_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Owns the database connection: opens it, runs migrations, and keeps retrying
 * while the database is unreachable so the server stays up (readyz 503) instead
 * of crash-looping.
 */
export class DatabaseLink {
  readonly db: Db;
  #migrated = false;
  #lastError = 'connecting';
  #closed = false;
  #retry: NodeJS.Timeout | undefined;
  readonly ready: Promise<void>;

  constructor(
    readonly config: DatabaseConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.db = openDatabase(config);
    this.ready = this.#connect(0);
  }

  get target(): string {
    return this.config.kind === 'sqlite'
      ? `sqlite ${this.config.file}`
      : `postgres ${redactUrl(this.config.url)}`;
  }

  async #connect(attempt: number): Promise<void> {
    while (!this.#closed) {
      try {
        const applied = await migrate(this.db, this.config.kind);
        this.#migrated = true;
        this.log.info({ database: this.target, applied }, 'database ready');
        return;
      } catch (error) {
        this.#lastError = error instanceof Error ? error.message : String(error);
        const wait = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)] ?? 10_000;
        this.log.error(`database ${this.target} unusable: ${this.#lastError} (retrying in ${wait} ms)`);
        await new Promise<void>((resolve) => (this.#retry = setTimeout(resolve, wait)));
      }
    }
  }

  async check(): Promise<DependencyCheck> {
    if (!this.#migrated) return { ok: false, detail: `${this.target}: ${this.#lastError}` };
    try {
      await ping(this.db);
      return { ok: true, detail: this.target };
    } catch (error) {
      return {
        ok: false,
        detail: `${this.target}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.db.destroy();
  }
}

/** Hides the password of a connection URL before it reaches a log or a response. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
