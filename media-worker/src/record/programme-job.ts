// The `record` job of the programme composite: the compositor the livestream
// uses, encoding to Matroska segments joined into one file on `stop`.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RecordedFile, RecordJobData } from '@diemcau/protocol';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { Compositor } from '../compositor/compositor.js';
import { compositorPorts } from '../compositor/ports.js';
import { compositorSlots } from '../compositor/slots.js';
import { watchDiskSpace } from '../egress/disk-space.js';
import { EgressJob } from '../egress/egress-job.js';
import { keyFrameRequester } from '../egress/key-frame-requests.js';
import { finaliseOutput } from './finalise.js';
import { outputPaths } from './output-paths.js';
import { asRecordJob } from './recording-failure.js';
import { recordingProgress } from './progress.js';
import { keepsOutput, PROGRESS_MS, type RecordContext, SEGMENT_SECONDS, stoppedEarly } from './record-job.js';
import { startRefusal } from './start-checks.js';

/**
 * The recording's programme composite, from `listening` to its finished file:
 * the compositor (the video slot or the slate, the mix of the audio slots named
 * by `programme` messages) encoded to H.264 + AAC Matroska segments instead of
 * HLS. Each encoder start (slate ↔ video, a crash) continues in a new segment,
 * and `stop` joins them all, every attempt's, into one file. An encoder or
 * mixer that keeps exiting fails the attempt (retried); a shutdown hands the
 * job back to the queue. Without ffmpeg or disk space it does not start; a disk
 * that fills, or an encoder write that finds it full, stops it, and what was
 * written is returned marked `stoppedEarly` (DISK_FULL), as a track's.
 */
export async function programmeJob(
  ctx: RecordContext,
  job: Job,
  token: string | undefined,
  data: RecordJobData,
): Promise<RecordedFile[]> {
  const log = ctx.log.child({ queue: 'record', jobId: job.id ?? '' });
  return asRecordJob(() => runProgramme(ctx, job, token, data, log));
}

async function runProgramme(
  ctx: RecordContext,
  job: Job,
  token: string | undefined,
  data: RecordJobData,
  log: Logger,
): Promise<RecordedFile[]> {
  const slots = compositorSlots(
    data.streams,
    data.output.kind === 'programme' ? data.output.layout : undefined,
  );
  const paths = outputPaths(ctx.recordingsDir, data);
  await mkdir(paths.segmentDir, { recursive: true });
  const refusal = await startRefusal(ctx.tools.ffmpeg, paths.dir, ctx.minFreeDiskMb);
  if (refusal !== null) return stoppedEarly(ctx.tools, log, paths, refusal);
  const ports = await compositorPorts({ ...slots, destinations: [] });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-programme-'));
  const egress = new EgressJob(ctx, job, token, log);
  const compositor = new Compositor({
    ffmpeg: ctx.tools.ffmpeg,
    data: slots,
    ports,
    rtpHost: ctx.rtpHost,
    workDir,
    output: { kind: 'segments', segmentDir: paths.segmentDir, segmentSeconds: SEGMENT_SECONDS },
    log,
    requestKeyFrame: keyFrameRequester(job, log),
    onFailure: egress.fail,
  });
  const disk = watchDiskSpace(paths.dir, ctx.minFreeDiskMb);
  void disk.low.then(egress.fail);
  return egress.run({
    name: 'programme recorder',
    onControl: (message) => {
      if (message.type !== 'programme') return;
      log.info({ video: message.video, audio: message.audio, grid: message.grid }, 'programme');
      compositor.set(message);
    },
    start: async () => {
      await compositor.start();
      return { ports: ports.streams, log: { ports } };
    },
    progress: (startedAt) => recordingProgress(paths.segmentDir, startedAt),
    progressMs: PROGRESS_MS,
    keepsOutput,
    // The encoder gets `q` first and finishes its segment.
    stop: async () => {
      disk.stop();
      await compositor.stop({ final: true });
    },
    // Stop was received once: a retry would record again and wait for a stop that never comes.
    finish: async (end) =>
      end === 'stop' ? [await finaliseOutput(ctx.tools, paths)] : stoppedEarly(ctx.tools, log, paths, end),
    cleanUp: async () => {
      disk.stop();
      await compositor.stop({ final: false });
      await rm(workDir, { recursive: true, force: true });
    },
  });
}
