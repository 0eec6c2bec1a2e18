import type { AuditEntry, AuditQuery } from '@diemcau/protocol';
import type { Db } from '../db/database.js';
import { actorOf, type Principal } from '../auth/principal.js';

export interface AuditEvent {
  actor: Principal | { kind: 'system' } | { kind: 'cli' };
  action: string;
  target?: { kind: string; id: string };
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Control actions and security events: appended, never updated; admins query them. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(event: AuditEvent, db: Db = this.db): Promise<void> {
    const actor =
      event.actor.kind === 'system' || event.actor.kind === 'cli'
        ? { kind: event.actor.kind, id: null }
        : actorOf(event.actor);
    await db
      .insertInto('audit_log')
      .values({
        at: new Date().toISOString(),
        actor_kind: actor.kind,
        actor_id: actor.id,
        action: event.action,
        target_kind: event.target?.kind ?? null,
        target_id: event.target?.id ?? null,
        ip: event.ip ?? null,
        details: event.details ? JSON.stringify(event.details) : null,
      })
      .execute();
  }

  async query(q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    let base = this.db.selectFrom('audit_log');
    if (q.action) base = base.where('action', '=', q.action);
    if (q.actorKind) base = base.where('actor_kind', '=', q.actorKind);
    if (q.actorId) base = base.where('actor_id', '=', q.actorId);
    if (q.targetId) base = base.where('target_id', '=', q.targetId);
    if (q.from) base = base.where('at', '>=', new Date(q.from).toISOString());
    if (q.to) base = base.where('at', '<', new Date(q.to).toISOString());
    const [{ total } = { total: 0 }] = await base
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .execute();
    const rows = await base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute();
    return {
      total: Number(total),
      items: rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        action: r.action,
        targetKind: r.target_kind,
        targetId: r.target_id,
        ip: r.ip,
        details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      })),
    };
  }
}
