// What every migration is given and must provide: the dialect it writes for, and up/down.
import type { Kysely } from 'kysely';

export interface MigrationContext {
  dialect: 'sqlite' | 'postgres';
}

export interface MigrationModule {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<unknown>;
  down(db: Kysely<unknown>, ctx: MigrationContext): Promise<unknown>;
}
