import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { which } from '../lib/exec.mjs';
import { SetupError } from '../lib/log.mjs';
import {
  aptInstallArgs,
  ensureSystemPackages,
  isPresent,
  launcherPackages,
  TEST_PACKAGES,
} from '../lib/system-packages.mjs';

describe('apt commands', () => {
  it('install without recommends, non-interactively', () => {
    expect(aptInstallArgs(['ffmpeg', 'redis-server'])).toEqual([
      'install',
      '-y',
      '--no-install-recommends',
      'ffmpeg',
      'redis-server',
    ]);
  });

  it('without root, fail with one line naming the sudo command for the missing packages only', async () => {
    const present = (pkg: string) => pkg === 'ffmpeg';
    const attempt = ensureSystemPackages(['ffmpeg', 'redis-server', 'postgresql'], {
      present,
      root: false,
      apt: true,
    });
    await expect(attempt).rejects.toThrow(SetupError);
    const message = await attempt.catch((err: Error) => err.message);
    expect(message).not.toContain('\n');
    expect(message).toContain('sudo apt-get install -y --no-install-recommends redis-server postgresql');
  });

  it('do nothing when everything is present', async () => {
    await expect(
      ensureSystemPackages(['ffmpeg'], { present: () => true, root: false, apt: false }),
    ).resolves.toBeUndefined();
  });
});

describe('launcherPackages', () => {
  it('asks for redis-server unless REDIS_URL, ffmpeg unless FFMPEG_PATH or ffmpeg-static', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-pkg-test-'));
    try {
      expect(launcherPackages({}, root)).toEqual(['redis-server', 'ffmpeg']);
      expect(launcherPackages({ REDIS_URL: 'redis://r:6379' }, root)).toEqual(['ffmpeg']);
      expect(launcherPackages({ FFMPEG_PATH: '/opt/ffmpeg' }, root)).toEqual(['redis-server']);
      fs.mkdirSync(path.join(root, 'node_modules/ffmpeg-static'), { recursive: true });
      fs.writeFileSync(path.join(root, 'node_modules/ffmpeg-static/ffmpeg'), '');
      expect(launcherPackages({}, root)).toEqual(['redis-server']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('presence probes', () => {
  it('find executables on PATH and the packages npm test installs', () => {
    expect(which('sh')).toMatch(/\/sh$/);
    expect(which('diemcau-no-such-command')).toBeNull();
    for (const pkg of TEST_PACKAGES) expect(isPresent(pkg)).toBe(true);
    expect(isPresent('diemcau-no-such-package')).toBe(false);
  });
});
