// @ts-check
import path from 'node:path';
import { SetupError, log } from './log.mjs';
import { readJson } from './repo.mjs';

/**
 * True when `version` (e.g. "v20.20.2") is at least the `>=X.Y[.Z]` floor.
 * @param {string} version
 * @param {string} range
 */
export function satisfiesMinimum(version, range) {
  const want = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!want) throw new Error(`unsupported engines.node range: ${range}`);
  const have = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const w = Number(want[i + 1] ?? 0);
    if (h !== w) return h > w;
  }
  return true;
}

/**
 * The floor lives in package.json "engines" only, so it cannot drift from what npm itself checks.
 * @param {string} root
 */
export function checkNodeVersion(root) {
  const range = readJson(path.join(root, 'package.json')).engines.node;
  if (!satisfiesMinimum(process.version, range)) {
    throw new SetupError(`Node.js ${range} is required, this is ${process.version}; install a newer Node.js`);
  }
  log(`node: ${process.version} ok`);
}
