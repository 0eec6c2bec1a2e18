import crypto from 'node:crypto';
import type { Account, AccountCreate } from '@diemcau/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import { hashPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import type { AccountTable } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface AccountServiceOptions {
  sessionTtlHours: number;
}

export interface NewSession {
  token: string;
  expiresAt: string;
}

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

/** Accounts, passwords and sessions. */
export class AccountService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: AccountServiceOptions,
  ) {}

  async create(input: AccountCreate): Promise<Account> {
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
    const taken = await this.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', 409, `the username ${input.username} is taken`);
    await this.db.insertInto('accounts').values(row).execute();
    return toAccount(row);
  }

  /** Opens a session for an account; only the token's hash is stored. */
  async openSession(
    accountId: string,
    client: { ip?: string; userAgent?: string } = {},
  ): Promise<NewSession> {
    const token = newToken();
    const now = Date.now();
    const expiresAt = new Date(now + this.options.sessionTtlHours * 3_600_000).toISOString();
    await this.db
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
        'accounts.role',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || row.expires_at <= new Date().toISOString()) return undefined;
    return {
      kind: 'account',
      accountId: row.accountId,
      username: row.username,
      role: row.role,
      sessionId: row.sessionId,
    };
  }
}
