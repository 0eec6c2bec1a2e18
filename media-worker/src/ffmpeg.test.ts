// Tests of locating and checking ffmpeg: each source in order, and the
// StartupError each unusable binary gives.
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from './errors.js';
import {
  NOT_FOUND_MESSAGE,
  locateFfmpeg,
  readFfmpegVersion,
  resolveFfmpeg,
  systemProbes,
  type FfmpegProbes,
} from './ffmpeg.js';

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

let dir: string;
let fake: string;
let notExecutable: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-ffmpeg-'));
  fake = path.join(dir, 'fake-ffmpeg');
  await writeFile(fake, '#!/bin/sh\necho "ffmpeg version 9.9-fake Copyright (c) the test"\n');
  await chmod(fake, 0o755);
  notExecutable = path.join(dir, 'ffmpeg-without-x');
  await writeFile(notExecutable, '#!/bin/sh\n');
  await chmod(notExecutable, 0o644);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startupErrorOf(promise: Promise<unknown>): Promise<StartupError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

/** The real file system, with ffmpeg-static reporting `bundled` (it is not installed here). */
const withBundled = (bundled: string | null): FfmpegProbes => ({
  ...systemProbes,
  ffmpegStaticPath: async () => bundled,
});

describe('ffmpeg resolution', () => {
  it('finds the Debian ffmpeg on PATH and reads its version', async () => {
    const expected = /^ffmpeg version (\S+)/.exec(
      execFileSync('/usr/bin/ffmpeg', ['-version'], { encoding: 'utf8' }),
    );
    const location = await resolveFfmpeg(
      { ffmpegPath: undefined, searchPath: SYSTEM_PATH },
      withBundled(null),
    );
    expect(location).toEqual({ source: 'PATH', path: '/usr/bin/ffmpeg' });
    expect(await readFfmpegVersion(location.path)).toBe(expected?.[1]);
  });

  it('prefers FFMPEG_PATH over ffmpeg-static and PATH', async () => {
    await expect(
      resolveFfmpeg({ ffmpegPath: fake, searchPath: SYSTEM_PATH }, withBundled('/usr/bin/ffmpeg')),
    ).resolves.toEqual({ source: 'env', path: fake });
    await expect(locateFfmpeg(fake, SYSTEM_PATH)).resolves.toEqual({
      source: 'env',
      path: fake,
      version: '9.9-fake',
    });
  });

  it('prefers ffmpeg-static over PATH when its binary exists', async () => {
    const probes = withBundled(fake);
    await expect(resolveFfmpeg({ ffmpegPath: undefined, searchPath: SYSTEM_PATH }, probes)).resolves.toEqual({
      source: 'ffmpeg-static',
      path: fake,
    });
  });

  it('falls back to PATH when ffmpeg-static is absent or its download failed', async () => {
    for (const bundled of [null, path.join(dir, 'never-downloaded')]) {
      await expect(
        resolveFfmpeg({ ffmpegPath: undefined, searchPath: SYSTEM_PATH }, withBundled(bundled)),
      ).resolves.toEqual({
        source: 'PATH',
        path: '/usr/bin/ffmpeg',
      });
    }
  });

  it('rejects a FFMPEG_PATH that is not executable, missing or a directory', async () => {
    const cases = [
      [notExecutable, `FFMPEG_PATH ${notExecutable} is not executable`],
      [path.join(dir, 'missing'), `FFMPEG_PATH ${path.join(dir, 'missing')} does not exist`],
      [dir, `FFMPEG_PATH ${dir} is not a file`],
    ];
    for (const [ffmpegPath, message] of cases) {
      const error = await startupErrorOf(locateFfmpeg(ffmpegPath, SYSTEM_PATH));
      expect(error.code).toBe('FFMPEG_PATH_INVALID');
      expect(error.message).toBe(message);
    }
  });

  it('rejects a FFMPEG_PATH binary that is not ffmpeg', async () => {
    const error = await startupErrorOf(locateFfmpeg('/bin/true', SYSTEM_PATH));
    expect(error.code).toBe('FFMPEG_UNUSABLE');
    expect(error.message).toBe('/bin/true -version did not print an ffmpeg version');
  });

  it('reports one clear error when there is no ffmpeg at all', async () => {
    const error = await startupErrorOf(
      resolveFfmpeg({ ffmpegPath: undefined, searchPath: dir }, withBundled(null)),
    );
    expect(error.code).toBe('FFMPEG_NOT_FOUND');
    expect(error.message).toBe(NOT_FOUND_MESSAGE);
    expect(error.message).toBe(
      'ffmpeg not found: set FFMPEG_PATH, or install it: sudo apt-get install -y ffmpeg',
    );
  });
});
