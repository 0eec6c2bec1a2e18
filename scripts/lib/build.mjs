// @ts-check
// Compiles the TypeScript workspaces (tsc -b) and the web client (Vite) when their inputs changed.
import fs from 'node:fs';
import path from 'node:path';
import { exec } from './exec.mjs';
import { SetupError, log } from './log.mjs';
import { packageJsonFiles, readJson } from './repo.mjs';
import { fingerprint, readStamp, writeStamp } from './stamp.mjs';

const STAMP = '.diemcau/build-stamp.json';
const TS_PROJECTS = ['protocol', 'server', 'media-worker'];
const SOURCE_DIRS = [...TS_PROJECTS.map((p) => `${p}/src`), 'web-client'];
const OUTPUT_DIRS = [...TS_PROJECTS, 'web-client'].map((p) => `${p}/dist`);
const SKIP_DIRS = new Set(['dist', 'node_modules']);

/**
 * @param {string} root
 * @param {string} rel
 * @returns {string[]}
 */
function walk(root, rel) {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : walk(root, child);
    // tsc writes .tsbuildinfo beside the sources; counting it would make every build stale.
    return entry.isFile() && !entry.name.endsWith('.tsbuildinfo') ? [child] : [];
  });
}

/**
 * Files whose change calls for a rebuild, relative to root and sorted.
 * @param {string} root
 */
export function buildInputs(root) {
  const workspaces = /** @type {string[]} */ (readJson(path.join(root, 'package.json')).workspaces ?? []);
  const tsconfigs = ['.', ...workspaces].flatMap((dir) =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir))
          .filter((name) => /^tsconfig.*\.json$/.test(name))
          .map((name) => path.posix.join(dir, name))
      : [],
  );
  const files = [...SOURCE_DIRS.flatMap((dir) => walk(root, dir)), ...tsconfigs, 'package-lock.json'];
  return [...new Set([...files, ...packageJsonFiles(root)])].sort();
}

/**
 * Paths, sizes and mtimes: cheap to compute, and any edit or checkout changes them.
 * @param {string} root
 */
export function buildFingerprint(root) {
  return fingerprint(
    buildInputs(root).flatMap((file) => {
      const stat = fs.statSync(path.join(root, file));
      return [file, `${stat.size}:${stat.mtimeMs}`];
    }),
  );
}

/**
 * The web client is built only once it has a build script and an entry for Vite.
 * @param {string} root
 */
export function webClientBuildable(root) {
  const pkg = path.join(root, 'web-client/package.json');
  if (!fs.existsSync(pkg) || !readJson(pkg).scripts?.build) return false;
  const entries = ['index.html', 'vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'];
  return entries.some((name) => fs.existsSync(path.join(root, 'web-client', name)));
}

/**
 * tsc -b trusts a project's .tsbuildinfo and does not notice that its dist/ was deleted.
 * @param {string} root
 */
export function tscOutputsLost(root) {
  return TS_PROJECTS.some(
    (p) =>
      fs.existsSync(path.join(root, p, 'tsconfig.tsbuildinfo')) && !fs.existsSync(path.join(root, p, 'dist')),
  );
}

/**
 * Skipped when the inputs match the stamp and the outputs it recorded still exist.
 * @param {string} root
 */
export async function ensureBuild(root) {
  const stampFile = path.join(root, STAMP);
  const expected = buildFingerprint(root);
  const stamp = readStamp(stampFile);
  const outputs = /** @type {string[] | undefined} */ (stamp?.outputs);
  const lost = tscOutputsLost(root);
  if (
    !lost &&
    stamp?.fingerprint === expected &&
    outputs?.every((dir) => fs.existsSync(path.join(root, dir)))
  ) {
    log('build: up to date');
    return;
  }
  const tscArgs = lost ? ['-b', '--force'] : ['-b'];
  log(`build: tsc ${tscArgs.join(' ')}`);
  const tscBin = path.join(root, 'node_modules/typescript/bin/tsc');
  const tsc = await exec(process.execPath, [tscBin, ...tscArgs], { cwd: root });
  if (tsc.status !== 0) throw new SetupError(`build failed: tsc ${tscArgs.join(' ')} (exit ${tsc.status})`);
  if (webClientBuildable(root)) {
    log('build: web-client (vite build)');
    const vite = await exec('npm', ['run', 'build', '-w', 'web-client'], { cwd: root });
    if (vite.status !== 0) {
      throw new SetupError(`build failed: npm run build -w web-client (exit ${vite.status})`);
    }
  } else {
    log('build: web-client has no build script or Vite entry yet; skipped');
  }
  writeStamp(stampFile, {
    fingerprint: expected,
    outputs: OUTPUT_DIRS.filter((dir) => fs.existsSync(path.join(root, dir))),
  });
}
