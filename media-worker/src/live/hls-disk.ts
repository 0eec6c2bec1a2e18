// The livestream's HLS disk watch: a DISK_FULL warning while the HLS
// folder's free space is below MIN_FREE_DISK_MB, cleared when it comes back.
import { DISK_CHECK_MS, freeBytes, megabytes } from '../egress/disk-space.js';

export interface HlsWarning {
  code: 'DISK_FULL';
  message: string;
}

/**
 * DISK_FULL when `free` bytes under the HLS folder are below the minimum kept
 * free, else null. A warning, not a failure: the HLS window stays a few MB
 * (old segments are deleted), so the encoder goes on and the relays, which
 * write nothing to disk, are not touched.
 */
export function hlsDiskWarning(dir: string, free: number, minimumMb: number): HlsWarning | null {
  // megabytes() rounds down, so this is `free < minimumMb MB` for a whole minimum.
  if (megabytes(free) >= minimumMb) return null;
  return {
    code: 'DISK_FULL',
    message:
      `${megabytes(free)} MB free in ${dir}, below the ${minimumMb} MB kept free (MIN_FREE_DISK_MB): ` +
      'the watch page may stop getting new segments; the destinations keep going',
  };
}

export interface HlsDiskWatch {
  /** The latest look's warning; null while the space is enough (or nothing is watched). */
  readonly warning: HlsWarning | null;
  stop(): void;
}

export interface HlsDiskWatchOptions {
  everyMs?: number;
  /** Free bytes under a folder: statfs's count unless a test gives its own. */
  measure?: (dir: string) => Promise<number>;
}

/**
 * Looks at the free space under `dir` now and every `everyMs`, for as long as
 * the livestream runs: unlike a recording's watch it keeps looking, so the
 * warning clears once space comes back. Without a watch page (null) or with
 * a 0 MB minimum it watches nothing.
 */
export async function watchHlsDisk(
  dir: string | null,
  minimumMb: number,
  onChange: (warning: HlsWarning | null) => void,
  { everyMs = DISK_CHECK_MS, measure = freeBytes }: HlsDiskWatchOptions = {},
): Promise<HlsDiskWatch> {
  let warning: HlsWarning | null = null;
  if (dir === null || minimumMb <= 0) return { warning, stop: () => undefined };
  const look = (): Promise<void> =>
    measure(dir).then(
      (free) => {
        const next = hlsDiskWarning(dir, free, minimumMb);
        const changed = (next === null) !== (warning === null);
        warning = next;
        if (changed) onChange(next);
      },
      // A failed statfs says nothing about the space; the next look may.
      () => undefined,
    );
  await look();
  const timer = setInterval(() => void look(), everyMs);
  return {
    get warning() {
      return warning;
    },
    stop: () => clearInterval(timer),
  };
}
