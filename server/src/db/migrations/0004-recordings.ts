import { sql, type Kysely } from 'kysely';

/**
 * Recordings of conferences with their finished files, and livestream
 * destinations (docs/recordings.md). The media itself lives under
 * DATA_DIR/recordings/<recordingId>/; rows hold paths relative to DATA_DIR/recordings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recordings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No cascade: a conference's recordings are deleted on purpose, files first (RecordingService.delete).
    .addColumn('conference_id', 'text', (c) => c.notNull().references('conferences.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('stopped_at', 'text')
    // Accounts can be deleted; the recording stays.
    .addColumn('created_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addCheckConstraint('recordings_status', sql`status in ('recording', 'finalising', 'ready', 'failed')`)
    .addCheckConstraint('recordings_layout', sql`layout in ('speaker', 'grid')`)
    .execute();
  await db.schema
    .createIndex('recordings_conference_started')
    .on('recordings')
    .columns(['conference_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('recording_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recording_id', 'text', (c) => c.notNull().references('recordings.id').onDelete('cascade'))
    .addColumn('output', 'text', (c) => c.notNull())
    // The point a track belongs to; a deleted point leaves its track, unattributed.
    .addColumn('point_id', 'text', (c) => c.references('bridge_points.id').onDelete('set null'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    // A JSON array of codec names, e.g. ["vp8","opus"].
    .addColumn('codecs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('recording_files_output', sql`output in ('programme', 'track')`)
    .addUniqueConstraint('recording_files_recording_path', ['recording_id', 'path'])
    .execute();
  await db.schema.createIndex('recording_files_point').on('recording_files').column('point_id').execute();

  await db.schema
    .createTable('stream_destinations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    // The server URL only; the key is kept apart, sealed (server/src/crypto/secret-box.ts).
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('stream_key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('stream_destinations_platform', sql`platform in ('facebook', 'youtube', 'rtmp')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stream_destinations').execute();
  await db.schema.dropTable('recording_files').execute();
  await db.schema.dropTable('recordings').execute();
}
