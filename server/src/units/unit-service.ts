import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';

export interface UnitServiceOptions {
  publicUrl: string;
}

/** The administrative tree, its bridge points and their join-link credentials. */
export class UnitService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: UnitServiceOptions,
  ) {}
}
