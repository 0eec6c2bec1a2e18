import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SetupError } from '../lib/log.mjs';
import {
  buildKey,
  cacheDir,
  ensureWorker,
  fetchPrebuilt,
  isValidWorker,
  mediasoupVersion,
  prebuiltTarName,
  prebuiltUrl,
} from '../lib/mediasoup-worker.mjs';
import { ROOT } from '../lib/repo.mjs';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-msw-test-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stand-in worker: exits 41 like a real mediasoup-worker run without its env, or another status. */
function fakeWorker(file: string, status = 41): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\nexit ${status}\n`, { mode: 0o755 });
  return file;
}

describe('buildKey', () => {
  it('is the version plus 12 hex of the recipe, and changes when a patch changes', () => {
    const recipe = tempDir();
    fs.cpSync(path.join(ROOT, 'scripts/mediasoup'), recipe, { recursive: true });
    const before = buildKey('3.14.16', recipe);
    expect(before).toMatch(/^3\.14\.16-[0-9a-f]{12}$/);
    expect(buildKey('3.14.16', recipe)).toBe(before);
    expect(buildKey('3.14.17', recipe).endsWith(before.slice('3.14.16'.length))).toBe(true);

    fs.appendFileSync(path.join(recipe, 'dtls-bio-callback-ktls-fix.patch'), '\n');
    expect(buildKey('3.14.16', recipe)).not.toBe(before);
  });

  it('matches the documented shell equivalent', () => {
    const shell = execFileSync(
      'bash',
      ['-c', 'cat $(ls -d scripts/mediasoup/* | LC_ALL=C sort) | sha256sum | cut -c1-12'],
      { cwd: ROOT, encoding: 'utf8' },
    ).trim();
    expect(buildKey('3.14.16', path.join(ROOT, 'scripts/mediasoup'))).toBe(`3.14.16-${shell}`);
  });
});

describe('prebuilt naming', () => {
  it('follows mediasoup: kernel major on linux only', () => {
    expect(prebuiltTarName('3.14.16', { platform: 'linux', arch: 'x64', release: '6.18.44-fc-v769' })).toBe(
      'mediasoup-worker-3.14.16-linux-x64-kernel6.tgz',
    );
    expect(
      prebuiltTarName('3.14.16', { platform: 'linux', arch: 'arm64', release: '5.15.0-105-generic' }),
    ).toBe('mediasoup-worker-3.14.16-linux-arm64-kernel5.tgz');
    expect(prebuiltTarName('3.14.16', { platform: 'darwin', arch: 'arm64', release: '23.4.0' })).toBe(
      'mediasoup-worker-3.14.16-darwin-arm64.tgz',
    );
  });

  it('downloads from GitHub releases unless mediasoup’s mirror variable is set', () => {
    expect(prebuiltUrl('3.14.16', {})).toMatch(
      /^https:\/\/github\.com\/versatica\/mediasoup\/releases\/download\/3\.14\.16\/mediasoup-worker-3\.14\.16-/,
    );
    expect(
      prebuiltUrl('3.14.16', { MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL: 'http://mirror/ms' }),
    ).toMatch(/^http:\/\/mirror\/ms\/3\.14\.16\/mediasoup-worker-3\.14\.16-.*\.tgz$/);
  });
});

describe('mediasoupVersion and cacheDir', () => {
  it('reads the exact pin from server/package.json', () => {
    expect(mediasoupVersion(ROOT)).toBe('3.14.16');
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'server'));
    fs.writeFileSync(path.join(root, 'server/package.json'), '{"dependencies":{"mediasoup":"^3.14.16"}}');
    expect(() => mediasoupVersion(root)).toThrow(SetupError);
  });

  it('prefers DIEMCAU_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheDir({ DIEMCAU_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/diemcau');
    expect(cacheDir({})).toBe(path.join(os.homedir(), '.cache/diemcau'));
  });
});

describe('isValidWorker', () => {
  it('accepts exit status 41 only', () => {
    const dir = tempDir();
    expect(isValidWorker(fakeWorker(path.join(dir, 'good')))).toBe(true);
    expect(isValidWorker(fakeWorker(path.join(dir, 'bad'), 0))).toBe(false);
    expect(isValidWorker(path.join(dir, 'missing'))).toBe(false);
  });
});

describe('ensureWorker', () => {
  it('uses a valid MEDIASOUP_WORKER_BIN and rejects an invalid one', async () => {
    const dir = tempDir();
    const good = fakeWorker(path.join(dir, 'good'));
    expect(await ensureWorker(ROOT, { MEDIASOUP_WORKER_BIN: good })).toBe(good);
    const bad = fakeWorker(path.join(dir, 'bad'), 1);
    await expect(ensureWorker(ROOT, { MEDIASOUP_WORKER_BIN: bad })).rejects.toThrow(SetupError);
  });

  it('reuses the cached build for the current recipe without any download', async () => {
    const cache = tempDir();
    const key = buildKey('3.14.16', path.join(ROOT, 'scripts/mediasoup'));
    const cached = fakeWorker(path.join(cache, 'mediasoup-worker', key, 'mediasoup-worker'));
    const env = {
      DIEMCAU_CACHE_DIR: cache,
      MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL: 'http://127.0.0.1:9',
    };
    expect(await ensureWorker(ROOT, env)).toBe(cached);
  });
});

describe('fetchPrebuilt', () => {
  async function serveTarball(status: number): Promise<{ url: string; close: () => void }> {
    const src = tempDir();
    fakeWorker(path.join(src, 'mediasoup-worker'), status);
    const tgz = execFileSync('tar', ['czf', '-', '-C', src, 'mediasoup-worker']);
    const server = http.createServer((req, res) => {
      if (req.url === '/worker.tgz') res.end(tgz);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
  }

  it('unpacks a tarball whose worker runs here', async () => {
    const { url, close } = await serveTarball(41);
    const dir = path.join(tempDir(), '3.14.16-prebuilt');
    try {
      await fetchPrebuilt(`${url}/worker.tgz`, dir);
    } finally {
      close();
    }
    expect(isValidWorker(path.join(dir, 'mediasoup-worker'))).toBe(true);
  });

  it('leaves nothing behind when the worker does not run or the file is missing', async () => {
    const { url, close } = await serveTarball(1);
    const parent = tempDir();
    const dir = path.join(parent, '3.14.16-prebuilt');
    try {
      await expect(fetchPrebuilt(`${url}/worker.tgz`, dir)).rejects.toThrow(/does not run on this host/);
      await expect(fetchPrebuilt(`${url}/nope.tgz`, dir)).rejects.toThrow(/HTTP 404/);
    } finally {
      close();
    }
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
