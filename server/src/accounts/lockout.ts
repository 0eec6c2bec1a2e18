// The per-account lock-out: wrong passwords and wrong or replayed second-factor codes count alike.
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import type { AccountTable } from '../db/schema.js';
import { AppError } from '../errors.js';

/** Consecutive wrong passwords (or codes) that lock an account, and for how long. */
export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;

export const locked = (lockedUntil: string) =>
  new AppError('ACCOUNT_LOCKED', 423, 'too many wrong passwords: this account is locked for a while', {
    lockedUntil,
  });

/** When the account's lock ends, if it is locked now. */
export const lockedUntil = (row: Pick<AccountTable, 'locked_until'>, now = new Date()) =>
  row.locked_until !== null && row.locked_until > now.toISOString() ? row.locked_until : undefined;

export interface FailedAttempt {
  account: Pick<AccountTable, 'id'> | undefined;
  actor: AuditEvent['actor'];
  action: string;
  username: string;
  ip: string | null;
  reason: string;
}

/**
 * Audits a wrong password or code and counts it against the account; the
 * failure that reaches LOCKOUT.maxFailures locks the account and starts a new count.
 */
export async function recordFailure(db: Db, audit: AuditLog, attempt: FailedAttempt): Promise<void> {
  const { account, actor, username, ip } = attempt;
  await db.transaction().execute(async (trx) => {
    const target = account ? { target: { kind: 'account', id: account.id } } : {};
    const details = { username, reason: attempt.reason };
    await audit.record({ actor, action: attempt.action, ...target, ip, details }, trx);
    if (!account) return;
    // Counted in the database, not in memory: concurrent attempts and several servers add up.
    const { failed_logins: failures } = await trx
      .updateTable('accounts')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', account.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    if (failures < LOCKOUT.maxFailures) return;
    const until = new Date(Date.now() + LOCKOUT.minutes * 60_000).toISOString();
    await trx
      .updateTable('accounts')
      .set({ failed_logins: 0, locked_until: until })
      .where('id', '=', account.id)
      .execute();
    await audit.record(
      { actor, action: 'auth.locked', ...target, ip, details: { username, failures, lockedUntil: until } },
      trx,
    );
  });
}
