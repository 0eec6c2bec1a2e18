import type { Invitation } from '@diemcau/protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { ConferenceStatus, ConferenceTable, UnitTable } from '../db/schema.js';
import { AppError } from '../errors.js';

/*
 * Invitations are stored as given (whole subtrees and single points) and resolved
 * against the tree when read, so a commune added to an invited district later is
 * invited too. The tree is read straight from the `units` and `bridge_points`
 * tables: a province has at most a few thousand units, so the walks run in memory.
 */

export type UnitLink = Pick<UnitTable, 'id' | 'parent_id'>;
export type UnitInfo = Pick<UnitTable, 'id' | 'code' | 'name' | 'level' | 'parent_id'>;

/** The ids of `roots` and all their descendants at any depth; a cycle in bad data cannot loop. */
export function subtreeIds(units: readonly UnitLink[], roots: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parent_id === null) continue;
    const siblings = children.get(u.parent_id);
    if (siblings) siblings.push(u.id);
    else children.set(u.parent_id, [u.id]);
  }
  const found = new Set<string>();
  const pending = [...roots];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (found.has(id)) continue;
    found.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  return found;
}

/** `unitId` and every unit above it, nearest first: the units whose subtree holds `unitId`. */
export function selfAndAncestorIds(units: readonly UnitLink[], unitId: string): string[] {
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  const chain: string[] = [];
  for (let id: string | null | undefined = unitId; id != null && !chain.includes(id); id = parentOf.get(id)) {
    chain.push(id);
  }
  return chain;
}

/** The same ids once each, in a stable order. */
export function normaliseInvitation(invite: Invitation): Invitation {
  return { units: [...new Set(invite.units)].sort(), points: [...new Set(invite.points)].sort() };
}

/** The invited ids that name no unit or point. */
export async function unknownInvitees(db: Db, invite: Invitation): Promise<Invitation> {
  const units = invite.units.length
    ? await db.selectFrom('units').select('id').where('id', 'in', invite.units).execute()
    : [];
  const points = invite.points.length
    ? await db.selectFrom('bridge_points').select('id').where('id', 'in', invite.points).execute()
    : [];
  const knownUnits = new Set(units.map((r) => r.id));
  const knownPoints = new Set(points.map((r) => r.id));
  return {
    units: invite.units.filter((id) => !knownUnits.has(id)),
    points: invite.points.filter((id) => !knownPoints.has(id)),
  };
}

/** Refuses an invitation naming units or points that do not exist (400, naming them). */
export async function assertKnownInvitees(db: Db, invite: Invitation): Promise<void> {
  const unknown = await unknownInvitees(db, invite);
  if (unknown.units.length || unknown.points.length) {
    const named = [
      ...(unknown.units.length ? [`units ${unknown.units.join(', ')}`] : []),
      ...(unknown.points.length ? [`points ${unknown.points.join(', ')}`] : []),
    ];
    throw new AppError('VALIDATION_FAILED', 400, `the invitation names unknown ${named.join(' and ')}`, {
      unknownUnits: unknown.units,
      unknownPoints: unknown.points,
    });
  }
}

// Three parameters a row; SQLite allows 32766 parameters a statement.
const INSERT_BATCH = 1000;

/** Replaces a conference's invitation (call inside the caller's transaction). */
export async function replaceInvitation(db: Db, conferenceId: string, invite: Invitation): Promise<void> {
  await db.deleteFrom('conference_invites').where('conference_id', '=', conferenceId).execute();
  const rows = [
    ...invite.units.map((id) => ({ conference_id: conferenceId, unit_id: id, point_id: null })),
    ...invite.points.map((id) => ({ conference_id: conferenceId, unit_id: null, point_id: id })),
  ];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto('conference_invites')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
  }
}

/** The stored invitation of each conference in `conferenceIds` (empty when none). */
export async function readInvitations(db: Db, conferenceIds: string[]): Promise<Map<string, Invitation>> {
  const found = new Map<string, Invitation>(conferenceIds.map((id) => [id, { units: [], points: [] }]));
  if (conferenceIds.length === 0) return found;
  const rows = await db
    .selectFrom('conference_invites')
    .select(['conference_id', 'unit_id', 'point_id'])
    .where('conference_id', 'in', conferenceIds)
    .execute();
  for (const r of rows) {
    const invite = found.get(r.conference_id);
    if (r.unit_id !== null) invite?.units.push(r.unit_id);
    if (r.point_id !== null) invite?.points.push(r.point_id);
  }
  for (const [id, invite] of found) found.set(id, normaliseInvitation(invite));
  return found;
}

export interface InvitedPointRow {
  id: string;
  name: string;
  unit: { id: string; code: string; name: string; level: string };
}

/** Every point an invitation reaches, by unit code then name. */
export async function resolveInvitation(db: Db, invite: Invitation): Promise<InvitedPointRow[]> {
  if (invite.units.length === 0 && invite.points.length === 0) return [];
  const units: UnitInfo[] = await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'level', 'parent_id'])
    .execute();
  const unitIds = [...subtreeIds(units, invite.units)];
  const points = await db
    .selectFrom('bridge_points')
    .select(['id', 'name', 'unit_id'])
    .where((eb) =>
      eb.or([
        ...(unitIds.length ? [eb('unit_id', 'in', unitIds)] : []),
        ...(invite.points.length ? [eb('id', 'in', invite.points)] : []),
      ]),
    )
    .execute();
  const unitById = new Map(units.map((u) => [u.id, u]));
  return points
    .flatMap((p) => {
      const u = unitById.get(p.unit_id);
      return u
        ? [{ id: p.id, name: p.name, unit: { id: u.id, code: u.code, name: u.name, level: u.level } }]
        : [];
    })
    .sort((a, b) => a.unit.code.localeCompare(b.unit.code) || a.name.localeCompare(b.name));
}

export interface PointPlace {
  id: string;
  unitId: string;
}

/** The units whose subtree invitation reaches the point. */
async function unitsAbove(db: Db, point: PointPlace): Promise<string[]> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).execute();
  return selfAndAncestorIds(units, point.unitId);
}

export type ConferenceRow = Selectable<ConferenceTable>;

/** The conferences in `status` whose invitation reaches the point, directly or through a subtree. */
export async function conferencesInviting(
  db: Db,
  point: PointPlace,
  status: ConferenceStatus,
): Promise<ConferenceRow[]> {
  const unitIds = await unitsAbove(db, point);
  return db
    .selectFrom('conferences')
    .selectAll()
    .where('status', '=', status)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('conference_invites as i')
          .select('i.conference_id')
          .whereRef('i.conference_id', '=', 'conferences.id')
          .where((inner) =>
            inner.or([inner('i.point_id', '=', point.id), inner('i.unit_id', 'in', unitIds)]),
          ),
      ),
    )
    .execute();
}

/** Whether the conference's invitation reaches the point. */
export async function invites(db: Db, conferenceId: string, point: PointPlace): Promise<boolean> {
  const unitIds = await unitsAbove(db, point);
  const row = await db
    .selectFrom('conference_invites')
    .select('conference_id')
    .where('conference_id', '=', conferenceId)
    .where((eb) => eb.or([eb('point_id', '=', point.id), eb('unit_id', 'in', unitIds)]))
    .executeTakeFirst();
  return row !== undefined;
}
