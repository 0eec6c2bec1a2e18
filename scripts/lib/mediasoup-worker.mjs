// @ts-check
// Finds or makes a mediasoup-worker binary that runs on this host, cached outside the repo so
// fresh clones and `rm -rf node_modules` do not pay the download or the ~4 min build again.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec } from './exec.mjs';
import { SetupError, log } from './log.mjs';
import { readJson } from './repo.mjs';

const RELEASES = 'https://github.com/versatica/mediasoup/releases/download';
const CONNECT_TIMEOUT_MS = 15_000;
const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * The exact mediasoup version the server depends on (read from its package.json, since
 * node_modules may not exist yet).
 * @param {string} root
 * @returns {string}
 */
export function mediasoupVersion(root) {
  const version = readJson(path.join(root, 'server/package.json')).dependencies?.mediasoup;
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
    throw new SetupError(`server/package.json must pin mediasoup to an exact version, found "${version}"`);
  }
  return version;
}

/**
 * @param {NodeJS.ProcessEnv} env
 */
export function cacheDir(env) {
  return (
    env.DIEMCAU_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'diemcau')
  );
}

/**
 * `<version>-<12 hex>`: any change to the build recipe gives a new key, hence a rebuild.
 * Same as `cat $(ls -d scripts/mediasoup/* | LC_ALL=C sort) | sha256sum | cut -c1-12`.
 * @param {string} version
 * @param {string} recipeDir
 */
export function buildKey(version, recipeDir) {
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(recipeDir).sort()) {
    const file = path.join(recipeDir, name);
    if (fs.statSync(file).isFile()) hash.update(fs.readFileSync(file));
  }
  return `${version}-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Mirrors getWorkerPrebuildTarName() in mediasoup's npm-scripts.mjs: linux names carry the
 * kernel major version because >= 6 builds use io_uring.
 * @param {string} version
 * @param {{ platform: string, arch: string, release: string }} host
 */
export function prebuiltTarName(version, { platform, arch, release }) {
  const kernel = platform === 'linux' ? `-kernel${Number(release.split('.')[0])}` : '';
  return `mediasoup-worker-${version}-${platform}-${arch}${kernel}.tgz`;
}

/**
 * MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL is mediasoup's own mirror setting; honouring it
 * keeps one knob for hosts that cannot reach GitHub.
 * @param {string} version
 * @param {NodeJS.ProcessEnv} env
 */
export function prebuiltUrl(version, env) {
  const base = env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL || RELEASES;
  const host = { platform: os.platform(), arch: os.arch(), release: os.release() };
  return `${base}/${version}/${prebuiltTarName(version, host)}`;
}

/**
 * mediasoup's own check: started without its env, a working worker exits with status 41.
 * @param {string} bin
 */
export function isValidWorker(bin) {
  if (!fs.existsSync(bin)) return false;
  return spawnSync(bin, [], { env: {}, stdio: 'ignore', timeout: 10_000 }).status === 41;
}

/**
 * Downloads and unpacks the prebuilt worker into `dir`; throws with the reason when it cannot.
 * @param {string} url
 * @param {string} dir
 */
export async function fetchPrebuilt(url, dir) {
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(), CONNECT_TIMEOUT_MS);
  const partial = `${dir}.partial`;
  try {
    const res = await fetch(url, { signal: abort.signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), DOWNLOAD_TIMEOUT_MS);
    const tgz = Buffer.from(await res.arrayBuffer());
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    fs.writeFileSync(path.join(partial, 'worker.tgz'), tgz);
    const tar = await exec('tar', ['xzf', 'worker.tgz'], { cwd: partial, quiet: true });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.output.trim()}`);
    fs.rmSync(path.join(partial, 'worker.tgz'));
    if (!isValidWorker(path.join(partial, 'mediasoup-worker'))) {
      throw new Error('it does not run on this host');
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * @param {unknown} err
 */
function reason(err) {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'AbortError') return 'timed out';
  const cause = /** @type {{ message?: string } | undefined} */ (err.cause);
  return cause?.message ?? err.message;
}

/**
 * MEDIASOUP_WORKER_BIN, else the cached build for this recipe, else the cached prebuilt, else a
 * fresh prebuilt download, else a local build. Returns the absolute path of a valid binary.
 * @param {string} root
 * @param {NodeJS.ProcessEnv} env
 */
export async function ensureWorker(root, env) {
  if (env.MEDIASOUP_WORKER_BIN) {
    const bin = path.resolve(env.MEDIASOUP_WORKER_BIN);
    if (!isValidWorker(bin)) {
      throw new SetupError(`MEDIASOUP_WORKER_BIN=${bin} is not a working mediasoup-worker`);
    }
    log(`mediasoup-worker: using MEDIASOUP_WORKER_BIN=${bin}`);
    return bin;
  }
  const version = mediasoupVersion(root);
  const cache = path.join(cacheDir(env), 'mediasoup-worker');
  const built = path.join(cache, buildKey(version, path.join(root, 'scripts/mediasoup')), 'mediasoup-worker');
  const prebuiltDir = path.join(cache, `${version}-prebuilt`);
  const prebuilt = path.join(prebuiltDir, 'mediasoup-worker');
  for (const bin of [built, prebuilt]) {
    if (isValidWorker(bin)) {
      log(`mediasoup-worker: up to date (${bin})`);
      return bin;
    }
  }

  const url = prebuiltUrl(version, env);
  log(`mediasoup-worker: downloading prebuilt ${url}`);
  try {
    await fetchPrebuilt(url, prebuiltDir);
    log(`mediasoup-worker: installed prebuilt ${prebuilt}`);
    return prebuilt;
  } catch (err) {
    log(`mediasoup-worker: no usable prebuilt (${reason(err)}); building from source, about 4 minutes`);
  }

  const started = Date.now();
  const { status } = await exec('bash', [path.join(root, 'scripts/mediasoup/build-worker.sh'), built], {
    env: { ...env, MS_VERSION: version },
  });
  if (status === 2) {
    throw new SetupError('mediasoup-worker build needs the packages named above (apt-get line)');
  }
  if (status !== 0 || !isValidWorker(built)) {
    throw new SetupError(
      `mediasoup-worker build failed (exit ${status}); see the [mediasoup-build] lines above`,
    );
  }
  log(`mediasoup-worker: built ${built} in ${Math.round((Date.now() - started) / 1000)} s`);
  return built;
}

/**
 * Puts the binary where mediasoup looks by default, so the server, tests and benchmarks need no
 * MEDIASOUP_WORKER_BIN. Copies only when the content differs.
 * @param {string} root
 * @param {string} bin
 */
export function installWorkerIntoNodeModules(root, bin) {
  const target = path.join(root, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker');
  if (!fs.existsSync(path.join(root, 'node_modules/mediasoup/package.json'))) {
    throw new SetupError('node_modules/mediasoup is missing after npm ci');
  }
  if (fs.existsSync(target) && fs.readFileSync(target).equals(fs.readFileSync(bin))) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(bin, `${target}.tmp`);
  fs.chmodSync(`${target}.tmp`, 0o755);
  fs.renameSync(`${target}.tmp`, target);
  log(`mediasoup-worker: copied into ${path.relative(root, target)}`);
}
