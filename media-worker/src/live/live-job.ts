import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EgressControl, LiveJobData, LiveProgress } from '@diemcau/protocol';
import { type Job, UnrecoverableError, WaitingError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActiveRecordings } from '../record/active-recordings.js';
import { type ControlSubscription, subscribeControl } from '../record/control.js';
import { Destinations } from './destinations.js';
import { LiveError } from './errors.js';
import { type HlsDiskWatch, watchHlsDisk } from './hls-disk.js';
import { hlsOutputDir, PLAYLIST, playlistState } from './hls-playlist.js';
import { livePorts } from './live-ports.js';
import { keyFrameRequester } from './key-frame-requests.js';
import { ProgrammePipeline, type ProgrammeSlots } from './programme-pipeline.js';
import { checkSlots } from './programme-slots.js';

const PROGRESS_MS = 1_000;

export interface LiveContext {
  /** Duplicated for the job's control subscription. */
  connection: Redis;
  ffmpeg: string;
  rtpHost: string;
  /** DATA_DIR/hls: each conference's stream in `<slug>/`. */
  hlsDir: string;
  /** Free space (MB) the HLS folder's disk keeps: below it the job warns DISK_FULL (MIN_FREE_DISK_MB). */
  minFreeDiskMb: number;
  /** Shared with the record jobs: a shutdown hands every running job over. */
  active: ActiveRecordings;
  log: Logger;
}

const report = (job: Job, progress: LiveProgress): Promise<void> => job.updateProgress(progress);

/**
 * The conference's livestream, from `listening` to `stop`: the programme encoded
 * once to HLS and to a local feed per destination, each relayed to its RTMP
 * server. A shutdown hands the job back to the queue; a worker that dies leaves
 * it to BullMQ's stalled-job check; either way the next attempt listens on new
 * ports and continues the same HLS playlist after a discontinuity.
 */
export function liveJob(ctx: LiveContext, job: Job, token: string | undefined, data: LiveJobData) {
  const run = runLive(ctx, job, token, data);
  ctx.active.track(run);
  return run;
}

async function runLive(ctx: LiveContext, job: Job, token: string | undefined, data: LiveJobData) {
  const jobId = job.id ?? '';
  const log = ctx.log.child({ queue: 'live', jobId });
  try {
    await checkJob(ctx.ffmpeg, data);
  } catch (error) {
    throw new UnrecoverableError((error as LiveError).message);
  }
  // attemptsStarted counts stalled-job recoveries and hand-overs too.
  const attempt = job.attemptsStarted;
  const hlsDir = data.slug === null ? null : hlsOutputDir(ctx.hlsDir, data.slug);
  if (hlsDir !== null) {
    // A first attempt is a new stream: the last one's playlist and segments go.
    if (attempt <= 1) await rm(hlsDir, { recursive: true, force: true });
    await mkdir(hlsDir, { recursive: true });
  }
  const slots = liveSlots(data);
  const ports = await livePorts({ ...slots, destinations: data.destinations });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-live-'));
  let fail = (_error: LiveError): void => undefined;
  const failed = new Promise<LiveError>((resolve) => (fail = resolve));
  const programme = new ProgrammePipeline({
    ffmpeg: ctx.ffmpeg,
    data: slots,
    ports,
    rtpHost: ctx.rtpHost,
    workDir,
    output: { kind: 'live', hlsDir, relayPorts: Object.values(ports.relays) },
    log,
    requestKeyFrame: keyFrameRequester(job, log),
    onFailure: fail,
  });
  const destinations = new Destinations({
    ffmpeg: ctx.ffmpeg,
    known: data.destinations,
    relayPorts: ports.relays,
    log,
  });
  let applying = Promise.resolve();
  // Once the job ends, a late message must not start what is being stopped.
  let ending = false;
  const onControl = (message: EgressControl): void => {
    if (ending) return;
    if (message.type === 'programme') {
      log.info({ video: message.video, audio: message.audio }, 'programme');
      programme.set(message);
    } else if (message.type === 'destinations') {
      // Ids only: the URLs carry stream keys.
      log.info({ destinations: message.destinations.map((d) => d.id) }, 'destinations');
      applying = applying
        .then(() => destinations.apply(message.destinations))
        .catch((error: Error) => log.error({ error: error.message }, 'destinations not applied'));
    }
  };
  let control: ControlSubscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let disk: HlsDiskWatch | undefined;
  try {
    control = await subscribeControl(ctx.connection, jobId, log, onControl);
    // A disk below the minimum does not stop the livestream: it is reported until space comes back.
    disk = await watchHlsDisk(hlsDir, ctx.minFreeDiskMb, (warning) => {
      if (warning) log.warn({ warning: warning.message }, 'HLS disk low');
      else log.info('HLS disk space back above the minimum');
    });
    await programme.start();
    const startedAt = Date.now();
    const firstSequence = await nextSequence(hlsDir);
    await report(job, { phase: 'listening', host: ctx.rtpHost, ports: ports.streams, attempt });
    log.info({ ports, attempt, hlsDir }, 'live job listening');
    timer = setInterval(() => {
      void nextSequence(hlsDir)
        .then((sequence) =>
          report(job, {
            phase: 'live',
            seconds: Math.round((Date.now() - startedAt) / 100) / 10,
            hlsSegments: sequence - firstSequence,
            slate: programme.slate,
            destinations: destinations.statuses(),
            ...(disk?.warning ? { hlsWarning: disk.warning } : {}),
          }),
        )
        .catch((error: Error) => log.debug({ error: error.message }, 'progress not reported'));
    }, PROGRESS_MS);

    const outcome = await Promise.race([
      control.stopped.then(() => 'stop' as const),
      ctx.active.suspended.then(() => 'handover' as const),
      failed,
    ]);
    ending = true;
    clearInterval(timer);
    if (outcome instanceof LiveError) throw outcome;
    await applying;
    await destinations.stopAll();
    await programme.stop({ final: outcome === 'stop' });
    log.info({ outcome }, 'live job stopped');
    if (outcome === 'handover') {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    await report(job, { phase: 'finalising' });
  } finally {
    ending = true;
    clearInterval(timer);
    disk?.stop();
    await destinations.stopAll();
    await programme.stop({ final: false });
    await control?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Refuses, before anything starts, a job this worker cannot run. */
async function checkJob(ffmpeg: string, data: LiveJobData): Promise<void> {
  checkSlots(liveSlots(data));
  const destinationIds = data.destinations.map((destination) => destination.id);
  const twice = destinationIds.find((id, index) => destinationIds.indexOf(id) !== index);
  if (twice !== undefined) throw new LiveError('INVALID_JOB', `id ${twice} is used twice`);
  if (data.slug === null && data.destinations.length === 0) {
    throw new LiveError('NO_OUTPUT', 'the conference has no watch page and the job no destination');
  }
  await access(ffmpeg, constants.X_OK).catch(() => {
    throw new LiveError('FFMPEG_NOT_FOUND', `ffmpeg at ${ffmpeg} is missing or not executable`);
  });
}

/** The livestream shows the speaker layout: one video slot. */
function liveSlots(data: LiveJobData): ProgrammeSlots {
  return { layout: 'speaker', video: [data.video], audio: data.audio };
}

/** The number of the next HLS segment; 0 without a playlist (or a watch page). */
async function nextSequence(hlsDir: string | null): Promise<number> {
  if (hlsDir === null) return 0;
  const text = await readFile(path.join(hlsDir, PLAYLIST), 'utf8').catch(() => '');
  return playlistState(text).nextSequence;
}
