import crypto from 'node:crypto';
import type { Account, AccountCreate, LoginRequest, PasswordChange } from '@diemcau/protocol';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import { hashPassword, verifyNothing, verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import { hashToken } from '../auth/tokens.js';
import type { RequireTwoFactor } from '../config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Db } from '../db/database.js';
import type { AccountTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { locked, lockedUntil, recordFailure } from './lockout.js';
import { SessionService, type ClientInfo, type NewSession } from './session-service.js';
import { TwoFactorService } from './two-factor-service.js';

export interface AccountServiceOptions {
  sessionTtlHours: number;
  /** PUBLIC_URL: a request addressed to its host over https gets a Secure cookie (see session-cookie.ts). */
  publicUrl?: string;
  /** REQUIRE_2FA; unset: off. */
  requireTwoFactor?: RequireTwoFactor;
  /** Seals TOTP secrets (purpose TOTP_SEAL_PURPOSE). */
  secretBox?: SecretBox;
}

export interface SignedIn extends NewSession {
  account: Account;
  /** The session may only set up a second factor (REQUIRE_2FA). */
  mustEnrol?: true;
}

export type Actor = AuditEvent['actor'];
export type AccountPrincipal = Extract<Principal, { kind: 'account' }>;

type AccountRow = Pick<
  AccountTable,
  | 'id'
  | 'username'
  | 'display_name'
  | 'role'
  | 'password_hash'
  | 'locked_until'
  | 'created_at'
  | 'totp_secret_sealed'
  | 'totp_enabled_at'
>;

export function toAccount(
  row: Pick<AccountTable, 'id' | 'username' | 'display_name' | 'role' | 'created_at'>,
): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at,
  };
}

// The same answer for an unknown username and a wrong password: no user enumeration.
const wrongCredentials = () => new AppError('UNAUTHENTICATED', 401, 'wrong username or password');

// A wrong and a replayed code get one answer; the audit log tells them apart.
const wrongCode = () => new AppError('UNAUTHENTICATED', 401, 'wrong or already used code');

/** A unique index refused the row (SQLite and PostgreSQL spell it differently). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Accounts, passwords, sign-in with lock-out and a second factor; sessions and the factor have their own services. */
export class AccountService {
  readonly sessions: SessionService;
  readonly twoFactor: TwoFactorService;

  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: AccountServiceOptions,
  ) {
    this.sessions = new SessionService(db, audit, options);
    this.twoFactor = new TwoFactorService(db, audit, this.sessions, {
      require: options.requireTwoFactor ?? 'off',
      box: options.secretBox,
    });
  }

  async create(
    input: AccountCreate,
    actor: Actor = { kind: 'system' },
    ip: string | null = null,
  ): Promise<Account> {
    const conflict = () => new AppError('CONFLICT', 409, `the username ${input.username} is taken`);
    const now = new Date().toISOString();
    const row = {
      id: crypto.randomUUID(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: await hashPassword(input.password),
      locked_until: null,
      totp_secret_sealed: null,
      totp_pending_sealed: null,
      totp_enabled_at: null,
      totp_last_step: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('accounts')
          .select('id')
          .where('username', '=', input.username)
          .executeTakeFirst();
        if (taken) throw conflict();
        await trx.insertInto('accounts').values(row).execute();
        await this.audit.record(
          {
            actor,
            action: 'account.create',
            target: { kind: 'account', id: row.id },
            ip,
            details: { username: row.username, role: row.role },
          },
          trx,
        );
      });
    } catch (error) {
      // Two creations of one name at once: the loser hits the unique index.
      throw isUniqueViolation(error) ? conflict() : error;
    }
    return toAccount(row);
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async list(): Promise<Account[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().orderBy('username').execute();
    return rows.map(toAccount);
  }

  async get(id: string): Promise<Account> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 404, 'no such account');
    return toAccount(row);
  }

  /**
   * Deletes another account and its sessions. Conferences it created stay and
   * lose their creator; the audit log still says who created them.
   */
  async remove(id: string, by: AccountPrincipal, ip: string | null): Promise<void> {
    if (id === by.accountId) throw new AppError('CONFLICT', 409, 'you cannot delete your own account');
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('accounts')
        .select(['username', 'role'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', 404, 'no such account');
      await trx.updateTable('conferences').set({ created_by: null }).where('created_by', '=', id).execute();
      // Its sessions go with it (on delete cascade).
      await trx.deleteFrom('accounts').where('id', '=', id).execute();
      await this.audit.record(
        {
          actor: by,
          action: 'account.delete',
          target: { kind: 'account', id },
          ip,
          details: { username: row.username, role: row.role },
        },
        trx,
      );
    });
  }

  /**
   * Checks a username and password, then the second factor's code when the
   * account has one, and opens a session. A locked account is refused before
   * its password is checked, so guessing cannot go on while it is locked; an
   * unknown username costs as long as a wrong password; wrong and replayed
   * codes count towards the lock-out as wrong passwords do. An account that
   * REQUIRE_2FA covers and that has no second factor gets a session that may
   * only set one up.
   */
  async login(input: LoginRequest, client: ClientInfo = {}): Promise<SignedIn> {
    // Usernames are stored in lower case; people type them as they like.
    const username = input.username.trim().toLowerCase();
    const ip = client.ip ?? null;
    const row = await this.#findByUsername(username);
    const lockEnd = row && lockedUntil(row);
    if (row && lockEnd) {
      await this.audit.record({
        actor: { kind: 'anonymous' },
        action: 'auth.login.failed',
        target: { kind: 'account', id: row.id },
        ip,
        details: { username, reason: 'locked' },
      });
      throw locked(lockEnd);
    }
    const ok = row
      ? await verifyPassword(input.password, row.password_hash)
      : await verifyNothing(input.password);
    if (!row || !ok) {
      await recordFailure(this.db, this.audit, {
        account: row,
        actor: { kind: 'anonymous' },
        action: 'auth.login.failed',
        username,
        ip,
        reason: row ? 'wrong-password' : 'unknown-username',
      });
      throw wrongCredentials();
    }
    const factor = await this.#secondFactor(row, input.code, username, ip);
    const purpose = factor === undefined && this.twoFactor.requiredFor(row.role) ? 'enrol' : 'full';
    const session = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({ failed_logins: 0, locked_until: null })
        .where('id', '=', row.id)
        .execute();
      // Housekeeping: an account's expired sessions go when it signs in again.
      await trx
        .deleteFrom('sessions')
        .where('account_id', '=', row.id)
        .where('expires_at', '<=', new Date().toISOString())
        .execute();
      const session = await this.sessions.open(trx, row.id, client, purpose);
      await this.audit.record(
        {
          actor: principalOf(row, hashToken(session.token)),
          action: 'auth.login',
          target: { kind: 'account', id: row.id },
          ip,
          details: {
            username,
            ...(factor ? { secondFactor: factor } : {}),
            ...(purpose === 'enrol' ? { mustEnrol: true } : {}),
          },
        },
        trx,
      );
      return session;
    });
    return { account: toAccount(row), ...session, ...(purpose === 'enrol' ? { mustEnrol: true } : {}) };
  }

  async logout(
    principal: Extract<Principal, { kind: 'account' | 'enrolling' }>,
    ip: string | null,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', principal.sessionId).execute();
      await this.audit.record(
        { actor: principal, action: 'auth.logout', target: { kind: 'account', id: principal.accountId }, ip },
        trx,
      );
    });
  }

  /**
   * Sets a new password after checking the current one, and ends every other
   * session of the account (a thief's included); the caller's stays. Wrong
   * current passwords count towards the lock-out like wrong logins.
   */
  async changePassword(principal: AccountPrincipal, input: PasswordChange, ip: string | null): Promise<void> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', principal.accountId)
      .executeTakeFirstOrThrow();
    const lockEnd = lockedUntil(row);
    if (lockEnd) throw locked(lockEnd);
    if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
      await recordFailure(this.db, this.audit, {
        account: row,
        actor: principal,
        action: 'auth.password.change.failed',
        username: row.username,
        ip,
        reason: 'wrong-password',
      });
      throw new AppError('FORBIDDEN', 403, 'the current password is wrong');
    }
    if (input.newPassword === input.currentPassword) {
      throw new AppError('VALIDATION_FAILED', 400, 'the new password must differ from the current one', [
        { path: '/newPassword', message: 'must differ from the current password' },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('accounts')
        .set({
          password_hash: passwordHash,
          failed_logins: 0,
          locked_until: null,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      const ended = await this.sessions.endOthers(trx, row.id, principal.sessionId);
      await this.audit.record(
        {
          actor: principal,
          action: 'auth.password.change',
          target: { kind: 'account', id: row.id },
          ip,
          details: { otherSessionsEnded: ended },
        },
        trx,
      );
    });
  }

  /** Opens a full session for an account, whatever its second factor (tests and trusted flows). */
  async openSession(accountId: string, client: ClientInfo = {}): Promise<NewSession> {
    return this.sessions.open(this.db, accountId, client);
  }

  async resolveSession(token: string): Promise<Principal | undefined> {
    return this.sessions.resolve(token);
  }

  /**
   * The factor a sign-in used, or undefined when the account has none. No code
   * for an account with one asks for it, without counting as a failure.
   */
  async #secondFactor(
    row: AccountRow,
    code: string | undefined,
    username: string,
    ip: string | null,
  ): Promise<'totp' | 'recovery-code' | undefined> {
    if (row.totp_enabled_at === null) return undefined;
    if (code === undefined) {
      throw new AppError('TWO_FACTOR_REQUIRED', 401, 'enter the code from your authenticator app');
    }
    const checked = await this.twoFactor.check(row, code);
    if (checked === 'totp' || checked === 'recovery-code') return checked;
    await recordFailure(this.db, this.audit, {
      account: row,
      actor: { kind: 'anonymous' },
      action: 'auth.login.failed',
      username,
      ip,
      reason: checked,
    });
    throw wrongCode();
  }

  async #findByUsername(username: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('accounts')
      .select([
        'id',
        'username',
        'display_name',
        'role',
        'password_hash',
        'locked_until',
        'created_at',
        'totp_secret_sealed',
        'totp_enabled_at',
      ])
      .where('username', '=', username)
      .executeTakeFirst();
  }
}

function principalOf(
  row: Pick<AccountTable, 'id' | 'username' | 'display_name' | 'role'>,
  sessionId: string,
): AccountPrincipal {
  return {
    kind: 'account',
    accountId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    sessionId,
  };
}
