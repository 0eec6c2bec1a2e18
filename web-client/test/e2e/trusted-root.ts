// A throw-away HOME whose NSS database (what Chromium on Linux trusts) holds a root certificate.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** certutil comes with libnss3-tools (a test package, see scripts/lib/system-packages.mjs). */
export async function homeTrusting(rootPem: string): Promise<{ home: string; remove(): void }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-nss-home-'));
  const db = `sql:${path.join(home, '.pki/nssdb')}`;
  const root = path.join(home, 'root-ca.crt');
  fs.mkdirSync(path.join(home, '.pki/nssdb'), { recursive: true });
  fs.writeFileSync(root, rootPem);
  await run('certutil', ['-d', db, '-N', '--empty-password']);
  // C: a trusted CA for TLS servers, as an installed root is.
  await run('certutil', ['-d', db, '-A', '-t', 'C,,', '-n', 'diemcau local CA', '-i', root]);
  return { home, remove: () => fs.rmSync(home, { recursive: true, force: true }) };
}
