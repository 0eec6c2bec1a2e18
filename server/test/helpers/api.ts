import crypto from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { REDIS_URL, freshPostgresUrl, freshSqliteFile } from './databases.js';
import { mediasoupTestEnv } from './ports.js';

export interface TestApi {
  app: App;
  /** `app.http.inject` with JSON in and out; `as` sends a Bearer token. */
  request(options: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * A full server (one mediasoup worker, real Redis) on a fresh database of the
 * given kind, without demo data, ready for HTTP tests through `inject`.
 */
export async function startTestApi(
  kind: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  /** BullMQ's default `bull` for media-worker processes, which use it; else a prefix of its own. */
  queuePrefix = `test-${crypto.randomBytes(4).toString('hex')}`,
): Promise<TestApi> {
  const database = kind === 'sqlite' ? `sqlite:${freshSqliteFile()}` : await freshPostgresUrl();
  const config = loadConfig({
    ...(await mediasoupTestEnv(1)),
    LOG_LEVEL: 'silent',
    REDIS_URL,
    DATABASE_URL: database,
    DEMO_DATA: 'false',
    SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    PUBLIC_URL: 'https://diemcau.example',
    ...env,
  });
  const app = await createApp(config, { queuePrefix });
  await app.database.ready;
  return {
    app,
    request: ({ as, headers, ...options }) =>
      app.http.inject({
        ...options,
        headers: { ...headers, ...(as ? { authorization: `Bearer ${as}` } : {}) },
      }),
    close: () => app.http.close(),
  };
}
