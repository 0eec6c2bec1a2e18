/*
 * Pure readings of what the stream tells the page: the playlist probe, hls.js errors and playback
 * progress. The player (stream-source.ts, viewer-controller.ts) acts on them.
 */

export type PlaylistReading = 'ready' | 'missing' | 'failed';

/**
 * A playlist that is absent, or that ends with EXT-X-ENDLIST, means nothing is on air: an ended
 * live playlist would otherwise replay its last seconds as a short video on every retry.
 */
export function classifyPlaylist(status: number, body: string): PlaylistReading {
  if (status === 404 || status === 410) return 'missing';
  if (status < 200 || status > 299 || !body.startsWith('#EXTM3U')) return 'failed';
  return body.includes('#EXT-X-ENDLIST') ? 'missing' : 'ready';
}

/** The fields of an hls.js ERROR event that matter here (`type`/`details` are hls.js enum values). */
export interface HlsErrorReport {
  fatal: boolean;
  type: string;
  details: string;
  /** HTTP status of the failed load, when there was one. */
  status?: number | undefined;
}

export type HlsErrorAction = 'ignore' | 'recoverMedia' | 'missing' | 'failed';

/** One recoverMediaError() per this window; a second fatal media error soon after means a fresh start. */
export const MEDIA_RECOVERY_WINDOW_MS = 10_000;

/**
 * hls.js retries non-fatal errors itself. A fatal 404 on a playlist means the broadcast stopped;
 * a fatal media error gets one in-place recovery; anything else fatal restarts the player.
 */
export function classifyHlsError(
  report: HlsErrorReport,
  lastMediaRecoveryAt: number | undefined,
  now: number,
): HlsErrorAction {
  if (!report.fatal) return 'ignore';
  if (report.type === 'networkError') {
    const playlist = report.details === 'manifestLoadError' || report.details === 'levelLoadError';
    return playlist && (report.status === 404 || report.status === 410) ? 'missing' : 'failed';
  }
  if (report.type === 'mediaError') {
    const recentlyRecovered =
      lastMediaRecoveryAt !== undefined && now - lastMediaRecoveryAt < MEDIA_RECOVERY_WINDOW_MS;
    return recentlyRecovered ? 'failed' : 'recoverMedia';
  }
  return 'failed';
}

/** The last playback position seen, and since when (wall clock, ms) nothing has moved. */
export interface ProgressClock {
  time: number;
  since: number;
}

/** Playback that shows no new frame for this long is treated as a lost stream. */
export const STALL_MS = 12_000;

export function startClock(time: number, now: number): ProgressClock {
  return { time, since: now };
}

/** Reads a playback position: moving forward counts as progress; a jump back only moves the baseline. */
export function observeTime(
  clock: ProgressClock,
  time: number,
  now: number,
): { clock: ProgressClock; advanced: boolean } {
  if (time > clock.time) return { clock: { time, since: now }, advanced: true };
  if (time < clock.time) return { clock: { time, since: clock.since }, advanced: false };
  return { clock, advanced: false };
}

/** A seek (hls.js jumping to the live edge) moves the position without showing anything. */
export function rebase(clock: ProgressClock, time: number): ProgressClock {
  return { time, since: clock.since };
}

export function isStalled(clock: ProgressClock, now: number, limitMs = STALL_MS): boolean {
  return now - clock.since >= limitMs;
}
