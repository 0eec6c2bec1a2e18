// Free disk space for egress outputs: statfs, the DISK_FULL reason below
// MIN_FREE_DISK_MB, ffmpeg's ENOSPC line and the watch of a running output.
import { statfs } from 'node:fs/promises';
import { EgressError } from './errors.js';

const MB = 1024 * 1024;

/** How often a running output looks at the free space: a programme encode writes under 1 MB meanwhile. */
export const DISK_CHECK_MS = 2_000;

export const megabytes = (bytes: number): number => Math.floor(bytes / MB);

/** Bytes an unprivileged process may still write on the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/**
 * DISK_FULL when `free` bytes are below the minimum kept free, else null.
 * `stage` says what the output does about it: not start, or stop and keep
 * what it wrote.
 */
export function lowDiskError(
  dir: string,
  free: number,
  minimumMb: number,
  stage: 'start' | 'running',
): EgressError | null {
  if (free >= minimumMb * MB) return null;
  const outcome = stage === 'start' ? 'recording not started' : 'recording stopped, what was written is kept';
  return new EgressError(
    'DISK_FULL',
    `${megabytes(free)} MB free in ${dir}, below the ${minimumMb} MB kept free (MIN_FREE_DISK_MB): ${outcome}`,
  );
}

const NO_SPACE = /No space left on device/i;

/** ffmpeg's line reporting ENOSPC, without its `[ctx @ 0x…]` and level prefixes; undefined without one. */
export function noSpaceLine(stderr: string): string | undefined {
  const line = stderr.split('\n').findLast((text) => NO_SPACE.test(text));
  return line?.replace(/^(?:\[[^\]]* @ 0x[0-9a-f]+\] )?(?:\[[a-z]+\] )?/, '').trim();
}

export interface DiskWatch {
  /** Resolves with DISK_FULL once free space is found below the minimum; never otherwise. */
  readonly low: Promise<EgressError>;
  stop(): void;
}

/** Looks at the free space under `dir` every `everyMs` while an output records; 0 MB watches nothing. */
export function watchDiskSpace(dir: string, minimumMb: number, everyMs = DISK_CHECK_MS): DiskWatch {
  let found = (_error: EgressError): void => undefined;
  const low = new Promise<EgressError>((resolve) => (found = resolve));
  if (minimumMb <= 0) return { low, stop: () => undefined };
  const timer = setInterval(() => {
    freeBytes(dir).then(
      (free) => {
        const error = lowDiskError(dir, free, minimumMb, 'running');
        if (error === null) return;
        clearInterval(timer);
        found(error);
      },
      // A failed statfs says nothing about the space; the next look may.
      () => undefined,
    );
  }, everyMs);
  return { low, stop: () => clearInterval(timer) };
}
