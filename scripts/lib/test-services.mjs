// @ts-check
// Redis and PostgreSQL for the test run: the ones configured or already on the standard local
// ports, otherwise private throwaway instances stopped when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log } from './log.mjs';
import { postgresAccepts, startPostgres } from './postgres.mjs';
import { redisPing, startRedis } from './redis.mjs';

const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** @param {string} url */
function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/** @param {NodeJS.ProcessEnv} env */
export async function startTestServices(env) {
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    let redisUrl = env.REDIS_URL;
    if (redisUrl) log(`test services: redis ${redact(redisUrl)} (REDIS_URL)`);
    else if (await redisPing(6379)) {
      redisUrl = LOCAL_REDIS_URL;
      log(`test services: redis ${redisUrl} (already running)`);
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-redis-'));
      const redis = await startRedis({ dir, persist: false });
      stops.push(async () => {
        await redis.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      redisUrl = redis.url;
      log(`test services: redis ${redisUrl} (private redis-server)`);
    }

    let postgresUrl = env.TEST_POSTGRES_URL;
    if (postgresUrl) log(`test services: postgres ${redact(postgresUrl)} (TEST_POSTGRES_URL)`);
    else if (await postgresAccepts(LOCAL_POSTGRES_URL)) {
      postgresUrl = LOCAL_POSTGRES_URL;
      log(`test services: postgres ${postgresUrl} (already running)`);
    } else {
      const pg = await startPostgres();
      stops.push(pg.stop);
      postgresUrl = pg.url;
      log(`test services: postgres ${postgresUrl} (private cluster)`);
    }
    return { env: { REDIS_URL: redisUrl, TEST_POSTGRES_URL: postgresUrl }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
