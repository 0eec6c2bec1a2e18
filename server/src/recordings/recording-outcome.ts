import type { RecordedFile } from '@diemcau/protocol';
import type { EgressEnd } from '../egress/job-kinds.js';

export interface ErrorInfo {
  code: string;
  message: string;
}

/** A job of a recording that ended without files: its BullMQ failedReason, or why the server gave up on it. */
export interface OutputFailure {
  jobId: string;
  reason: string;
}

/** What one output of a recording left. */
export type OutputResult = RecordedFile[] | OutputFailure;

/** What a record job's end leaves of its output: its files, or why there are none. */
export function outputResult(jobId: string, end: EgressEnd<RecordedFile[]>): OutputResult {
  switch (end.state) {
    case 'completed':
      return end.result;
    case 'failed':
      return { jobId, reason: end.reason };
    case 'unqueued':
      return { jobId, reason: end.error instanceof Error ? end.error.message : String(end.error) };
    case 'withdrawn':
      return [];
  }
}

/** Conditions of the worker, not of one hall: no other output can record either, so the recording ends. */
const ENDS_RECORDING = new Set(['DISK_FULL', 'FFMPEG_NOT_FOUND']);

/** A failedReason `CODE: message` (the media-worker's convention) split; a plain message has no code. */
export function jobError(reason: string): { code: string | null; message: string } {
  const match = /^([A-Z][A-Z_]+): (.*)$/s.exec(reason);
  return match ? { code: match[1]!, message: match[2]! } : { code: null, message: reason };
}

/** The point of a track file (`<recordingId>/track-<pointId>/…`); null for the programme. */
export function trackPointId(file: Pick<RecordedFile, 'path'>): string | null {
  return /track-([A-Za-z0-9_-]+)/.exec(file.path)?.[1] ?? null;
}

/**
 * Why an output's end ends the whole recording, if it does: a file the worker
 * stopped early (the disk filled), or a failure the other outputs would meet too.
 */
export function endingReason(result: OutputResult): ErrorInfo | undefined {
  if (Array.isArray(result)) return result.find((file) => file.stoppedEarly)?.stoppedEarly;
  const { code, message } = jobError(result.reason);
  return code !== null && ENDS_RECORDING.has(code) ? { code, message } : undefined;
}

export type RecordingOutcome = { status: 'ready' } | { status: 'failed'; error: ErrorInfo };

export interface Finished {
  /** Every file written, which is catalogued whatever the outcome. */
  files: RecordedFile[];
  failures: OutputFailure[];
  /** The first ending reason an output gave (see endingReason). */
  endedBy?: ErrorInfo | undefined;
  /** Whether the programme ever had a source sending; undefined when unknown (after a restart). */
  programmeFed?: boolean | undefined;
  /** The error when nothing was recorded and no output failed. */
  nothing: ErrorInfo;
}

/**
 * How a stopped recording settles: `failed` with the reason that ended it
 * (files kept), or when it holds no media (a programme that only showed the
 * slate is no media); otherwise `ready`, even if some output failed.
 */
export function recordingOutcome({
  files,
  failures,
  endedBy,
  programmeFed,
  nothing,
}: Finished): RecordingOutcome {
  if (endedBy !== undefined) return { status: 'failed', error: endedBy };
  const hasTracks = files.some((file) => trackPointId(file) !== null);
  if (hasTracks || (files.length > 0 && programmeFed !== false)) return { status: 'ready' };
  const failure = failures.find((f) => jobError(f.reason).code !== 'NO_MEDIA');
  if (failure !== undefined) {
    return {
      status: 'failed',
      error: { code: 'RECORDING_FAILED', message: `${failure.jobId}: ${failure.reason}` },
    };
  }
  const slate = files.length > 0 ? ': the programme file holds only the slate' : '';
  return { status: 'failed', error: { code: nothing.code, message: `${nothing.message}${slate}` } };
}
