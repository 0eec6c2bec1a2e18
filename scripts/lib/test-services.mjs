// @ts-check
// Redis and PostgreSQL for the test run: the ones configured or already on the standard local
// ports, otherwise private throwaway instances stopped when the run ends.
import { log } from './log.mjs';
import { postgresAccepts, startPostgres } from './postgres.mjs';
import { findOrStartRedis, redactUrl } from './redis.mjs';

const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** @param {NodeJS.ProcessEnv} env */
export async function startTestServices(env) {
  /** @type {Array<() => Promise<void>>} */
  const stops = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    const redis = await findOrStartRedis(env, 'test services');
    stops.push(redis.stop);
    const redisUrl = redis.url;

    let postgresUrl = env.TEST_POSTGRES_URL;
    if (postgresUrl) log(`test services: postgres ${redactUrl(postgresUrl)} (TEST_POSTGRES_URL)`);
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
