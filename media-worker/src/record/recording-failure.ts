// How a recording's failure reaches BullMQ: one that a retry would meet again
// fails the job for good; any other (a recorder or encoder that exited) is retried.
import { UnrecoverableError } from 'bullmq';
import { EgressError, type EgressErrorCode } from '../egress/errors.js';

/** The worker's condition or the output's content, not this attempt's luck. */
const FINAL: ReadonlySet<EgressErrorCode> = new Set([
  'FFMPEG_NOT_FOUND',
  'DISK_FULL',
  'NO_MEDIA',
  'CONCAT_FAILED',
  'INVALID_JOB',
]);

/** `error` as the processor throws it: the failedReason stays `CODE: reason` either way. */
function recordingFailure(error: unknown): unknown {
  return error instanceof EgressError && FINAL.has(error.code)
    ? new UnrecoverableError(error.message)
    : error;
}

/** Runs a record job's work, its failure thrown as BullMQ should see it. */
export async function asRecordJob<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw recordingFailure(error);
  }
}
