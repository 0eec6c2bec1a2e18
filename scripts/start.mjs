// @ts-check
// `npm start`: set up whatever is missing (skipping what is up to date), then run and supervise
// the server, the media-worker and, unless REDIS_URL is given, a private Redis.
// Only node: builtins, since it runs before `npm ci` on a fresh clone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseStartArgs } from './lib/args.mjs';
import { SetupError, log, runMain } from './lib/log.mjs';
import { defaultPublicUrl, hallInstructions, lanAddress, localGet, servedUrl } from './lib/halls.mjs';
import { waitFor } from './lib/net.mjs';
import { spawnRedis, startRedis } from './lib/redis.mjs';
import { ROOT } from './lib/repo.mjs';
import { setup } from './lib/setup.mjs';
import {
  describeExit,
  hasExited,
  keepAlive,
  killNow,
  reapGroupOnExit,
  terminate,
} from './lib/supervisor.mjs';
import { launcherPackages } from './lib/system-packages.mjs';

const USAGE = `Usage: npm start [-- --setup-only]

Sets up diemcau on this machine (mediasoup-worker, npm dependencies, system packages,
build), skipping steps that are up to date, then runs the server and the media-worker.

  --setup-only   do the set-up only, do not run
  --help         this text

Launcher variables (the server and media-worker read more; see the README):
  PORT                  3000      HTTP port; /readyz is polled there
  HOST                  0.0.0.0   server listen address
  PUBLIC_URL            -         address printed when ready; unset: this machine's LAN address
                                  (RTC_ANNOUNCED_IP, else the first non-internal IPv4), which
                                  the server serves over https with a certificate it makes
                                  (unless TLS=off or TRUST_PROXY), else http://localhost:PORT/
  TLS                   auto      on, off, or auto (https unless localhost or behind a proxy)
  DATA_DIR              ./data    data directory, relative to the repo root; created. The
                                  private Redis keeps its append-only file in DATA_DIR/redis
  REDIS_URL             -         use this Redis; unset: run redis-server on a free local port
  FFMPEG_PATH           -         ffmpeg for the media-worker; unset: ffmpeg-static, else the
                                  system ffmpeg (installed with apt-get when missing)
  MEDIASOUP_WORKER_BIN  -         use this mediasoup-worker; unset: cached, prebuilt or built
  DIEMCAU_CACHE_DIR     \${XDG_CACHE_HOME:-~/.cache}/diemcau   mediasoup-worker cache
  MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL   mirror of the GitHub releases for the prebuilt
  JOBS                  nproc     parallel jobs when building mediasoup-worker from source`;

const READY_TIMEOUT_MS = 60_000;

/** @param {string | undefined} host */
function isWildcard(host) {
  return !host || host === '0.0.0.0' || host === '::';
}

/**
 * Polls /readyz (over https once the server turned TLS on) until 200; after 60 s says what is
 * not ready, then keeps waiting quietly. Then prints the address, and what the halls need.
 * @param {NodeJS.ProcessEnv} env what the server was started with
 * @param {() => boolean} stopping
 */
async function announceReady(env, stopping) {
  const port = env.PORT || '3000';
  const host = isWildcard(env.HOST) ? '127.0.0.1' : /** @type {string} */ (env.HOST);
  const readyz = `${host}:${port}/readyz`;
  let body = 'no answer';
  let tls = false;
  const ready = async () => {
    if (stopping()) return true;
    try {
      // With the operator's token the body names what is not ready; without it, only the status.
      const auth = env.METRICS_TOKEN ? { authorization: `Bearer ${env.METRICS_TOKEN.trim()}` } : {};
      const res = await localGet(host, port, '/readyz', auth);
      body = res.body;
      tls = res.tls;
      return res.status === 200;
    } catch {
      return false;
    }
  };
  if (!(await waitFor(ready, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500 }))) {
    const hint = env.METRICS_TOKEN
      ? ''
      : ' (with METRICS_TOKEN set it names the check; the log above does too)';
    log(`not ready after ${READY_TIMEOUT_MS / 1000} s; ${readyz} says: ${body}${hint}`);
    await waitFor(ready, { timeoutMs: Infinity, intervalMs: 2000 });
  }
  if (stopping()) return;
  const url = servedUrl(
    env.PUBLIC_URL || `http://${isWildcard(env.HOST) ? 'localhost' : env.HOST}:${port}/`,
    tls,
    port,
  );
  log(`diemcau is ready: open ${url}`);
  if (!tls) return;
  const status = await localGet(host, port, '/api/tls').catch(() => null);
  if (status?.status !== 200) return;
  for (const line of hallInstructions(url, JSON.parse(status.body))) log(line);
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} dataDir
 */
async function run(env, dataDir) {
  for (const entry of ['server/dist/main.js', 'media-worker/dist/main.js']) {
    if (!fs.existsSync(path.join(ROOT, entry))) throw new SetupError(`${entry} is missing after the build`);
  }
  const redisDir = path.join(dataDir, 'redis');
  const redis = env.REDIS_URL ? null : await startRedis({ dir: redisDir, persist: true });
  const redisUrl = redis?.url ?? /** @type {string} */ (env.REDIS_URL);
  log(
    redis ? `redis: started redis-server at ${redisUrl} (data in ${redisDir})` : `redis: using ${redisUrl}`,
  );
  const redisKeeper =
    redis &&
    keepAlive(
      'redis-server',
      () => spawnRedis({ port: redis.port, dir: redisDir, persist: true }),
      redis.child,
    );

  const childEnv = { ...env, DATA_DIR: dataDir, REDIS_URL: redisUrl, ...defaultPublicUrl(env, lanAddress()) };
  // Own process groups: a terminal Ctrl-C reaches only this launcher, which stops them in order.
  /** @param {string} entry */
  const node = (entry) =>
    spawn(process.execPath, [path.join(ROOT, entry)], {
      cwd: ROOT,
      env: childEnv,
      stdio: 'inherit',
      detached: true,
    });
  const server = node('server/dist/main.js');
  // Not restarted, but a crash must not leave its mediasoup-workers behind either.
  reapGroupOnExit(server);
  const mediaWorker = keepAlive('media-worker', () => node('media-worker/dist/main.js'));

  let stopping = false;
  /** @param {number} code */
  const shutdown = async (code) => {
    stopping = true;
    await Promise.all([terminate(server), mediaWorker.stop()]);
    // Last, so the server and media-worker can still write to it while stopping.
    await redisKeeper?.stop();
    process.exit(code);
  };
  server.on('exit', (code, signal) => {
    if (stopping) return;
    log(`server exited (${describeExit(code, signal)}); stopping`);
    void shutdown(code ?? 1);
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      // npm forwards the terminal's SIGINT too; children get SIGKILL after 15 s anyway.
      if (stopping) return;
      log(`${signal}: stopping`);
      void shutdown(0);
    });
  }
  // If the launcher itself crashes, take the children with it rather than orphaning them.
  process.on('exit', () => {
    for (const child of [server, mediaWorker.child, redisKeeper?.child]) {
      if (child && !hasExited(child)) killNow(child);
    }
  });
  await announceReady(childEnv, () => stopping);
}

runMain(async () => {
  const options = parseStartArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  await setup(ROOT, env, () => launcherPackages(env, ROOT));
  const dataDir = path.resolve(ROOT, env.DATA_DIR || 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  log(`data: ${dataDir}`);
  if (options.setupOnly) {
    log('set-up complete (--setup-only); npm start runs diemcau');
    return;
  }
  await run(env, dataDir);
});
