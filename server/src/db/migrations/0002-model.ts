import { sql, type Kysely } from 'kysely';

/**
 * The persistent model: the administrative tree and its bridge points,
 * accounts and their sessions, conferences and whom they invite.
 * Ids are text (UUIDs) and times ISO-8601 text, the same on both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('units.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_parent').on('units').column('parent_id').execute();

  await db.schema
    .createTable('bridge_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // sha256 of the join-link token: the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('token_issued_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('bridge_points_unit_name', ['unit_id', 'name'])
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    // sha256 of the session token.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  await db.schema
    .createTable('conferences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scheduled_start', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('watch_access', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('watch_slug', 'text', (c) => c.unique())
    .addColumn('viewer_token_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conferences_status_start')
    .on('conferences')
    .columns(['status', 'scheduled_start'])
    .execute();

  await db.schema
    .createTable('conference_invites')
    .addColumn('conference_id', 'text', (c) => c.notNull().references('conferences.id').onDelete('cascade'))
    // Exactly one of the two: a whole subtree, or a single point. Deleting the unit or
    // point withdraws its invitation rather than blocking the deletion.
    .addColumn('unit_id', 'text', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('point_id', 'text', (c) => c.references('bridge_points.id').onDelete('cascade'))
    .addCheckConstraint('conference_invites_one_target', sql`(unit_id is null) <> (point_id is null)`)
    .execute();
  // Each target once per conference (NULLs never collide); these also serve lookups by conference.
  await db.schema
    .createIndex('conference_invites_conference_unit')
    .on('conference_invites')
    .columns(['conference_id', 'unit_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('conference_invites_conference_point')
    .on('conference_invites')
    .columns(['conference_id', 'point_id'])
    .unique()
    .execute();
  // The join flow looks up by target, and the cascades above delete by it.
  await db.schema.createIndex('conference_invites_unit').on('conference_invites').column('unit_id').execute();
  await db.schema
    .createIndex('conference_invites_point')
    .on('conference_invites')
    .column('point_id')
    .execute();

  await db.schema.createIndex('audit_log_action').on('audit_log').column('action').execute();
  await db.schema
    .createIndex('audit_log_actor')
    .on('audit_log')
    .columns(['actor_kind', 'actor_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'conference_invites',
    'conferences',
    'sessions',
    'accounts',
    'bridge_points',
    'units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('audit_log_action').execute();
  await db.schema.dropIndex('audit_log_actor').execute();
}
