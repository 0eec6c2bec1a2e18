import type { Recording, RecordingLayout } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../audit/audit-log.js';
import type { Caller } from '../conferences/conference-service.js';
import { AppError } from '../errors.js';
import type { JobQueues } from '../jobs/queues.js';
import type { Rooms } from '../sfu/rooms.js';
import type { BroadcastFeed } from '../streaming/broadcast-feed.js';
import { ConferenceRecorder } from './conference-recorder.js';
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
    const recorder: ConferenceRecorder = new ConferenceRecorder(
      { ...this.#deps, room, onChange: () => feed.recording(conferenceId, recorder.progress()) },
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

  async #finish(conferenceId: string, recorder: ConferenceRecorder): Promise<void> {
    const { recordings, feed, log } = this.#deps;
    const id = recorder.recordingId;
    try {
      const { files, failures } = await recorder.stop();
      for (const file of files) {
        const pointId = /track-([A-Za-z0-9_-]+)/.exec(file.path)?.[1] ?? null;
        await recordings.addFile(id, { ...file, output: pointId ? 'track' : 'programme', pointId });
      }
      if (files.length === 0) {
        const reason = failures[0] ?? 'no hall sent media while recording';
        await recordings.markFailed(id, failures.length > 0 ? 'RECORDING_FAILED' : 'NO_MEDIA', reason);
      } else {
        if (failures.length > 0) log.warn({ recordingId: id, failures }, 'some recording outputs failed');
        await recordings.markReady(id);
      }
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
}
