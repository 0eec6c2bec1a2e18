// Two-factor sign-in: each account's TOTP secret (sealed) and last used time step, its one-time
// recovery codes (hashed), and sessions that may only set up a second factor.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  const accountColumns = [
    // Sealed with SecretBox under its own purpose: a copy of the database yields no second factor.
    'totp_secret_sealed',
    // Set up but not yet confirmed with a first code.
    'totp_pending_sealed',
    'totp_enabled_at',
  ];
  for (const column of accountColumns) {
    await db.schema.alterTable('accounts').addColumn(column, 'text').execute();
  }
  // The last time step a code was accepted for: a code is good once (no replay).
  await db.schema.alterTable('accounts').addColumn('totp_last_step', 'bigint').execute();
  // 'full', or 'enrol': the session may only set up a second factor (REQUIRE_2FA).
  await db.schema
    .alterTable('sessions')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('full'))
    .execute();

  await db.schema
    .createTable('recovery_codes')
    // sha256 of the code: codes are 80 random bits, so a plain hash cannot be reversed.
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_account').on('recovery_codes').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.alterTable('sessions').dropColumn('purpose').execute();
  for (const column of ['totp_last_step', 'totp_enabled_at', 'totp_pending_sealed', 'totp_secret_sealed']) {
    await db.schema.alterTable('accounts').dropColumn(column).execute();
  }
}
