import type { Generated } from 'kysely';

/** Control actions and security events: who did what, when and from where. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  details: string | null;
}

export interface Database {
  audit_log: AuditLogTable;
}
