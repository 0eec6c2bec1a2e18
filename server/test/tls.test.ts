import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { TlsStatus } from '@diemcau/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeRootCa, makeServerCertificate } from '../src/tls/local-ca.js';
import { givenMaterial } from '../src/tls/tls-material.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { REDIS_URL, freshSqliteFile } from './helpers/databases.js';
import { freePort, mediasoupTestEnv } from './helpers/ports.js';
import { spawnEntry } from './helpers/processes.js';
import { waitFor } from './helpers/wait.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, ca?: string, init: https.RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).request(url, { ...init, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    request.on('error', reject);
    request.end(init.method === 'POST' ? undefined : '');
  });
}

/** The SHA-256 fingerprint of the certificate the server presents now. */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

const fingerprint = (pem: string) => new crypto.X509Certificate(pem).fingerprint256;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-tls-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('TLS with the certificate made by the local CA', () => {
  let api: TestApi;
  let port: number;
  let dataDir: string;
  let base: string;
  let rootCa: string;

  beforeAll(async () => {
    port = await freePort();
    dataDir = tempDir();
    api = await startTestApi('sqlite', {
      TLS: 'on',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
    });
    await api.app.http.listen({ host: '127.0.0.1', port });
    base = `https://127.0.0.1:${port}`;
    rootCa = api.app.tls?.rootCa ?? '';
  });
  afterAll(() => api?.close());

  it('serves https that its root makes trusted, keeping the CA key private in DATA_DIR/tls', async () => {
    expect(api.app.tls?.source).toBe('made');
    expect(api.app.tls?.names).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost', os.hostname()]));
    expect((await get(`${base}/readyz`, rootCa)).status).toBe(200);
    // Without the root installed, the certificate is not trusted.
    await expect(get(`${base}/readyz`)).rejects.toThrow(/certificate/);
    const mode = (file: string) => fs.statSync(path.join(dataDir, 'tls', file)).mode & 0o777;
    expect(mode('ca.key')).toBe(0o600);
    expect(mode('server.key')).toBe(0o600);
    expect(fs.readFileSync(path.join(dataDir, 'tls/ca.crt'), 'utf8')).toBe(rootCa);
  });

  it('redirects plain http on the same port to https, and hands out the root over either', async () => {
    const plain = await get(`http://127.0.0.1:${port}/join/abc?x=1`);
    expect(plain.status).toBe(307);
    expect(plain.headers.location).toBe(`https://127.0.0.1:${port}/join/abc?x=1`);
    const byHttp = await get(`http://127.0.0.1:${port}/tls/root-ca.crt`);
    expect(byHttp.status).toBe(200);
    expect(byHttp.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(byHttp.body).toBe(rootCa);
    const byHttps = await get(`${base}/tls/root-ca.crt`, rootCa);
    expect(byHttps.body).toBe(rootCa);
    expect(byHttps.headers['content-disposition']).toContain('diemcau-root-ca.crt');
  });

  it('says how it speaks TLS, with the fingerprint halls compare', async () => {
    const status = JSON.parse((await get(`${base}/api/tls`, rootCa)).body) as TlsStatus;
    expect(status.source).toBe('made');
    expect(status.rootCa?.fingerprint256).toBe(fingerprint(rootCa));
    expect(status.names).toContain('127.0.0.1');
  });

  it('sets a Secure session cookie, an https PUBLIC_URL and a CSP for the https origin', async () => {
    expect(api.app.services.units.options.publicUrl).toBe(`https://127.0.0.1:${port}`);
    const password = 'mat-khau-tls-2030';
    await api.app.services.accounts.create({
      username: 'tls-host',
      displayName: 'H',
      role: 'host',
      password,
    });
    const login = await new Promise<Answer>((resolve, reject) => {
      const body = JSON.stringify({ username: 'tls-host', password });
      const request = https.request(
        `${base}/api/auth/login`,
        { method: 'POST', ca: rootCa, headers: { 'content-type': 'application/json' } },
        (r) => {
          r.resume();
          r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: '' }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/diemcau_session=.*; Secure/);
    const csp = String((await get(`${base}/readyz`, rootCa)).headers['content-security-policy']);
    expect(csp).toMatch(/(^|;)connect-src 'self' wss:(;|$)/);
    expect(csp).toContain('upgrade-insecure-requests');
    expect((await get(`${base}/readyz`, rootCa)).headers['strict-transport-security']).toBeDefined();
  });

  it('keeps its root across restarts, remaking the server certificate only when it no longer fits', async () => {
    const again = await startTestApi('sqlite', {
      TLS: 'on',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
    });
    try {
      expect(again.app.tls?.rootCa).toBe(rootCa);
      expect(again.app.tls?.cert).toBe(api.app.tls?.cert);
    } finally {
      await again.close();
    }
    const moved = await startTestApi('sqlite', {
      TLS: 'on',
      PUBLIC_URL: 'http://192.0.2.77:3000',
      DATA_DIR: dataDir,
    });
    try {
      expect(moved.app.tls?.rootCa).toBe(rootCa);
      expect(moved.app.tls?.cert).not.toBe(api.app.tls?.cert);
      expect(new crypto.X509Certificate(moved.app.tls?.cert ?? '').checkIP('192.0.2.77')).toBe('192.0.2.77');
    } finally {
      await moved.close();
    }
  });
});

describe('TLS with a given certificate', () => {
  const root = makeRootCa('given root');
  const names = ['localhost', '127.0.0.1'];
  let dir: string;
  let certFile: string;
  let keyFile: string;
  const write = (pair: { cert: string; key: string }) => {
    fs.writeFileSync(certFile, pair.cert);
    fs.writeFileSync(keyFile, pair.key);
  };
  let api: TestApi | undefined;
  afterEach(() => api?.close());

  beforeAll(() => {
    dir = tempDir();
    certFile = path.join(dir, 'server.crt');
    keyFile = path.join(dir, 'server.key');
  });

  it('serves it, and the renewed one once the files change', async () => {
    const first = makeServerCertificate(root, names);
    write(first);
    const port = await freePort();
    api = await startTestApi('sqlite', {
      TLS_CERT: certFile,
      TLS_KEY: keyFile,
      PORT: String(port),
      PUBLIC_URL: `https://localhost:${port}`,
    });
    await api.app.http.listen({ host: '127.0.0.1', port });
    expect(api.app.tls?.source).toBe('given');
    expect(await servedFingerprint(port, root.cert)).toBe(fingerprint(first.cert));
    const renewed = makeServerCertificate(root, names);
    write(renewed);
    await waitFor('the renewed certificate', async () =>
      (await servedFingerprint(port, root.cert)) === fingerprint(renewed.cert) ? true : undefined,
    );
    expect((await get(`https://localhost:${port}/readyz`, root.cert)).status).toBe(200);
  });

  it('names the variable and the problem for a file that cannot serve PUBLIC_URL', () => {
    const problem = (cert: string, key: string, host = 'localhost') => {
      try {
        givenMaterial(cert, key, host);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no problem';
    };
    const good = makeServerCertificate(root, names);
    write(good);
    expect(problem(path.join(dir, 'missing.crt'), keyFile)).toBe(
      `TLS_CERT cannot read ${path.join(dir, 'missing.crt')} (no such file)`,
    );
    expect(problem(certFile, keyFile, 'diemcau.example')).toMatch(
      new RegExp(`^TLS_CERT ${certFile} does not cover diemcau\\.example \\(it names DNS:localhost`),
    );
    const otherKey = path.join(dir, 'other.key');
    fs.writeFileSync(otherKey, makeServerCertificate(root, names).key);
    expect(problem(certFile, otherKey)).toBe(
      `TLS_KEY ${otherKey} does not match the certificate in TLS_CERT`,
    );
    const old = path.join(dir, 'old.crt');
    const expired = makeServerCertificate(root, names, new Date('2020-01-01T00:00:00Z'));
    fs.writeFileSync(old, expired.cert);
    fs.writeFileSync(otherKey, expired.key);
    expect(problem(old, otherKey)).toMatch(new RegExp(`^TLS_CERT ${old} expired on `));
  });

  it('stops the server process with that one line', async () => {
    const p = spawnEntry('server/dist/main.js', {
      ...(await mediasoupTestEnv(1)),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      REDIS_URL,
      DATABASE_URL: `sqlite:${freshSqliteFile()}`,
      PUBLIC_URL: 'https://diemcau.example',
      TLS_CERT: path.join(dir, 'nope.crt'),
      TLS_KEY: keyFile,
    });
    expect(await p.exited).toBe(1);
    expect(p.output().trim()).toBe(
      `invalid configuration: TLS_CERT cannot read ${path.join(dir, 'nope.crt')} (no such file)`,
    );
  });
});
