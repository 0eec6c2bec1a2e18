import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { fingerprint, readStamp, writeStamp } from '../../../scripts/lib/stamp.mjs';
import { REPO_ROOT, WEB_CLIENT_DIR, WEB_CLIENT_DIST } from './paths.js';

/*
 * The e2e tests run the real server against the built web client. Build it (with Vite's API) when
 * dist/ is missing or any input changed since the last build made here; a no-op otherwise.
 */

const STAMP = path.join(REPO_ROOT, '.diemcau/e2e-web-client-stamp.json');
const SKIP = new Set(['dist', 'node_modules', 'test']);

function inputs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : inputs(file);
    return entry.isFile() ? [file] : [];
  });
}

function currentFingerprint(): string {
  // The protocol package reaches the bundle through its dist/.
  const files = [...inputs(WEB_CLIENT_DIR), ...inputs(path.join(REPO_ROOT, 'protocol/dist'))].sort();
  return fingerprint(
    files.flatMap((file) => {
      const stat = fs.statSync(file);
      return [path.relative(REPO_ROOT, file), `${stat.size}:${stat.mtimeMs}`];
    }),
  );
}

export default async function setup(): Promise<void> {
  const expected = currentFingerprint();
  const built = fs.existsSync(path.join(WEB_CLIENT_DIST, 'watch.html'));
  if (built && readStamp(STAMP)?.fingerprint === expected) return;
  await build({ root: WEB_CLIENT_DIR, logLevel: 'warn' });
  writeStamp(STAMP, { fingerprint: expected });
}
