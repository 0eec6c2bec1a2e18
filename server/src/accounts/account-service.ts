import crypto from 'node:crypto';
import type { Account, AccountCreate, LoginRequest, PasswordChange } from '@diemcau/protocol';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import { hashPassword, verifyNothing, verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import type { AccountTable } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface AccountServiceOptions {
  sessionTtlHours: number;
  /** PUBLIC_URL: a request addressed to its host over https gets a Secure cookie (see session-cookie.ts). */
  publicUrl?: string;
}

/** Consecutive wrong passwords that lock an account, and for how long. */
export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;

export interface NewSession {
  token: string;
  expiresAt: string;
}

export interface SignedIn extends NewSession {
  account: Account;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string;
}

export type Actor = AuditEvent['actor'];
export type AccountPrincipal = Extract<Principal, { kind: 'account' }>;

type AccountRow = Pick<
  AccountTable,
  'id' | 'username' | 'display_name' | 'role' | 'password_hash' | 'locked_until' | 'created_at'
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

const locked = (lockedUntil: string) =>
  new AppError('ACCOUNT_LOCKED', 423, 'too many wrong passwords: this account is locked for a while', {
    lockedUntil,
  });

/** When the account's lock ends, if it is locked now. */
const lockedUntil = (row: Pick<AccountTable, 'locked_until'>, now = new Date()) =>
  row.locked_until !== null && row.locked_until > now.toISOString() ? row.locked_until : undefined;

/** A unique index refused the row (SQLite and PostgreSQL spell it differently). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Accounts, passwords, sign-in with lock-out, and sessions. */
export class AccountService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: AccountServiceOptions,
  ) {}

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
   * Checks a username and password and opens a session. A locked account is
   * refused before its password is checked, so guessing cannot go on while it
   * is locked; an unknown username costs as long as a wrong password.
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
      await this.#recordFailure({
        account: row,
        actor: { kind: 'anonymous' },
        action: 'auth.login.failed',
        username,
        ip,
        reason: row ? 'wrong-password' : 'unknown-username',
      });
      throw wrongCredentials();
    }
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
      const session = await this.#insertSession(trx, row.id, client);
      await this.audit.record(
        {
          actor: principalOf(row, hashToken(session.token)),
          action: 'auth.login',
          target: { kind: 'account', id: row.id },
          ip,
          details: { username },
        },
        trx,
      );
      return session;
    });
    return { account: toAccount(row), ...session };
  }

  async logout(principal: AccountPrincipal, ip: string | null): Promise<void> {
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
      await this.#recordFailure({
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
      const ended = await trx
        .deleteFrom('sessions')
        .where('account_id', '=', row.id)
        .where('id', '!=', principal.sessionId)
        .executeTakeFirst();
      await this.audit.record(
        {
          actor: principal,
          action: 'auth.password.change',
          target: { kind: 'account', id: row.id },
          ip,
          details: { otherSessionsEnded: Number(ended.numDeletedRows) },
        },
        trx,
      );
    });
  }

  /** Opens a session for an account; only the token's hash is stored. */
  async openSession(accountId: string, client: ClientInfo = {}): Promise<NewSession> {
    return this.#insertSession(this.db, accountId, client);
  }

  async resolveSession(token: string): Promise<Principal | undefined> {
    const id = hashToken(token);
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select([
        'sessions.id as sessionId',
        'sessions.expires_at',
        'accounts.id as accountId',
        'accounts.username',
        'accounts.display_name',
        'accounts.role',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.expires_at <= new Date().toISOString()) return undefined;
    return {
      kind: 'account',
      accountId: row.accountId,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      sessionId: row.sessionId,
    };
  }

  async #findByUsername(username: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('accounts')
      .select(['id', 'username', 'display_name', 'role', 'password_hash', 'locked_until', 'created_at'])
      .where('username', '=', username)
      .executeTakeFirst();
  }

  async #insertSession(db: Db, accountId: string, client: ClientInfo): Promise<NewSession> {
    const token = newToken();
    const now = Date.now();
    const expiresAt = new Date(now + this.options.sessionTtlHours * 3_600_000).toISOString();
    await db
      .insertInto('sessions')
      .values({
        id: hashToken(token),
        account_id: accountId,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
        ip: client.ip ?? null,
        user_agent: client.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { token, expiresAt };
  }

  /**
   * Audits a wrong password and counts it against the account; the failure
   * that reaches LOCKOUT.maxFailures locks the account and starts a new count.
   */
  async #recordFailure(attempt: {
    account: AccountRow | undefined;
    actor: Actor;
    action: string;
    username: string;
    ip: string | null;
    reason: string;
  }): Promise<void> {
    const { account, actor, username, ip } = attempt;
    await this.db.transaction().execute(async (trx) => {
      const target = account ? { target: { kind: 'account', id: account.id } } : {};
      const details = { username, reason: attempt.reason };
      await this.audit.record({ actor, action: attempt.action, ...target, ip, details }, trx);
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
      await this.audit.record(
        { actor, action: 'auth.locked', ...target, ip, details: { username, failures, lockedUntil: until } },
        trx,
      );
    });
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
