import type { Migration, MigrationProvider } from 'kysely';
import * as auditLog from './0001-audit-log.js';
import * as model from './0002-model.js';
import * as attendance from './0003-attendance.js';
import * as recordings from './0004-recordings.js';
import * as twoFactor from './0005-two-factor.js';
import type { MigrationContext, MigrationModule } from './migration-context.js';

// A static list rather than a folder scan: the same code runs from src (tests) and dist.
const MIGRATIONS: Record<string, MigrationModule> = {
  '0001-audit-log': auditLog,
  '0002-model': model,
  '0003-attendance': attendance,
  '0004-recordings': recordings,
  '0005-two-factor': twoFactor,
};

export function migrationProvider(ctx: MigrationContext): MigrationProvider {
  return {
    async getMigrations() {
      const entries = Object.entries(MIGRATIONS).map(([name, m]): [string, Migration] => [
        name,
        { up: async (db) => void (await m.up(db, ctx)), down: async (db) => void (await m.down(db, ctx)) },
      ]);
      return Object.fromEntries(entries);
    },
  };
}
