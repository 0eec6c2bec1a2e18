// The certificate and key the server speaks TLS with: the files it is given, checked, or its own local CA's.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@diemcau/protocol';
import type { TlsConfig } from '../config.js';
import { certificateProblem } from './certificate-check.js';
import { machineNames } from './machine-names.js';
import { makeRootCa, makeServerCertificate, type PemPair } from './local-ca.js';

export interface TlsMaterial extends PemPair {
  source: 'given' | 'made';
  /** The made root certificate (PEM), which halls install; null for a given certificate. */
  rootCa: string | null;
  /** What the server certificate covers, for the console and the logs. */
  names: string[];
}

/** A made server certificate is remade this long before it runs out. */
const RENEW_MARGIN_MS = 30 * 24 * 60 * 60 * 1000;

function readPem(variable: 'TLS_CERT' | 'TLS_KEY', file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(variable, `cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code})`);
  }
}

/** The given pair, or a ConfigError naming TLS_CERT or TLS_KEY and what is wrong. */
export function givenMaterial(
  certFile: string,
  keyFile: string,
  publicHost: string,
  now = new Date(),
): TlsMaterial {
  const cert = readPem('TLS_CERT', certFile);
  const key = readPem('TLS_KEY', keyFile);
  const problem = certificateProblem(cert, key, [publicHost], now);
  if (problem) {
    const [variable, file] = problem.part === 'cert' ? ['TLS_CERT', certFile] : ['TLS_KEY', keyFile];
    throw new ConfigError(variable, `${file} ${problem.reason}`);
  }
  return { source: 'given', cert, key, rootCa: null, names: [publicHost] };
}

function readPair(certFile: string, keyFile: string): PemPair | null {
  try {
    return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
  } catch {
    return null;
  }
}

function writePair(pair: PemPair, certFile: string, keyFile: string): void {
  // The key first and private from its first byte; the certificate is public.
  fs.writeFileSync(keyFile, pair.key, { mode: 0o600 });
  fs.chmodSync(keyFile, 0o600);
  fs.writeFileSync(certFile, pair.cert, { mode: 0o644 });
}

function signedBy(certPem: string, root: PemPair): boolean {
  try {
    const rootCert = new X509Certificate(root.cert);
    return new X509Certificate(certPem).verify(rootCert.publicKey);
  } catch {
    return false;
  }
}

/**
 * The local CA in `dir` (ca.crt, ca.key), made at first start, and a server certificate it
 * signed for PUBLIC_URL's host and this machine's names, remade whenever it no longer fits.
 */
export function madeMaterial(
  dir: string,
  publicHost: string,
  warn: (message: string) => void,
  now = new Date(),
  names = machineNames(publicHost),
): TlsMaterial {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const [rootCert, rootKey] = [path.join(dir, 'ca.crt'), path.join(dir, 'ca.key')];
  let root = readPair(rootCert, rootKey);
  const rootProblem = root && certificateProblem(root.cert, root.key, [], now);
  if (!root || rootProblem) {
    if (root) warn(`${rootCert} ${rootProblem?.reason}: making a new root; halls must install it again`);
    root = makeRootCa(`diemcau local CA (${os.hostname()})`, now);
    writePair(root, rootCert, rootKey);
  }
  const [serverCert, serverKey] = [path.join(dir, 'server.crt'), path.join(dir, 'server.key')];
  let server = readPair(serverCert, serverKey);
  if (
    !server ||
    certificateProblem(server.cert, server.key, names, now, RENEW_MARGIN_MS) ||
    !signedBy(server.cert, root)
  ) {
    server = makeServerCertificate(root, names, now);
    writePair(server, serverCert, serverKey);
  }
  return { source: 'made', ...server, rootCa: root.cert, names };
}

/** The material for TLS on, as configured; a DATA_DIR it cannot keep the made one in is a ConfigError too. */
export function loadTlsMaterial(
  tls: Exclude<TlsConfig, { mode: 'off' }>,
  publicHost: string,
  warn: (message: string) => void,
): TlsMaterial {
  if (tls.mode === 'given') return givenMaterial(tls.certFile, tls.keyFile, publicHost);
  try {
    return madeMaterial(tls.dir, publicHost, warn);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new ConfigError('DATA_DIR', `cannot keep the made TLS certificate in ${tls.dir} (${code})`);
  }
}
