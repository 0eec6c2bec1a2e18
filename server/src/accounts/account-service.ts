import type { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/database.js';

export interface AccountServiceOptions {
  sessionTtlHours: number;
}

/** Accounts, passwords and sessions. */
export class AccountService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: AccountServiceOptions,
  ) {}

  async resolveSession(_token: string): Promise<Principal | undefined> {
    return undefined;
  }
}
