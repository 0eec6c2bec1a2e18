import type { Invitation } from '@diemcau/protocol';
import type { TreeIndex } from './tree-index.js';

/** `empty`: no point anywhere below, so there is nothing to check. */
export type CheckState = 'checked' | 'unchecked' | 'mixed' | 'empty';

/** Selected points are the whole state; a unit's box is derived from its subtree. */
export type Selection = ReadonlySet<string>;

export function selectedCount(index: TreeIndex, unitId: string, selected: Selection): number {
  return index.units.get(unitId)?.subtreePoints.filter((id) => selected.has(id)).length ?? 0;
}

export function unitCheckState(index: TreeIndex, unitId: string, selected: Selection): CheckState {
  const total = index.units.get(unitId)?.subtreePoints.length ?? 0;
  if (total === 0) return 'empty';
  const count = selectedCount(index, unitId, selected);
  return count === 0 ? 'unchecked' : count === total ? 'checked' : 'mixed';
}

/** Checking a unit selects every point below it; a checked or mixed unit clears them all. */
export function toggleUnit(index: TreeIndex, unitId: string, selected: Selection): Set<string> {
  const next = new Set(selected);
  const points = index.units.get(unitId)?.subtreePoints ?? [];
  const selectAll = unitCheckState(index, unitId, selected) === 'unchecked';
  for (const id of points) {
    if (selectAll) next.add(id);
    else next.delete(id);
  }
  return next;
}

export function togglePoint(pointId: string, selected: Selection): Set<string> {
  const next = new Set(selected);
  if (!next.delete(pointId)) next.add(pointId);
  return next;
}

/**
 * The invitation for a selection: each fully selected unit that is not inside
 * another fully selected unit is invited as a unit (so halls added to it later
 * are invited too, as docs/conferences.md describes); other points one by one.
 */
export function toInvitation(index: TreeIndex, selected: Selection): Invitation {
  const units: string[] = [];
  const covered = new Set<string>();
  const visit = (unitId: string): void => {
    const unit = index.units.get(unitId)!;
    if (unitCheckState(index, unitId, selected) === 'checked') {
      units.push(unitId);
      for (const id of unit.subtreePoints) covered.add(id);
      return;
    }
    for (const child of unit.children) visit(child);
  };
  for (const root of index.roots) visit(root);
  const points = [...selected].filter((id) => index.pointUnit.has(id) && !covered.has(id));
  return { units, points };
}
