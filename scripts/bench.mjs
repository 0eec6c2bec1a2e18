// @ts-check
// `npm run bench -- <scenario> [options]`: the npm start set-up (plus the packages the benchmarks
// drive: ffmpeg, nginx-rtmp, chromium), a Redis, then the benchmark runner (scripts/bench/main.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { exitStatus } from './lib/exec.mjs';
import { SetupError, runMain } from './lib/log.mjs';
import { findOrStartRedis } from './lib/redis.mjs';
import { ROOT } from './lib/repo.mjs';
import { setup } from './lib/setup.mjs';
import { BENCH_PACKAGES } from './lib/system-packages.mjs';

runMain(async () => {
  const args = process.argv.slice(2);
  await setup(ROOT, process.env, () => BENCH_PACKAGES);
  const redis = await findOrStartRedis(process.env, 'bench');
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/bench/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, REDIS_URL: redis.url }, stdio: 'inherit' },
    );
    // The runner stops its own processes on a signal; this waits for it, then stops Redis.
    for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM']))
      process.on(signal, () => child.kill(signal));
    const status = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(exitStatus(code, signal)));
    });
    if (status !== 0) throw new SetupError(`benchmark failed (exit ${status})`);
  } finally {
    await redis.stop();
  }
});
