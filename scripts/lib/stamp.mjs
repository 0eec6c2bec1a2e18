// @ts-check
// A stamp is a small JSON file recording the fingerprint of a step's inputs when the step last
// succeeded; the step is skipped while the fingerprint is unchanged.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * sha256 over the parts, each length-prefixed so that ("ab","c") and ("a","bc") differ.
 * @param {Array<string | Buffer>} parts
 */
export function fingerprint(parts) {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${Buffer.byteLength(part)}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/**
 * @param {string} file
 * @returns {Record<string, unknown> | null}
 */
export function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * @param {string} file
 * @param {Record<string, unknown>} data
 */
export function writeStamp(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * @param {string} file
 * @param {string} expected
 */
export function stampMatches(file, expected) {
  return readStamp(file)?.fingerprint === expected;
}
