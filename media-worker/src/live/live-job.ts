// The `live` job: the compositor encoded once to HLS and to a local feed per
// destination, each relayed to its RTMP server, until `stop`.
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStatus, LiveJobData } from '@diemcau/protocol';
import { type Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { Compositor } from '../compositor/compositor.js';
import { hlsOutputDir, PLAYLIST, playlistState } from '../compositor/hls-playlist.js';
import { compositorPorts } from '../compositor/ports.js';
import { checkSlots, type CompositorSlots } from '../compositor/slots.js';
import { EgressJob, type EgressJobContext } from '../egress/egress-job.js';
import { EgressError } from '../egress/errors.js';
import { keyFrameRequester } from '../egress/key-frame-requests.js';
import { Destinations } from './destinations.js';
import { type HlsDiskWatch, watchHlsDisk } from './hls-disk.js';

const PROGRESS_MS = 1_000;

export interface LiveContext extends EgressJobContext {
  ffmpeg: string;
  /** DATA_DIR/hls: each conference's stream in `<slug>/`. */
  hlsDir: string;
  /** Free space (MB) the HLS folder's disk keeps: below it the job warns DISK_FULL (MIN_FREE_DISK_MB). */
  minFreeDiskMb: number;
  /** Each destination's status change (metrics count the retries). */
  onRelayChange?: (status: DestinationStatus) => void;
  log: Logger;
}

/**
 * The conference's livestream, from `listening` to `stop`. A shutdown hands
 * the job back to the queue; a worker that dies leaves it to BullMQ's
 * stalled-job check; either way the next attempt listens on new ports and
 * continues the same HLS playlist after a discontinuity. An encoder or mixer
 * that keeps exiting fails the attempt, which is retried.
 */
export async function liveJob(ctx: LiveContext, job: Job, token: string | undefined, data: LiveJobData) {
  const log = ctx.log.child({ queue: 'live', jobId: job.id ?? '' });
  try {
    await checkJob(ctx.ffmpeg, data);
  } catch (error) {
    throw new UnrecoverableError((error as EgressError).message);
  }
  const hlsDir = data.slug === null ? null : hlsOutputDir(ctx.hlsDir, data.slug);
  if (hlsDir !== null) {
    // A first attempt is a new stream: the last one's playlist and segments go (attemptsStarted
    // counts stalled-job recoveries and hand-overs too).
    if (job.attemptsStarted <= 1) await rm(hlsDir, { recursive: true, force: true });
    await mkdir(hlsDir, { recursive: true });
  }
  const slots = liveSlots(data);
  const ports = await compositorPorts({ ...slots, destinations: data.destinations });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-live-'));
  const egress = new EgressJob(ctx, job, token, log);
  const compositor = new Compositor({
    ffmpeg: ctx.ffmpeg,
    data: slots,
    ports,
    rtpHost: ctx.rtpHost,
    workDir,
    output: { kind: 'live', hlsDir, relayPorts: Object.values(ports.relays) },
    log,
    requestKeyFrame: keyFrameRequester(job, log),
    onFailure: egress.fail,
  });
  const destinations = new Destinations({
    ffmpeg: ctx.ffmpeg,
    known: data.destinations,
    relayPorts: ports.relays,
    onChange: ctx.onRelayChange,
    log,
  });
  let applying = Promise.resolve();
  let disk: HlsDiskWatch | undefined;
  let firstSequence = 0;
  await egress.run({
    name: 'live job',
    onControl: (message) => {
      if (message.type === 'programme') {
        log.info({ video: message.video, audio: message.audio }, 'programme');
        compositor.set(message);
      } else if (message.type === 'destinations') {
        // Ids only: the URLs carry stream keys.
        log.info({ destinations: message.destinations.map((d) => d.id) }, 'destinations');
        applying = applying
          .then(() => destinations.apply(message.destinations))
          .catch((error: Error) => log.error({ error: error.message }, 'destinations not applied'));
      }
    },
    start: async () => {
      // A disk below the minimum does not stop the livestream: it is reported until space comes back.
      disk = await watchHlsDisk(hlsDir, ctx.minFreeDiskMb, (warning) => {
        if (warning) log.warn({ warning: warning.message }, 'HLS disk low');
        else log.info('HLS disk space back above the minimum');
      });
      await compositor.start();
      firstSequence = await nextSequence(hlsDir);
      return { ports: ports.streams, log: { ports, hlsDir } };
    },
    progress: async (startedAt) => {
      const sequence = await nextSequence(hlsDir);
      return {
        phase: 'live',
        seconds: Math.round((Date.now() - startedAt) / 100) / 10,
        hlsSegments: sequence - firstSequence,
        slate: compositor.slate,
        destinations: destinations.statuses(),
        ...(disk?.warning ? { hlsWarning: disk.warning } : {}),
      };
    },
    progressMs: PROGRESS_MS,
    stop: async (end) => {
      await applying;
      await destinations.stopAll();
      await compositor.stop({ final: end === 'stop' });
    },
    finish: async () => undefined,
    cleanUp: async () => {
      disk?.stop();
      await destinations.stopAll();
      await compositor.stop({ final: false });
      await rm(workDir, { recursive: true, force: true });
    },
  });
}

/** Refuses, before anything starts, a job this worker cannot run. */
async function checkJob(ffmpeg: string, data: LiveJobData): Promise<void> {
  checkSlots(liveSlots(data));
  const destinationIds = data.destinations.map((destination) => destination.id);
  const twice = destinationIds.find((id, index) => destinationIds.indexOf(id) !== index);
  if (twice !== undefined) throw new EgressError('INVALID_JOB', `id ${twice} is used twice`);
  if (data.slug === null && data.destinations.length === 0) {
    throw new EgressError('NO_OUTPUT', 'the conference has no watch page and the job no destination');
  }
  await access(ffmpeg, constants.X_OK).catch(() => {
    throw new EgressError('FFMPEG_NOT_FOUND', `ffmpeg at ${ffmpeg} is missing or not executable`);
  });
}

/** The livestream shows the speaker layout: one video slot. */
function liveSlots(data: LiveJobData): CompositorSlots {
  return { layout: 'speaker', video: [data.video], audio: data.audio };
}

/** The number of the next HLS segment; 0 without a playlist (or a watch page). */
async function nextSequence(hlsDir: string | null): Promise<number> {
  if (hlsDir === null) return 0;
  const text = await readFile(path.join(hlsDir, PLAYLIST), 'utf8').catch(() => '');
  return playlistState(text).nextSequence;
}
