import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

export function up(db: Kysely<unknown>, { dialect }: MigrationContext) {
  return db.schema
    .createTable('audit_log')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .execute()
    .then(() => db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute());
}

export function down(db: Kysely<unknown>) {
  return db.schema.dropTable('audit_log').execute();
}
