import type { AuditLog } from '../audit/audit-log.js';
import type { JoinTokens } from '../auth/join-tokens.js';
import type { Db } from '../db/database.js';

export interface ConferenceServiceOptions {
  publicUrl: string;
}

/** Conferences: schedule, invitations, lifecycle, join links and watch pages. */
export class ConferenceService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly joinTokens: JoinTokens,
    readonly options: ConferenceServiceOptions,
  ) {}
}
