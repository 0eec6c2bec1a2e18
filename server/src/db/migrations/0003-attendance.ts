import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The attendance timeline: one row per join, leave or headcount report of a
 * bridge point in a conference (server/src/attendance). Rows are only ever
 * inserted; the id orders events that share a timestamp.
 */
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('attendance_events')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('conference_id', 'text', (c) => c.notNull().references('conferences.id').onDelete('cascade'))
    // Deleting a point (or its unit) takes its history with it, as it does its invitations.
    .addColumn('point_id', 'text', (c) => c.notNull().references('bridge_points.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // The signalling session that joined or left: tells a replaced session or a reconnect apart.
    .addColumn('session_id', 'text')
    .addColumn('headcount', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addCheckConstraint('attendance_events_kind', sql`kind in ('join', 'leave', 'headcount')`)
    .addCheckConstraint(
      'attendance_events_shape',
      sql`(kind = 'headcount' and headcount is not null and headcount between 0 and 10000)
        or (kind <> 'headcount' and headcount is null and session_id is not null)`,
    )
    .execute();
  // Every read is one conference's timeline in order.
  await db.schema
    .createIndex('attendance_events_conference_at')
    .on('attendance_events')
    .columns(['conference_id', 'at'])
    .execute();
  // The cascade from bridge_points deletes by point.
  await db.schema.createIndex('attendance_events_point').on('attendance_events').column('point_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attendance_events').execute();
}
