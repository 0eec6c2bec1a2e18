import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EgressControl, EgressProgress, RecordedFile, RecordJobData } from '@diemcau/protocol';
import { type Job, UnrecoverableError, WaitingError } from 'bullmq';
import { LiveError } from '../live/errors.js';
import { keyFrameRequester } from '../live/key-frame-requests.js';
import { livePorts } from '../live/live-ports.js';
import { ProgrammePipeline, type ProgrammeSlots } from '../live/programme-pipeline.js';
import { programmeSlots } from '../live/programme-slots.js';
import { type ControlSubscription, subscribeControl } from './control.js';
import { watchDiskSpace } from './disk-space.js';
import { RecordError } from './errors.js';
import { finaliseOutput } from './finalise.js';
import { outputPaths } from './output-paths.js';
import { recordingProgress } from './progress.js';
import { PROGRESS_MS, type RecordContext, SEGMENT_SECONDS, stoppedEarly } from './record-job.js';
import { startRefusal } from './start-checks.js';

const report = (job: Job, progress: EgressProgress): Promise<void> => job.updateProgress(progress);

/**
 * The recording's programme composite, from `listening` to its finished file:
 * the live job's programme pipeline (the video slot or the slate, the mix of the
 * audio slots named by `programme` messages) encoded to H.264 + AAC Matroska
 * segments instead of HLS. Each encoder start (slate ↔ video, a crash) continues
 * in a new segment, and `stop` joins them all, every attempt's, into one file.
 * An encoder or mixer that keeps exiting fails the attempt (retried); a shutdown
 * hands the job back to the queue. Without ffmpeg or disk space it does not
 * start; a disk that fills stops it, and what was written is returned marked
 * `stoppedEarly` (DISK_FULL), as a track's.
 */
export function programmeJob(ctx: RecordContext, job: Job, token: string | undefined, data: RecordJobData) {
  const run = runProgramme(ctx, job, token, data);
  ctx.active.track(run);
  return run;
}

async function runProgramme(
  ctx: RecordContext,
  job: Job,
  token: string | undefined,
  data: RecordJobData,
): Promise<RecordedFile[]> {
  const jobId = job.id ?? '';
  const log = ctx.log.child({ queue: 'record', jobId });
  let slots: ProgrammeSlots;
  try {
    slots = programmeSlots(data.streams, data.output.kind === 'programme' ? data.output.layout : undefined);
  } catch (error) {
    throw new UnrecoverableError((error as LiveError).message);
  }
  const paths = outputPaths(ctx.recordingsDir, data);
  await mkdir(paths.segmentDir, { recursive: true });
  const refusal = await startRefusal(ctx.tools.ffmpeg, paths.dir, ctx.minFreeDiskMb);
  if (refusal !== null) return stoppedEarly(ctx, paths, refusal);
  const ports = await livePorts({ ...slots, destinations: [] });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-programme-'));
  let fail = (_error: LiveError): void => undefined;
  const failed = new Promise<LiveError>((resolve) => (fail = resolve));
  const pipeline = new ProgrammePipeline({
    ffmpeg: ctx.tools.ffmpeg,
    data: slots,
    ports,
    rtpHost: ctx.rtpHost,
    workDir,
    output: { kind: 'segments', segmentDir: paths.segmentDir, segmentSeconds: SEGMENT_SECONDS },
    log,
    requestKeyFrame: keyFrameRequester(job, log),
    onFailure: fail,
  });
  // Once the job ends, a late message must not start what is being stopped.
  let ending = false;
  const onControl = (message: EgressControl): void => {
    if (ending || message.type !== 'programme') return;
    log.info({ video: message.video, audio: message.audio, grid: message.grid }, 'programme');
    pipeline.set(message);
  };
  let control: ControlSubscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  const disk = watchDiskSpace(paths.dir, ctx.minFreeDiskMb);
  try {
    control = await subscribeControl(ctx.connection, jobId, log, onControl);
    await pipeline.start();
    const startedAt = Date.now();
    // attemptsStarted counts stalled-job recoveries and hand-overs too.
    const attempt = job.attemptsStarted;
    await report(job, { phase: 'listening', host: ctx.rtpHost, ports: ports.streams, attempt });
    log.info({ ports, attempt }, 'programme recorder listening');
    timer = setInterval(() => {
      void recordingProgress(paths.segmentDir, startedAt)
        .then((progress) => report(job, progress))
        .catch((error: Error) => log.debug({ error: error.message }, 'progress not reported'));
    }, PROGRESS_MS);

    const outcome = await Promise.race([
      control.stopped.then(() => 'stop' as const),
      ctx.active.suspended.then(() => 'handover' as const),
      failed,
      disk.low,
    ]);
    ending = true;
    clearInterval(timer);
    disk.stop();
    if (outcome instanceof LiveError && outcome.code !== 'DISK_FULL') throw outcome;
    // An encoder whose write found the disk full gave up at once: the output stops as on the watch's word.
    const early =
      outcome instanceof LiveError
        ? new RecordError('DISK_FULL', outcome.message.slice('DISK_FULL: '.length))
        : outcome instanceof RecordError
          ? outcome
          : undefined;
    // The encoder gets `q` first and finishes its segment.
    await pipeline.stop({ final: true });
    log.info({ outcome }, 'programme recorder stopped');
    if (outcome === 'handover') {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    await report(job, { phase: 'finalising' });
    if (early !== undefined) return await stoppedEarly(ctx, paths, early);
    // Stop was received once: a retry would record again and wait for a stop that never comes.
    return [await finaliseOutput(ctx.tools, paths)];
  } catch (error) {
    if (error instanceof RecordError) throw new UnrecoverableError(error.message);
    throw error;
  } finally {
    ending = true;
    clearInterval(timer);
    disk.stop();
    await pipeline.stop({ final: false });
    await control?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
