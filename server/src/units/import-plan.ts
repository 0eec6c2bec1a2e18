import type { CsvRowError } from '@diemcau/protocol';
import type { ReadUnitRow, RefusedUnitRow } from './units-csv.js';

/** A unit already in the database. */
export interface ExistingUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
}

/** A bridge point already in the database. */
export interface ExistingPoint {
  unitId: string;
  name: string;
}

export interface ImportPlan {
  /** New units, parents before children. */
  create: ReadUnitRow[];
  /** Existing units whose name, level or parent changes. */
  update: { id: string; row: ReadUnitRow }[];
  unchanged: number;
  /** Points to add, by unit code. */
  newPoints: { code: string; name: string }[];
}

export type PlanOutcome = { ok: true; plan: ImportPlan } | { ok: false; errors: CsvRowError[] };

/**
 * Decides what importing `rows` into the existing tree does, or why it cannot:
 * a parent that is neither in the file nor in the database, or a unit that
 * would become its own ancestor (also through units only in the database).
 * Import adds and updates; it never deletes a unit or a point.
 */
export function planImport(
  rows: readonly ReadUnitRow[],
  existingUnits: readonly ExistingUnit[],
  existingPoints: readonly ExistingPoint[],
  refused: readonly RefusedUnitRow[] = [],
): PlanOutcome {
  const byCode = new Map(existingUnits.map((u) => [u.code, u]));
  const codeOfId = new Map(existingUnits.map((u) => [u.id, u.code]));
  const storedParent = (u: ExistingUnit) => (u.parentId === null ? null : (codeOfId.get(u.parentId) ?? null));
  // The tree after the import, as child code → parent code.
  const parentOf = new Map<string, string | null>(existingUnits.map((u) => [u.code, storedParent(u)]));
  for (const row of rows) parentOf.set(row.code, row.parentCode);

  const errors: CsvRowError[] = [];
  const inFile = new Set([...rows, ...refused].map((r) => r.code));
  const refusedCodes = new Set(refused.map((r) => r.code));
  const parentKnown = (r: { line: number; parentCode: string | null }) => {
    if (r.parentCode === null || inFile.has(r.parentCode) || byCode.has(r.parentCode)) return true;
    errors.push({
      line: r.line,
      column: 'parent_code',
      reason: `parent_code ${r.parentCode} is neither in this file nor in the database`,
    });
    return false;
  };
  for (const r of refused) parentKnown(r);
  for (const row of rows) {
    const parent = row.parentCode;
    if (parent === null || !parentKnown(row) || refusedCodes.has(parent)) continue;
    const path = [row.code];
    for (let at: string | null | undefined = parent; at != null; at = parentOf.get(at)) {
      path.push(at);
      if (at === row.code) {
        errors.push({
          line: row.line,
          column: 'parent_code',
          reason: `parent_code makes a cycle: ${path.join(' → ')}`,
        });
        break;
      }
      // A cycle elsewhere is reported on its own rows.
      if (path.indexOf(at) !== path.length - 1) break;
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  const depth = (code: string): number => {
    let d = 0;
    for (let at = parentOf.get(code); at != null; at = parentOf.get(at)) d += 1;
    return d;
  };
  const pointsOf = new Map<string, Set<string>>();
  for (const p of existingPoints) {
    const code = codeOfId.get(p.unitId);
    if (code === undefined) continue;
    pointsOf.set(code, (pointsOf.get(code) ?? new Set()).add(p.name));
  }

  const plan: ImportPlan = { create: [], update: [], unchanged: 0, newPoints: [] };
  for (const row of rows) {
    const current = byCode.get(row.code);
    if (!current) plan.create.push(row);
    else if (
      current.name !== row.name ||
      current.level !== row.level ||
      storedParent(current) !== row.parentCode
    )
      plan.update.push({ id: current.id, row });
    else plan.unchanged += 1;

    const has = pointsOf.get(row.code) ?? new Set<string>();
    const wanted = row.points.length > 0 ? row.points : has.size > 0 ? [] : [row.name];
    for (const name of wanted) if (!has.has(name)) plan.newPoints.push({ code: row.code, name });
  }
  plan.create = plan.create
    .map((row) => ({ row, depth: depth(row.code) }))
    .sort((a, b) => a.depth - b.depth)
    .map(({ row }) => row);
  return { ok: true, plan };
}
