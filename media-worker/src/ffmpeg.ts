// Finding the ffmpeg binary at start (FFMPEG_PATH, ffmpeg-static, PATH)
// and checking that it runs, for start-up and readiness.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DependencyCheck } from '@diemcau/protocol';
import { StartupError } from './errors.js';

export type FfmpegSource = 'env' | 'ffmpeg-static' | 'PATH';

export interface FfmpegLocation {
  source: FfmpegSource;
  path: string;
}

export interface Ffmpeg extends FfmpegLocation {
  /** As `ffmpeg -version` prints it, e.g. `5.1.6-0+deb12u1`. */
  version: string;
}

export type FileStatus = 'executable' | 'missing' | 'not-a-file' | 'not-executable';

/** The file system and module lookups resolution depends on, injectable for tests. */
export interface FfmpegProbes {
  inspect(file: string): Promise<FileStatus>;
  /** ffmpeg-static's binary path, or null when the package is not installed. */
  ffmpegStaticPath(): Promise<string | null>;
}

export const NOT_FOUND_MESSAGE =
  'ffmpeg not found: set FFMPEG_PATH, or install it: sudo apt-get install -y ffmpeg';

const BINARY = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';

/**
 * Picks the ffmpeg to run: FFMPEG_PATH when set (an explicit choice, so a bad
 * one is an error rather than a silent fallback), else ffmpeg-static's binary,
 * else the first `ffmpeg` on PATH.
 */
export async function resolveFfmpeg(
  options: { ffmpegPath: string | undefined; searchPath: string | undefined },
  probes: FfmpegProbes,
): Promise<FfmpegLocation> {
  if (options.ffmpegPath !== undefined) {
    const file = path.resolve(options.ffmpegPath);
    const status = await probes.inspect(file);
    if (status !== 'executable') {
      const reason = {
        missing: 'does not exist',
        'not-a-file': 'is not a file',
        'not-executable': 'is not executable',
      };
      throw new StartupError('FFMPEG_PATH_INVALID', `FFMPEG_PATH ${file} ${reason[status]}`);
    }
    return { source: 'env', path: file };
  }
  // ffmpeg-static's install script may have failed to download, leaving a path to nothing.
  const bundled = await probes.ffmpegStaticPath();
  if (bundled !== null && (await probes.inspect(bundled)) === 'executable') {
    return { source: 'ffmpeg-static', path: bundled };
  }
  for (const dir of (options.searchPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, BINARY);
    if ((await probes.inspect(file)) === 'executable') return { source: 'PATH', path: file };
  }
  throw new StartupError('FFMPEG_NOT_FOUND', NOT_FOUND_MESSAGE);
}

/** Runs `<ffmpeg> -version` and returns the version word of its first line. */
export function readFfmpegVersion(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, ['-version'], { timeout: 10_000 }, (error, stdout) => {
      const version = /^ffmpeg version (\S+)/.exec(stdout)?.[1];
      if (error)
        reject(new StartupError('FFMPEG_UNUSABLE', `ffmpeg at ${file} failed to run: ${error.message}`));
      else if (version === undefined) {
        reject(new StartupError('FFMPEG_UNUSABLE', `${file} -version did not print an ffmpeg version`));
      } else resolve(version);
    });
  });
}

async function inspectFile(file: string): Promise<FileStatus> {
  try {
    if (!(await stat(file)).isFile()) return 'not-a-file';
  } catch {
    return 'missing';
  }
  try {
    await access(file, constants.X_OK);
    return 'executable';
  } catch {
    return 'not-executable';
  }
}

async function ffmpegStaticPath(): Promise<string | null> {
  // A variable specifier keeps tsc from requiring the optional package's types.
  const specifier = 'ffmpeg-static';
  try {
    const module: { default?: unknown } = await import(specifier);
    return typeof module.default === 'string' ? module.default : null;
  } catch {
    return null;
  }
}

export const systemProbes: FfmpegProbes = { inspect: inspectFile, ffmpegStaticPath };

/** Resolves ffmpeg on this machine and checks that it runs. */
export async function locateFfmpeg(
  ffmpegPath: string | undefined,
  searchPath: string | undefined,
): Promise<Ffmpeg> {
  const location = await resolveFfmpeg({ ffmpegPath, searchPath }, systemProbes);
  return { ...location, version: await readFfmpegVersion(location.path) };
}

/** Ok while the resolved binary is still there to run (a package upgrade may remove it). */
export async function checkFfmpeg(ffmpeg: Ffmpeg): Promise<DependencyCheck> {
  const status = await inspectFile(ffmpeg.path);
  if (status !== 'executable') return { ok: false, detail: `${ffmpeg.path} is ${status.replace(/-/g, ' ')}` };
  return { ok: true, detail: `ffmpeg ${ffmpeg.version} at ${ffmpeg.path} (${ffmpeg.source})` };
}
