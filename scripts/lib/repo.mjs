// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: every path the launcher uses is relative to it, whatever the cwd. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @param {string} file
 * @returns {any}
 */
export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Root package.json plus every workspace's, as paths relative to root.
 * @param {string} root
 */
export function packageJsonFiles(root) {
  /** @type {string[]} */
  const workspaces = readJson(path.join(root, 'package.json')).workspaces ?? [];
  return ['package.json', ...workspaces.map((ws) => `${ws}/package.json`)].filter((f) =>
    fs.existsSync(path.join(root, f)),
  );
}
