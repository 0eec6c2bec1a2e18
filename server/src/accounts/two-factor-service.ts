// The second factor of an account: TOTP set up with a QR code and confirmed with a first code,
// one-time recovery codes, the check at sign-in (no replay), and the operator's reset.
import type { Role, TwoFactorSetup, TwoFactorStatus } from '@diemcau/protocol';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import { verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import { hashRecoveryCode, isTotpCode, newRecoveryCodes } from '../auth/recovery-codes.js';
import { newTotpSecret, totpQrSvg, totpStep, totpUri } from '../auth/totp.js';
import type { RequireTwoFactor } from '../config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Db } from '../db/database.js';
import type { AccountTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { locked, lockedUntil, recordFailure } from './lockout.js';
import type { SessionService } from './session-service.js';

/** The purpose TOTP secrets are sealed under (SecretBox): not the stream keys' key. */
export const TOTP_SEAL_PURPOSE = 'diemcau totp secrets v1';

/** A signed-in caller: a full session, or one that may only set up its second factor. */
export type SignedInPrincipal = Extract<Principal, { kind: 'account' | 'enrolling' }>;

export interface TwoFactorOptions {
  require: RequireTwoFactor;
  /** Seals the secrets; without it (a bare service in a test) no secret can be set up or checked. */
  box: SecretBox | undefined;
}

/** How a sign-in's code went: the factor used, or why it was refused. */
export type CodeCheck = 'totp' | 'recovery-code' | 'wrong-code' | 'replayed-code';

type FactorRow = Pick<AccountTable, 'id' | 'totp_secret_sealed'>;

const noSuchAccount = () => new AppError('NOT_FOUND', 404, 'no such account');

export class TwoFactorService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly sessions: SessionService,
    readonly options: TwoFactorOptions,
  ) {}

  /** Whether REQUIRE_2FA covers accounts of this role. */
  requiredFor(role: Role): boolean {
    return this.options.require === 'all' || (this.options.require === 'admins' && role === 'admin');
  }

  async status(accountId: string, role: Role): Promise<TwoFactorStatus> {
    const row = await this.db
      .selectFrom('accounts')
      .select('totp_enabled_at')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw noSuchAccount();
    return {
      enabled: row.totp_enabled_at !== null,
      required: this.requiredFor(role),
      enabledAt: row.totp_enabled_at,
      recoveryCodesLeft: await this.#codesLeft(accountId),
    };
  }

  /**
   * A new secret for the caller, kept aside until a first code confirms it
   * (a second setup replaces it). Refused while a second factor is on: the
   * operator's reset, or turning it off, comes first.
   */
  async setup(principal: SignedInPrincipal, ip: string | null): Promise<TwoFactorSetup> {
    const box = this.#box();
    const secret = newTotpSecret();
    const set = await this.db
      .updateTable('accounts')
      .set({ totp_pending_sealed: box.seal(secret) })
      .where('id', '=', principal.accountId)
      .where('totp_enabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(set.numUpdatedRows) === 0) {
      throw new AppError('CONFLICT', 409, 'two-factor sign-in is already on for this account');
    }
    await this.#record(principal, 'auth.two-factor.setup', principal.accountId, ip);
    const uri = totpUri(secret, principal.username);
    return { secret, uri, qrSvg: totpQrSvg(uri) };
  }

  /**
   * Turns the set-up secret on with a first code from the app, makes the
   * recovery codes (returned once, stored hashed) and ends the account's other
   * sessions, opened with the password alone. A session that could only set up
   * the second factor becomes a full one.
   */
  async confirm(
    principal: SignedInPrincipal,
    code: string,
    ip: string | null,
  ): Promise<{ recoveryCodes: string[]; expiresAt: string }> {
    const box = this.#box();
    const row = await this.db
      .selectFrom('accounts')
      .select(['totp_pending_sealed', 'totp_enabled_at'])
      .where('id', '=', principal.accountId)
      .executeTakeFirstOrThrow();
    if (row.totp_enabled_at !== null) {
      throw new AppError('CONFLICT', 409, 'two-factor sign-in is already on for this account');
    }
    if (row.totp_pending_sealed === null) {
      throw new AppError('CONFLICT', 409, 'set up two-factor sign-in first');
    }
    const step = totpStep(box.open(row.totp_pending_sealed), code);
    if (step === undefined) {
      throw new AppError('VALIDATION_FAILED', 400, 'wrong code: check the time on the phone and try again', [
        { path: '/code', message: 'wrong code' },
      ]);
    }
    const recoveryCodes = newRecoveryCodes();
    const now = new Date().toISOString();
    const expiresAt = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({
          totp_secret_sealed: row.totp_pending_sealed,
          totp_pending_sealed: null,
          totp_enabled_at: now,
          // The confirming code counts as used: it cannot also sign in.
          totp_last_step: step,
          updated_at: now,
        })
        .where('id', '=', principal.accountId)
        .execute();
      await this.#storeRecoveryCodes(trx, principal.accountId, recoveryCodes);
      const ended = await this.sessions.endOthers(trx, principal.accountId, principal.sessionId);
      await this.#record(principal, 'auth.two-factor.enable', principal.accountId, ip, trx, {
        otherSessionsEnded: ended,
      });
      if (principal.kind === 'enrolling') return this.sessions.upgrade(trx, principal.sessionId);
      const session = await trx
        .selectFrom('sessions')
        .select('expires_at')
        .where('id', '=', principal.sessionId)
        .executeTakeFirstOrThrow();
      return session.expires_at;
    });
    return { recoveryCodes, expiresAt };
  }

  /**
   * Turns the caller's second factor off after checking the password (wrong
   * ones count towards the lock-out); refused where REQUIRE_2FA covers the role.
   */
  async disable(principal: SignedInPrincipal, password: string, ip: string | null): Promise<void> {
    if (this.requiredFor(principal.role)) {
      throw new AppError('CONFLICT', 409, 'this server requires two-factor sign-in for your role');
    }
    const row = await this.#checkPassword(principal, password, ip, 'auth.two-factor.disable.failed');
    if (row.totp_enabled_at === null) throw new AppError('CONFLICT', 409, 'two-factor sign-in is not on');
    await this.db.transaction().execute(async (trx) => {
      await this.#clear(trx, row.id);
      await this.#record(principal, 'auth.two-factor.disable', row.id, ip, trx);
    });
  }

  /**
   * New recovery codes after checking the password (wrong ones count towards
   * the lock-out); the previous codes, used or not, stop working.
   */
  async renewRecoveryCodes(
    principal: SignedInPrincipal,
    password: string,
    ip: string | null,
  ): Promise<string[]> {
    const row = await this.#checkPassword(principal, password, ip, 'auth.two-factor.recovery-codes.failed');
    if (row.totp_enabled_at === null) throw new AppError('CONFLICT', 409, 'two-factor sign-in is not on');
    const recoveryCodes = newRecoveryCodes();
    await this.db.transaction().execute(async (trx) => {
      await this.#storeRecoveryCodes(trx, row.id, recoveryCodes);
      await this.#record(principal, 'auth.two-factor.recovery-codes', row.id, ip, trx);
    });
    return recoveryCodes;
  }

  async #checkPassword(
    principal: SignedInPrincipal,
    password: string,
    ip: string | null,
    failedAction: string,
  ) {
    const row = await this.db
      .selectFrom('accounts')
      .select(['id', 'username', 'password_hash', 'locked_until', 'totp_enabled_at'])
      .where('id', '=', principal.accountId)
      .executeTakeFirstOrThrow();
    const lockEnd = lockedUntil(row);
    if (lockEnd) throw locked(lockEnd);
    if (!(await verifyPassword(password, row.password_hash))) {
      await recordFailure(this.db, this.audit, {
        account: row,
        actor: principal,
        action: failedAction,
        username: row.username,
        ip,
        reason: 'wrong-password',
      });
      throw new AppError('FORBIDDEN', 403, 'the password is wrong');
    }
    return row;
  }

  async #storeRecoveryCodes(db: Db, accountId: string, codes: string[]): Promise<void> {
    const now = new Date().toISOString();
    await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
    await db
      .insertInto('recovery_codes')
      .values(
        codes.map((c) => ({
          code_hash: hashRecoveryCode(c),
          account_id: accountId,
          created_at: now,
          used_at: null,
        })),
      )
      .execute();
  }

  /**
   * The operator's reset (a lost phone): the second factor and its recovery
   * codes go, and so does every session of the account. With REQUIRE_2FA the
   * next sign-in sets up a new one.
   */
  async reset(
    username: string,
    actor: AuditEvent['actor'],
  ): Promise<{ accountId: string; wasOn: boolean; sessionsEnded: number }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('accounts')
        .select(['id', 'totp_enabled_at'])
        .where('username', '=', username.trim().toLowerCase())
        .executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', 404, `no account with the username "${username}"`);
      await this.#clear(trx, row.id);
      const sessionsEnded = await this.sessions.endOthers(trx, row.id);
      const wasOn = row.totp_enabled_at !== null;
      await this.#record(actor, 'auth.two-factor.reset', row.id, null, trx, {
        username,
        wasOn,
        sessionsEnded,
      });
      return { accountId: row.id, wasOn, sessionsEnded };
    });
  }

  /**
   * Checks a sign-in's code: an app's code for a time step later than the last
   * one accepted (RFC 6238 §5.2: each code is good once), or an unused
   * recovery code, which is used up. The updates are conditional, so two
   * sign-ins racing with one code cannot both pass.
   */
  async check(row: FactorRow, code: string): Promise<CodeCheck> {
    if (isTotpCode(code)) {
      if (row.totp_secret_sealed === null) return 'wrong-code';
      const step = totpStep(this.#box().open(row.totp_secret_sealed), code.trim());
      if (step === undefined) return 'wrong-code';
      const taken = await this.db
        .updateTable('accounts')
        .set({ totp_last_step: step })
        .where('id', '=', row.id)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) === 1 ? 'totp' : 'replayed-code';
    }
    const hash = hashRecoveryCode(code);
    const used = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: new Date().toISOString() })
      .where('account_id', '=', row.id)
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) === 1) return 'recovery-code';
    const known = await this.db
      .selectFrom('recovery_codes')
      .select('used_at')
      .where('account_id', '=', row.id)
      .where('code_hash', '=', hash)
      .executeTakeFirst();
    return known ? 'replayed-code' : 'wrong-code';
  }

  async #codesLeft(accountId: string): Promise<number> {
    const { n } = await this.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async #clear(db: Db, accountId: string): Promise<void> {
    await db
      .updateTable('accounts')
      .set({
        totp_secret_sealed: null,
        totp_pending_sealed: null,
        totp_enabled_at: null,
        totp_last_step: null,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', accountId)
      .execute();
    await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  }

  #record(
    actor: AuditEvent['actor'],
    action: string,
    accountId: string,
    ip: string | null,
    db: Db = this.db,
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({ actor, action, target: { kind: 'account', id: accountId }, ip, details }, db);
  }

  #box(): SecretBox {
    if (!this.options.box) throw new AppError('INTERNAL', 500, 'two-factor sign-in is not configured');
    return this.options.box;
  }
}
