// Sign-in sessions: opened, resolved to a principal, listed and revoked by their owner or an admin.
import type { SessionInfo } from '@diemcau/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';
import type { SessionPurpose } from '../db/schema.js';
import { AppError } from '../errors.js';

export interface NewSession {
  token: string;
  expiresAt: string;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string;
}

/** A session that may only set up a second factor has a short life: long enough to scan a QR code. */
export const ENROLMENT_SESSION_MINUTES = 15;

type Revoker = Extract<Principal, { kind: 'account' }>;

export class SessionService {
  constructor(
    readonly db: Db,
    readonly audit: AuditLog,
    readonly options: { sessionTtlHours: number },
  ) {}

  /** Opens a session; only the token's hash is stored. */
  async open(
    db: Db,
    accountId: string,
    client: ClientInfo,
    purpose: SessionPurpose = 'full',
  ): Promise<NewSession> {
    const token = newToken();
    const now = Date.now();
    await db
      .insertInto('sessions')
      .values({
        id: hashToken(token),
        account_id: accountId,
        created_at: new Date(now).toISOString(),
        expires_at: this.#expiry(purpose, now),
        ip: client.ip ?? null,
        user_agent: client.userAgent?.slice(0, 300) ?? null,
        purpose,
      })
      .execute();
    return { token, expiresAt: this.#expiry(purpose, now) };
  }

  /** A session that could only set up a second factor becomes a full one, with a full life from now. */
  async upgrade(db: Db, sessionId: string): Promise<string> {
    const expiresAt = this.#expiry('full', Date.now());
    await db
      .updateTable('sessions')
      .set({ purpose: 'full', expires_at: expiresAt })
      .where('id', '=', sessionId)
      .execute();
    return expiresAt;
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
      .select([
        'sessions.id as sessionId',
        'sessions.expires_at',
        'sessions.purpose',
        'accounts.id as accountId',
        'accounts.username',
        'accounts.display_name',
        'accounts.role',
      ])
      .where('sessions.id', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.expires_at <= new Date().toISOString()) return undefined;
    return {
      kind: row.purpose === 'enrol' ? 'enrolling' : 'account',
      accountId: row.accountId,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      sessionId: row.sessionId,
    };
  }

  /** An account's unexpired sessions, newest first; `current` marks the caller's own. */
  async list(accountId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('expires_at', '>', new Date().toISOString())
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      ip: r.ip,
      userAgent: r.user_agent,
      current: r.id === currentSessionId,
      enrolmentOnly: r.purpose === 'enrol',
    }));
  }

  /**
   * Ends one session of an account, by its owner or an admin; the next request
   * with its token is anonymous. Another account's session is NOT_FOUND, as is a missing one.
   */
  async revoke(accountId: string, sessionId: string, by: Revoker, ip: string | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const ended = await trx
        .deleteFrom('sessions')
        .where('id', '=', sessionId)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      if (Number(ended.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 404, 'no such session');
      await this.audit.record(
        {
          actor: by,
          action: 'auth.session.revoke',
          target: { kind: 'account', id: accountId },
          ip,
          details: { own: by.accountId === accountId, current: by.sessionId === sessionId },
        },
        trx,
      );
    });
  }

  /** Ends the account's sessions but `keep`; returns how many ended. */
  async endOthers(db: Db, accountId: string, keep?: string): Promise<number> {
    let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
    if (keep !== undefined) query = query.where('id', '!=', keep);
    return Number((await query.executeTakeFirst()).numDeletedRows);
  }

  #expiry(purpose: SessionPurpose, now: number): string {
    const ms =
      purpose === 'enrol' ? ENROLMENT_SESSION_MINUTES * 60_000 : this.options.sessionTtlHours * 3_600_000;
    return new Date(now + ms).toISOString();
  }
}
