import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRootCa } from './local-ca.js';
import { loadTlsMaterial, madeMaterial } from './tls-material.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-tls-material-'));
  dirs.push(dir);
  return path.join(dir, 'tls');
};
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('madeMaterial', () => {
  it('replaces an expired root with a warning that the halls must install the new one', () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    const old = makeRootCa('old root', new Date('2000-01-01T00:00:00Z'));
    fs.writeFileSync(path.join(dir, 'ca.crt'), old.cert);
    fs.writeFileSync(path.join(dir, 'ca.key'), old.key);
    const warnings: string[] = [];
    const made = madeMaterial(dir, 'localhost', (w) => warnings.push(w), new Date(), ['localhost']);
    expect(made.rootCa).not.toBe(old.cert);
    expect(warnings).toEqual([expect.stringMatching(/ca\.crt expired on .*halls must install it again$/)]);
  });

  it('says which DATA_DIR it cannot keep the certificate in', () => {
    // DATA_DIR is a file, not a folder.
    const file = path.join(path.dirname(tempDir()), 'data');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    const dir = path.join(file, 'tls');
    expect(() => loadTlsMaterial({ mode: 'made', dir, httpPort: undefined }, 'localhost', () => {})).toThrow(
      `DATA_DIR cannot keep the made TLS certificate in ${dir} (ENOTDIR)`,
    );
  });
});
