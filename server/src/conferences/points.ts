import { hashToken } from '../auth/tokens.js';
import type { Db } from '../db/database.js';

export interface PointRecord {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  revokedAt: string | null;
}

function selectPoints(db: Db) {
  return db
    .selectFrom('bridge_points as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .select(['p.id', 'p.name', 'p.unit_id as unitId', 'u.name as unitName', 'p.revoked_at as revokedAt']);
}

/** The point whose join-link token this is, revoked or not; undefined for any other text. */
export async function pointByLinkToken(db: Db, token: string): Promise<PointRecord | undefined> {
  return selectPoints(db).where('p.token_hash', '=', hashToken(token)).executeTakeFirst();
}

export async function pointById(db: Db, id: string): Promise<PointRecord | undefined> {
  return selectPoints(db).where('p.id', '=', id).executeTakeFirst();
}
