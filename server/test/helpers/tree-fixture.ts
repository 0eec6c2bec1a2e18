import crypto from 'node:crypto';
import { hashToken, newToken } from '../../src/auth/tokens.js';
import type { Db } from '../../src/db/database.js';

/** A unit and its children; every unit gets one bridge point named `<code> hall`. */
export interface TreeSpec {
  code: string;
  level: string;
  children?: TreeSpec[];
}

export interface FixturePoint {
  id: string;
  unitId: string;
  name: string;
  /** The join-link token (only its hash is in the database). */
  token: string;
}

export interface Tree {
  unitId(code: string): string;
  point(code: string): FixturePoint;
  /** Every point of the tree, by unit code. */
  readonly points: ReadonlyMap<string, FixturePoint>;
}

/** A province with two districts of two communes each. */
export function threeTier(prefix: string): TreeSpec {
  return {
    code: prefix,
    level: 'province',
    children: [1, 2].map((d) => ({
      code: `${prefix}-D${d}`,
      level: 'district',
      children: [1, 2].map((c) => ({ code: `${prefix}-D${d}-C${c}`, level: 'commune' })),
    })),
  };
}

/** A province whose communes sit right under it (no district tier). */
export function twoTier(prefix: string): TreeSpec {
  return {
    code: prefix,
    level: 'province',
    children: [1, 2, 3].map((c) => ({ code: `${prefix}-C${c}`, level: 'commune' })),
  };
}

/** Inserts the tree straight into `units` and `bridge_points`, each point with a fresh join link. */
export async function insertTree(db: Db, spec: TreeSpec): Promise<Tree> {
  const units = new Map<string, string>();
  const points = new Map<string, FixturePoint>();
  const now = new Date().toISOString();
  async function insert(node: TreeSpec, parentId: string | null): Promise<void> {
    const unitId = crypto.randomUUID();
    units.set(node.code, unitId);
    await db
      .insertInto('units')
      .values({
        id: unitId,
        code: node.code,
        name: `Unit ${node.code}`,
        level: node.level,
        parent_id: parentId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const point = { id: crypto.randomUUID(), unitId, name: `${node.code} hall`, token: newToken() };
    points.set(node.code, point);
    await db
      .insertInto('bridge_points')
      .values({
        id: point.id,
        unit_id: unitId,
        name: point.name,
        token_hash: hashToken(point.token),
        token_issued_at: now,
        revoked_at: null,
        created_at: now,
      })
      .execute();
    for (const child of node.children ?? []) await insert(child, unitId);
  }
  await insert(spec, null);
  return {
    points,
    unitId(code) {
      const id = units.get(code);
      if (!id) throw new Error(`no unit ${code} in the fixture`);
      return id;
    },
    point(code) {
      const point = points.get(code);
      if (!point) throw new Error(`no point at ${code} in the fixture`);
      return point;
    },
  };
}

export async function revokePoint(db: Db, pointId: string): Promise<void> {
  await db
    .updateTable('bridge_points')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', pointId)
    .execute();
}
