import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Recording, RecordingFile, RecordingLayout, RecordingOutput } from '@diemcau/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import type { Caller } from '../conferences/conference-service.js';
import type { Db } from '../db/database.js';
import type { RecordingFileTable, RecordingStatus, RecordingTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { fileInRecording } from './recording-paths.js';

export interface RecordingServiceOptions {
  /** DATA_DIR/recordings: one folder per recording. */
  recordingsDir: string;
}

/** A finished output as the media-worker reports it; `path` is relative to the recordings directory. */
export interface NewRecordingFile {
  output: RecordingOutput;
  pointId: string | null;
  path: string;
  bytes: number;
  durationMs: number;
  codecs: string[];
}

/** A file to send: where it is on disk and what to call it. */
export interface DownloadableFile {
  absolutePath: string;
  fileName: string;
}

const notFound = (id: string) => new AppError('NOT_FOUND', 404, `no recording ${id}`);

function toFile(row: RecordingFileTable): RecordingFile {
  return {
    id: row.id,
    output: row.output,
    pointId: row.point_id,
    fileName: path.posix.basename(row.path),
    bytes: Number(row.bytes),
    durationMs: Number(row.duration_ms),
    codecs: JSON.parse(row.codecs) as string[],
    createdAt: row.created_at,
    downloadUrl: `/api/recordings/${row.recording_id}/files/${row.id}/download`,
  };
}

function toRecording(row: RecordingTable, files: RecordingFileTable[]): Recording {
  return {
    id: row.id,
    conferenceId: row.conference_id,
    status: row.status,
    layout: row.layout,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    createdBy: row.created_by,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    files: files.map(toFile),
  };
}

/**
 * Recordings' bookkeeping: the rows the recording pipeline moves through
 * recording → finalising → ready (or failed), their files, and deletion. The
 * media is written by the media-worker; this only reads and removes it.
 */
export class RecordingService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly options: RecordingServiceOptions,
  ) {}

  /** Starts a recording of a conference; one at a time per conference. */
  async create(conferenceId: string, by: Caller, layout: RecordingLayout): Promise<Recording> {
    const row: RecordingTable = {
      id: crypto.randomUUID(),
      conference_id: conferenceId,
      status: 'recording',
      layout,
      started_at: new Date().toISOString(),
      stopped_at: null,
      created_by: by.actor.kind === 'account' ? by.actor.accountId : null,
      error_code: null,
      error_message: null,
    };
    await this.db.transaction().execute(async (trx) => {
      const conference = await trx
        .selectFrom('conferences')
        .select('id')
        .where('id', '=', conferenceId)
        .executeTakeFirst();
      if (!conference) throw new AppError('NOT_FOUND', 404, `no conference ${conferenceId}`);
      const running = await trx
        .selectFrom('recordings')
        .select('id')
        .where('conference_id', '=', conferenceId)
        .where('status', 'in', ['recording', 'finalising'])
        .executeTakeFirst();
      if (running)
        throw new AppError('CONFLICT', 409, `conference ${conferenceId} is being recorded (${running.id})`);
      await trx.insertInto('recordings').values(row).execute();
      await this.audit.record(
        {
          actor: by.actor,
          action: 'recording.start',
          target: { kind: 'recording', id: row.id },
          ip: by.ip,
          details: { conferenceId, layout },
        },
        trx,
      );
    });
    return toRecording(row, []);
  }

  /** Recording stopped; the outputs are being finished. */
  async markFinalising(id: string): Promise<Recording> {
    return this.#move(id, ['recording'], { status: 'finalising' });
  }

  /** Every output is finished and its files added. */
  async markReady(id: string): Promise<Recording> {
    return this.#move(id, ['recording', 'finalising'], { status: 'ready' });
  }

  async markFailed(id: string, errorCode: string, errorMessage: string): Promise<Recording> {
    return this.#move(id, ['recording', 'finalising'], {
      status: 'failed',
      error_code: errorCode,
      error_message: errorMessage,
    });
  }

  /** Records a finished output file; its path must lie in the recording's own folder. */
  async addFile(id: string, file: NewRecordingFile): Promise<RecordingFile> {
    if (!fileInRecording(this.options.recordingsDir, id, file.path)) {
      throw new AppError('VALIDATION_FAILED', 400, `file path ${file.path} is outside recording ${id}`);
    }
    if ((file.output === 'track') !== (file.pointId !== null)) {
      throw new AppError('VALIDATION_FAILED', 400, 'a track names its point; the programme does not');
    }
    const row: RecordingFileTable = {
      id: crypto.randomUUID(),
      recording_id: id,
      output: file.output,
      point_id: file.pointId,
      path: path.posix.normalize(file.path),
      bytes: file.bytes,
      duration_ms: file.durationMs,
      codecs: JSON.stringify(file.codecs),
      created_at: new Date().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      const recording = await trx
        .selectFrom('recordings')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!recording) throw notFound(id);
      if (recording.status === 'ready' || recording.status === 'failed') {
        throw new AppError('CONFLICT', 409, `recording ${id} is ${recording.status}`);
      }
      await trx.insertInto('recording_files').values(row).execute();
    });
    return toFile(row);
  }

  async get(id: string): Promise<Recording> {
    const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(id);
    return toRecording(row, await this.#files([id]));
  }

  /** A conference's recordings, newest first, with their files. */
  async list(conferenceId: string): Promise<Recording[]> {
    const conference = await this.db
      .selectFrom('conferences')
      .select('id')
      .where('id', '=', conferenceId)
      .executeTakeFirst();
    if (!conference) throw new AppError('NOT_FOUND', 404, `no conference ${conferenceId}`);
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('conference_id', '=', conferenceId)
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .execute();
    const files = await this.#files(rows.map((r) => r.id));
    return rows.map((r) =>
      toRecording(
        r,
        files.filter((f) => f.recording_id === r.id),
      ),
    );
  }

  /** Recordings still `recording` or `finalising`: after a restart, those a previous process left open. */
  async listOpen(): Promise<Recording[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('status', 'in', ['recording', 'finalising'])
      .execute();
    const files = await this.#files(rows.map((r) => r.id));
    return rows.map((r) =>
      toRecording(
        r,
        files.filter((f) => f.recording_id === r.id),
      ),
    );
  }

  /** Removes a finished recording: its folder first, then its rows. */
  async delete(id: string, caller: Caller): Promise<void> {
    const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(id);
    if (row.status === 'recording' || row.status === 'finalising') {
      throw new AppError('CONFLICT', 409, `recording ${id} is still ${row.status}: stop it first`);
    }
    // The id is ours (a UUID from the row), so the folder is inside recordingsDir.
    await fs.rm(path.join(this.options.recordingsDir, id), { recursive: true, force: true });
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recordings').where('id', '=', id).execute();
      await this.audit.record(
        {
          actor: caller.actor,
          action: 'recording.delete',
          target: { kind: 'recording', id },
          ip: caller.ip,
          details: { conferenceId: row.conference_id },
        },
        trx,
      );
    });
  }

  /** Where a recording's file is, checked to lie inside the recording's folder. */
  async fileToDownload(id: string, fileId: string): Promise<DownloadableFile> {
    const row = await this.db
      .selectFrom('recording_files')
      .select(['path'])
      .where('id', '=', fileId)
      .where('recording_id', '=', id)
      .executeTakeFirst();
    const absolutePath = row && fileInRecording(this.options.recordingsDir, id, row.path);
    if (!row || !absolutePath) throw new AppError('NOT_FOUND', 404, `no file ${fileId} in recording ${id}`);
    return { absolutePath, fileName: path.posix.basename(row.path) };
  }

  async #files(recordingIds: string[]): Promise<RecordingFileTable[]> {
    if (recordingIds.length === 0) return [];
    return this.db
      .selectFrom('recording_files')
      .selectAll()
      .where('recording_id', 'in', recordingIds)
      .orderBy('output')
      .orderBy('path')
      .execute();
  }

  /** Moves a recording between states; the `from` guard makes racing updates fail cleanly. */
  async #move(
    id: string,
    from: RecordingStatus[],
    set: Partial<Pick<RecordingTable, 'status' | 'error_code' | 'error_message'>>,
  ): Promise<Recording> {
    const current = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw notFound(id);
    const updated = await this.db
      .updateTable('recordings')
      .set({ ...set, stopped_at: current.stopped_at ?? new Date().toISOString() })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      const latest = await this.db
        .selectFrom('recordings')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      throw new AppError(
        'CONFLICT',
        409,
        `recording ${id} is ${latest?.status ?? 'gone'}, not ${from.join(' or ')}`,
      );
    }
    return this.get(id);
  }
}
