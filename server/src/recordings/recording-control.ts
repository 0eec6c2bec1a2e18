import type { Recording, RecordingLayout, RecordJobData } from '@diemcau/protocol';
import type { Job } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../audit/audit-log.js';
import type { Caller } from '../conferences/conference-service.js';
import type { BroadcastFeed } from '../egress/broadcast-feed.js';
import { sendControl } from '../egress/control-channel.js';
import { FINISH_TIMEOUT_MS } from '../egress/egress-job.js';
import { jobResult } from '../egress/job-kinds.js';
import { AppError } from '../errors.js';
import type { JobQueues } from '../jobs/queues.js';
import type { Rooms } from '../sfu/rooms.js';
import { ConferenceRecorder } from './conference-recorder.js';
import {
  endingReason,
  type ErrorInfo,
  type Finished,
  type OutputResult,
  outputResult,
  recordingOutcome,
  trackPointId,
} from './recording-outcome.js';
import type { RecordingService } from './recording-service.js';

export interface RecordingControlDeps {
  rooms: Rooms;
  recordings: RecordingService;
  audit: AuditLog;
  queues: JobQueues;
  publisher: Redis;
  feed: BroadcastFeed;
  listenIp: string;
  log: FastifyBaseLogger;
}

const SYSTEM: Caller = { actor: { kind: 'system' }, ip: null };
const NO_MEDIA: ErrorInfo = {
  code: 'NO_MEDIA',
  message: 'no hall or host sent sound or picture while recording',
};
const INTERRUPTED: ErrorInfo = {
  code: 'INTERRUPTED',
  message: 'the server restarted while recording, and no media-worker file was left',
};

/**
 * Starts and stops the recording of live conferences: the database row
 * (RecordingService) and the media (ConferenceRecorder). A recording ends
 * with its room too (the conference ended, or every hall left).
 */
export class RecordingControl {
  readonly #deps: RecordingControlDeps;
  readonly #active = new Map<string, ConferenceRecorder>();
  readonly #finishing = new Set<Promise<void>>();

  constructor(deps: RecordingControlDeps) {
    this.#deps = deps;
  }

  async start(conferenceId: string, by: Caller, layout: RecordingLayout): Promise<Recording> {
    const room = await this.#deps.rooms.find(conferenceId);
    if (!room || room.closed) throw new AppError('CONFLICT', 409, `conference ${conferenceId} is not live`);
    const recording = await this.#deps.recordings.create(conferenceId, by, layout);
    const { feed } = this.#deps;
    // The disk filled or ffmpeg is gone: no output can go on, so the recording stops as if asked.
    const onEnded = () => {
      if (this.#active.get(conferenceId) === recorder)
        void this.stop(recording.id, SYSTEM).catch(() => undefined);
    };
    const recorder: ConferenceRecorder = new ConferenceRecorder(
      { ...this.#deps, room, onChange: () => feed.recording(conferenceId, recorder.progress()), onEnded },
      recording,
    );
    this.#active.set(conferenceId, recorder);
    room.once('closed', () => {
      if (this.#active.get(conferenceId) === recorder)
        void this.stop(recording.id, SYSTEM).catch(() => undefined);
    });
    feed.recording(conferenceId, recorder.progress(), true);
    return recording;
  }

  /** Stops recording; the files are finished in the background (status `finalising`, then `ready`). */
  async stop(recordingId: string, by: Caller): Promise<Recording> {
    const entry = [...this.#active.entries()].find(([, r]) => r.recordingId === recordingId);
    if (!entry) {
      const recording = await this.#deps.recordings.get(recordingId);
      throw new AppError('CONFLICT', 409, `recording ${recordingId} is ${recording.status}, not recording`);
    }
    const [conferenceId, recorder] = entry;
    this.#active.delete(conferenceId);
    const recording = await this.#deps.recordings.markFinalising(recordingId);
    await this.#deps.audit.record({
      actor: by.actor,
      action: 'recording.stop',
      target: { kind: 'recording', id: recordingId },
      ip: by.ip,
      details: { conferenceId },
    });
    const finishing = this.#finish(conferenceId, recorder).finally(() => this.#finishing.delete(finishing));
    this.#finishing.add(finishing);
    return recording;
  }

  /** Recordings running in this process, for metrics. */
  get running(): number {
    return this.#active.size;
  }

  /** The recording running in a conference, if any. */
  active(conferenceId: string): string | undefined {
    return this.#active.get(conferenceId)?.recordingId;
  }

  /** Stops every recording and waits for their files (server shutdown). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.#active.values()].map((r) => this.stop(r.recordingId, SYSTEM).catch(() => undefined)),
    );
    await Promise.all(this.#finishing);
  }

  /**
   * Recordings a previous server process left open (it died without stopping
   * them): their jobs still running are told to stop, and whatever the jobs
   * wrote is catalogued, so nothing recorded is lost to a server restart.
   */
  async finishInterrupted(): Promise<void> {
    const { recordings, queues, log } = this.#deps;
    const open = (await recordings.listOpen()).filter((r) => this.#isOrphan(r.id));
    if (open.length === 0) return;
    await queues.recordEvents.ready();
    const jobs = await queues.record.getJobs(['active', 'waiting', 'delayed', 'completed', 'failed']);
    await Promise.all(
      open.map(async (recording) => {
        log.info({ recordingId: recording.id }, 'finishing a recording left open by a restart');
        if (recording.status === 'recording') await recordings.markFinalising(recording.id);
        const outcomes = await Promise.all(
          jobs.filter((job) => job.id?.startsWith(`${recording.id}.`)).map((job) => this.#outcomeOf(job)),
        );
        await this.#catalogue(recording.id, {
          files: outcomes.flatMap((o) => (Array.isArray(o) ? o : [])),
          failures: outcomes.flatMap((o) => (Array.isArray(o) ? [] : [o])),
          endedBy: outcomes.map(endingReason).find((reason) => reason !== undefined),
          nothing: INTERRUPTED,
        });
        this.#deps.feed.recording(recording.conferenceId, null, true);
      }),
    );
  }

  #isOrphan(recordingId: string): boolean {
    return ![...this.#active.values()].some((r) => r.recordingId === recordingId);
  }

  /** What one job of a recording left: its files, once a running one has obeyed `stop`. */
  async #outcomeOf(job: Job): Promise<OutputResult> {
    const { queues, publisher } = this.#deps;
    const jobId = job.id ?? '';
    // Both kinds return files; the payload of a job from an older process is not trusted to be whole.
    const kind = (job.data as Partial<RecordJobData>).output?.kind === 'programme' ? 'programme' : 'track';
    const state = await job.getState();
    if (state === 'completed') return outputResult(jobId, jobResult(kind, job.returnvalue));
    if (state === 'failed') return { jobId, reason: job.failedReason };
    if (state !== 'active') {
      await job.remove().catch(() => undefined);
      return [];
    }
    await sendControl(publisher, jobId, { type: 'stop' });
    try {
      const returned: unknown = await job.waitUntilFinished(queues.recordEvents.events, FINISH_TIMEOUT_MS);
      return outputResult(jobId, jobResult(kind, returned));
    } catch (error) {
      return { jobId, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async #finish(conferenceId: string, recorder: ConferenceRecorder): Promise<void> {
    const { recordings, feed, log } = this.#deps;
    const id = recorder.recordingId;
    try {
      await this.#catalogue(id, { ...(await recorder.stop()), nothing: NO_MEDIA });
    } catch (error) {
      log.error({ err: error, recordingId: id }, 'cannot finish recording');
      await recordings
        .markFailed(id, 'RECORDING_FAILED', error instanceof Error ? error.message : String(error))
        .catch(() => undefined);
    }
    const final = await recordings.get(id).catch(() => undefined);
    feed.recording(
      conferenceId,
      final === undefined
        ? null
        : {
            id,
            status: final.status,
            startedAt: final.startedAt,
            seconds: Math.max(0, ...final.files.map((f) => f.durationMs / 1000)),
            outputs: final.files.length,
            bytes: final.files.reduce((sum, f) => sum + f.bytes, 0),
            error: final.error,
          },
      true,
    );
  }

  /**
   * Adds every file (the last one per output), kept whatever the outcome, and
   * settles the recording (recordingOutcome).
   */
  async #catalogue(id: string, finished: Finished): Promise<void> {
    const { recordings, log } = this.#deps;
    const byPath = new Map(finished.files.map((file) => [file.path, file]));
    for (const { path, bytes, durationMs, codecs } of byPath.values()) {
      const pointId = trackPointId({ path });
      const output = pointId ? 'track' : 'programme';
      await recordings.addFile(id, { path, bytes, durationMs, codecs, output, pointId });
    }
    if (finished.failures.length > 0) {
      log.warn({ recordingId: id, failures: finished.failures }, 'some recording outputs failed');
    }
    const outcome = recordingOutcome({ ...finished, files: [...byPath.values()] });
    if (outcome.status === 'ready') await recordings.markReady(id);
    else await recordings.markFailed(id, outcome.error.code, outcome.error.message);
  }
}
