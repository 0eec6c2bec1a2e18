import { mkdir, readdir, writeFile } from 'node:fs/promises';
import type { EgressProgress, RecordedFile, RecordJobData } from '@diemcau/protocol';
import { type Job, UnrecoverableError, WaitingError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { recorderArgs } from '../egress/recorder-args.js';
import { sdpFor } from '../egress/sdp.js';
import { nextSegmentNumber } from '../egress/segments.js';
import type { ActiveRecordings } from './active-recordings.js';
import { subscribeControl } from './control.js';
import { watchDiskSpace } from './disk-space.js';
import { RecordError } from './errors.js';
import { type FfmpegProcess, startFfmpeg } from './ffmpeg-process.js';
import { finaliseOutput, finaliseStoppedEarly, type Tools } from './finalise.js';
import { listenPorts } from './listen-ports.js';
import { type OutputPaths, outputPaths } from './output-paths.js';
import { recorderExitError } from './recorder-exit.js';
import { recordingProgress } from './progress.js';
import { startRefusal } from './start-checks.js';

/** A crash loses at most this much; the server sends key frames at least this often. */
export const SEGMENT_SECONDS = 2;
export const PROGRESS_MS = 2_000;

export interface RecordContext {
  /** Duplicated for each job's control subscription. */
  connection: Redis;
  tools: Tools;
  rtpHost: string;
  recordingsDir: string;
  /** Free space (MB) an output keeps on its disk: below it, it does not start, or stops (DISK_FULL). */
  minFreeDiskMb: number;
  active: ActiveRecordings;
  log: Logger;
}

const report = (job: Job, progress: EgressProgress): Promise<void> => job.updateProgress(progress);

/**
 * One output of a recording, from `listening` to its finished file. Runs until
 * the server publishes `stop` on the job's control channel. A recorder that
 * dies first fails the attempt (FFMPEG_EXITED, retried: the next attempt
 * continues in a new segment); a shutdown hands the job back to the queue.
 * Without ffmpeg or disk space it does not start; a disk that fills stops it,
 * and what was written is returned marked `stoppedEarly` (DISK_FULL).
 */
export function recordJob(ctx: RecordContext, job: Job, token: string | undefined, data: RecordJobData) {
  const run = runRecording(ctx, job, token, data);
  ctx.active.track(run);
  return run;
}

async function runRecording(
  ctx: RecordContext,
  job: Job,
  token: string | undefined,
  data: RecordJobData,
): Promise<RecordedFile[]> {
  const jobId = job.id ?? '';
  const log = ctx.log.child({ queue: 'record', jobId });
  const paths = outputPaths(ctx.recordingsDir, data);
  await mkdir(paths.segmentDir, { recursive: true });
  const refusal = await startRefusal(ctx.tools.ffmpeg, paths.dir, ctx.minFreeDiskMb);
  // An earlier attempt's segments are still delivered.
  if (refusal !== null) return stoppedEarly(ctx, paths, refusal);
  const control = await subscribeControl(ctx.connection, jobId, log);
  const disk = watchDiskSpace(paths.dir, ctx.minFreeDiskMb);
  let timer: NodeJS.Timeout | undefined;
  let recorder: FfmpegProcess | undefined;
  try {
    const ports = await listenPorts(data.streams);
    await writeFile(paths.sdpPath, sdpFor(data.streams, { host: ctx.rtpHost, ports }));
    const startNumber = nextSegmentNumber(await readdir(paths.segmentDir));
    recorder = startFfmpeg(
      ctx.tools.ffmpeg,
      recorderArgs({
        sdpPath: paths.sdpPath,
        segmentDir: paths.segmentDir,
        segmentSeconds: SEGMENT_SECONDS,
        startNumber,
      }),
    );
    const startedAt = Date.now();
    // attemptsStarted counts stalled-job recoveries and hand-overs too; attemptsMade counts failures only.
    const attempt = job.attemptsStarted;
    await report(job, { phase: 'listening', host: ctx.rtpHost, ports, attempt });
    log.info({ ports, attempt, startNumber }, 'recorder listening');
    timer = setInterval(() => {
      void recordingProgress(paths.segmentDir, startedAt)
        .then((progress) => report(job, progress))
        .catch((error: Error) => log.debug({ error: error.message }, 'progress not reported'));
    }, PROGRESS_MS);

    let outcome = await Promise.race([
      control.stopped.then(() => 'stop' as const),
      ctx.active.suspended.then(() => 'handover' as const),
      recorder.exit.then(() => 'exited' as const),
      disk.low,
    ]);
    clearInterval(timer);
    disk.stop();
    if (outcome === 'exited') {
      const error = recorderExitError(await recorder.exit, recorder.stderrTail());
      if (error.code !== 'DISK_FULL') throw error;
      outcome = error;
    }
    const exit = await recorder.stop();
    recorder = undefined;
    log.info({ outcome, exit }, 'recorder stopped');
    if (outcome === 'handover') {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    await report(job, { phase: 'finalising' });
    if (outcome instanceof RecordError) return await stoppedEarly(ctx, paths, outcome);
    // Stop was received once: a retry would record again and wait for a stop that never comes.
    return [await finaliseOutput(ctx.tools, paths)];
  } catch (error) {
    if (error instanceof RecordError && error.code !== 'FFMPEG_EXITED')
      throw new UnrecoverableError(error.message);
    throw error;
  } finally {
    clearInterval(timer);
    disk.stop();
    // Stopping an exited recorder returns its exit at once.
    await recorder?.stop();
    await control.close();
  }
}

/** Finalises an output that stopped on its own; a RecordError fails the job for good, as a retry would hit it again. */
export async function stoppedEarly(
  ctx: RecordContext,
  paths: OutputPaths,
  reason: RecordError,
): Promise<RecordedFile[]> {
  ctx.log.warn({ dir: paths.dir, reason: reason.message }, 'output stopped early');
  try {
    return await finaliseStoppedEarly(ctx.tools, paths, reason);
  } catch (error) {
    if (error instanceof RecordError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
