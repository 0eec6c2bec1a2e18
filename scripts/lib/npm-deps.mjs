// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { exec } from './exec.mjs';
import { SetupError, log } from './log.mjs';
import { packageJsonFiles } from './repo.mjs';
import { fingerprint, stampMatches, writeStamp } from './stamp.mjs';

const STAMP = 'node_modules/.diemcau-install.json';

/**
 * Everything `npm ci` depends on. The Node ABI is included because native modules
 * (better-sqlite3, mediasoup's binding) are compiled for it.
 * @param {string} root
 * @param {string} workerBin
 */
export function depsFingerprint(root, workerBin) {
  const files = ['package-lock.json', ...packageJsonFiles(root)];
  return fingerprint([
    ...files.flatMap((f) => [f, fs.readFileSync(path.join(root, f))]),
    workerBin,
    `node-abi-${process.versions.modules}`,
  ]);
}

/**
 * `npm ci` unless node_modules was installed from exactly these inputs. MEDIASOUP_WORKER_BIN
 * makes mediasoup's postinstall skip its own download/build.
 * @param {string} root
 * @param {string} workerBin
 * @param {NodeJS.ProcessEnv} env
 */
export async function ensureDeps(root, workerBin, env) {
  const stamp = path.join(root, STAMP);
  const expected = depsFingerprint(root, workerBin);
  if (stampMatches(stamp, expected)) {
    log('deps: up to date');
    return;
  }
  log('deps: npm ci');
  const { status } = await exec('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    env: { ...env, MEDIASOUP_WORKER_BIN: workerBin },
  });
  if (status !== 0) throw new SetupError(`npm ci failed (exit ${status})`);
  writeStamp(stamp, { fingerprint: expected, workerBin });
}
