import { fold } from '../text.js';
import { ancestors, type TreeIndex } from './tree-index.js';

export interface SearchResult {
  units: ReadonlySet<string>;
  points: ReadonlySet<string>;
  /** Units to open so that every match can be seen. */
  expand: ReadonlySet<string>;
}

/**
 * What the tree shows for a search, without regard to case or diacritics: a
 * unit whose name or code matches comes with everything below it; a matching
 * point with its own unit. Both bring their ancestors so the path shows.
 * Undefined for an empty query: show everything.
 */
export function searchTree(index: TreeIndex, query: string): SearchResult | undefined {
  const needle = fold(query.trim());
  if (!needle) return undefined;
  const units = new Set<string>();
  const points = new Set<string>();
  const expand = new Set<string>();
  const showPath = (unitId: string) => {
    for (const id of ancestors(index, unitId)) units.add(id);
    for (const id of ancestors(index, unitId).slice(1)) expand.add(id);
  };
  const showSubtree = (unitId: string) => {
    const unit = index.units.get(unitId)!;
    units.add(unitId);
    for (const point of unit.points) points.add(point.id);
    for (const child of unit.children) showSubtree(child);
  };
  for (const unit of index.units.values()) {
    if (fold(unit.name).includes(needle) || fold(unit.code).includes(needle)) {
      showPath(unit.id);
      showSubtree(unit.id);
    }
    for (const point of unit.points) {
      if (fold(point.name).includes(needle)) {
        showPath(unit.id);
        expand.add(unit.id);
        points.add(point.id);
      }
    }
  }
  return { units, points, expand };
}
