// An unexpected failure that carries what must never reach a client (a path, a driver's message,
// stack frames naming files), and the check that an answer carries none of it.
import { expect } from 'vitest';

export const CANARY_PATH = '/srv/diemcau-canary/data/leak-canary.sqlite';

/** A fresh error as a failing driver or file system would throw it, with a stack of file names. */
export function canaryError(): Error {
  const error = new Error(`SQLITE_IOERR: disk I/O error, open '${CANARY_PATH}'`);
  error.stack = [
    `Error: ${error.message}`,
    '    at Statement.run (/srv/diemcau-canary/node_modules/better-sqlite3/lib/leak-canary.js:42:7)',
    '    at AccountService.list (/srv/diemcau-canary/server/src/accounts/leak-canary.ts:12:34)',
  ].join('\n');
  return error;
}

const LEAKS = [
  /leak-canary/,
  /diemcau-canary/,
  /SQLITE_IOERR/,
  /node_modules/,
  /\bat [^\n]*:\d+:\d+/,
  /\.(ts|js|mjs):\d+/,
];

/** Fails when `text` carries the canary's path, message or stack, or one of `paths` (the real DATA_DIR, …). */
export function expectNoLeak(what: string, text: string, paths: readonly string[] = []): void {
  for (const leak of LEAKS) expect(text, `${what} answers ${text}`).not.toMatch(leak);
  for (const p of paths) expect(text, `${what} answers ${text}`).not.toContain(p);
}
