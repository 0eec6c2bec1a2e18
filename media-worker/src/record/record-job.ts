// The `record` job of one hall's tracks: an ffmpeg copying its RTP streams,
// without transcoding, to Matroska segments joined into one file on `stop`.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import type { RecordedFile, RecordJobData } from '@diemcau/protocol';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { watchDiskSpace } from '../egress/disk-space.js';
import { EgressJob, type EgressJobContext } from '../egress/egress-job.js';
import type { EgressError } from '../egress/errors.js';
import { type FfmpegProcess, startFfmpeg } from '../egress/ffmpeg-process.js';
import { recorderArgs } from '../egress/recorder-args.js';
import { sdpFor } from '../egress/sdp.js';
import { nextSegmentNumber } from '../egress/segments.js';
import { finaliseOutput, finaliseStoppedEarly, type Tools } from './finalise.js';
import { listenPorts } from './listen-ports.js';
import { type OutputPaths, outputPaths } from './output-paths.js';
import { recorderExitError } from './recorder-exit.js';
import { asRecordJob } from './recording-failure.js';
import { recordingProgress } from './progress.js';
import { startRefusal } from './start-checks.js';

/** A crash loses at most this much; the server sends key frames at least this often. */
export const SEGMENT_SECONDS = 2;
export const PROGRESS_MS = 2_000;

export interface RecordContext extends EgressJobContext {
  tools: Tools;
  recordingsDir: string;
  /** Free space (MB) an output keeps on its disk: below it, it does not start, or stops (DISK_FULL). */
  minFreeDiskMb: number;
  log: Logger;
}

/** An output stops and keeps what it wrote when its disk fills; any other failure fails the attempt. */
export const keepsOutput = (error: EgressError): boolean => error.code === 'DISK_FULL';

/**
 * One output of a recording, from `listening` to its finished file. Runs until
 * the server publishes `stop` on the job's control channel. A recorder that
 * dies first fails the attempt (FFMPEG_EXITED, retried: the next attempt
 * continues in a new segment); a shutdown hands the job back to the queue.
 * Without ffmpeg or disk space it does not start; a disk that fills stops it,
 * and what was written is returned marked `stoppedEarly` (DISK_FULL).
 */
export async function recordJob(
  ctx: RecordContext,
  job: Job,
  token: string | undefined,
  data: RecordJobData,
): Promise<RecordedFile[]> {
  const log = ctx.log.child({ queue: 'record', jobId: job.id ?? '' });
  return asRecordJob(() => runRecording(ctx, job, token, data, log));
}

async function runRecording(
  ctx: RecordContext,
  job: Job,
  token: string | undefined,
  data: RecordJobData,
  log: Logger,
): Promise<RecordedFile[]> {
  const paths = outputPaths(ctx.recordingsDir, data);
  await mkdir(paths.segmentDir, { recursive: true });
  const refusal = await startRefusal(ctx.tools.ffmpeg, paths.dir, ctx.minFreeDiskMb);
  // An earlier attempt's segments are still delivered.
  if (refusal !== null) return stoppedEarly(ctx.tools, log, paths, refusal);
  const egress = new EgressJob(ctx, job, token, log);
  const disk = watchDiskSpace(paths.dir, ctx.minFreeDiskMb);
  void disk.low.then(egress.fail);
  let recorder: FfmpegProcess | undefined;
  return egress.run({
    name: 'recorder',
    start: async () => {
      const ports = await listenPorts(data.streams);
      await writeFile(paths.sdpPath, sdpFor(data.streams, { host: ctx.rtpHost, ports }));
      const startNumber = nextSegmentNumber(await readdir(paths.segmentDir));
      const args = recorderArgs({
        sdpPath: paths.sdpPath,
        segmentDir: paths.segmentDir,
        segmentSeconds: SEGMENT_SECONDS,
        startNumber,
      });
      const started = startFfmpeg(ctx.tools.ffmpeg, args);
      recorder = started;
      void started.exit.then((exit) => egress.fail(recorderExitError(exit, started.stderrTail())));
      return { ports, log: { startNumber } };
    },
    progress: (startedAt) => recordingProgress(paths.segmentDir, startedAt),
    progressMs: PROGRESS_MS,
    keepsOutput,
    stop: async () => {
      disk.stop();
      const exit = await recorder?.stop();
      recorder = undefined;
      return { exit };
    },
    // Stop was received once: a retry would record again and wait for a stop that never comes.
    finish: async (end) =>
      end === 'stop' ? [await finaliseOutput(ctx.tools, paths)] : stoppedEarly(ctx.tools, log, paths, end),
    cleanUp: async () => {
      disk.stop();
      // Stopping an exited recorder returns its exit at once.
      await recorder?.stop();
    },
  });
}

/** Finalises an output that stopped on its own (`reason`: it could not start, or its disk filled). */
export function stoppedEarly(
  tools: Tools,
  log: Logger,
  paths: OutputPaths,
  reason: EgressError,
): Promise<RecordedFile[]> {
  log.warn({ dir: paths.dir, reason: reason.message }, 'output stopped early');
  return finaliseStoppedEarly(tools, paths, reason);
}
