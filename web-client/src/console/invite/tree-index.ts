import type { Unit } from '@diemcau/protocol';

export interface TreeUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  children: string[];
  points: { id: string; name: string }[];
  /** Every point of the unit and of all units below it. */
  subtreePoints: string[];
}

export interface TreeIndex {
  roots: string[];
  units: ReadonlyMap<string, TreeUnit>;
  /** Unit of each point. */
  pointUnit: ReadonlyMap<string, string>;
  pointCount: number;
}

/** Indexes the flat GET /api/units answer (parents before children) as a tree with subtree point lists. */
export function buildTreeIndex(list: readonly Unit[]): TreeIndex {
  const units = new Map<string, TreeUnit>();
  const pointUnit = new Map<string, string>();
  const roots: string[] = [];
  for (const unit of list) {
    units.set(unit.id, {
      id: unit.id,
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parentId: unit.parentId,
      children: [],
      points: unit.points.map(({ id, name }) => ({ id, name })),
      subtreePoints: [],
    });
    for (const point of unit.points) pointUnit.set(point.id, unit.id);
  }
  for (const unit of units.values()) {
    const parent = unit.parentId === null ? undefined : units.get(unit.parentId);
    if (parent) parent.children.push(unit.id);
    else roots.push(unit.id);
  }
  // Iterative post-order: a deep tree must not overflow the stack.
  const order: TreeUnit[] = [];
  const stack = roots.map((id) => units.get(id)!);
  while (stack.length > 0) {
    const unit = stack.pop()!;
    order.push(unit);
    for (const child of unit.children) stack.push(units.get(child)!);
  }
  for (const unit of order.reverse()) {
    unit.subtreePoints = [
      ...unit.points.map((p) => p.id),
      ...unit.children.flatMap((child) => units.get(child)!.subtreePoints),
    ];
  }
  return { roots, units, pointUnit, pointCount: pointUnit.size };
}

/** The unit and every unit above it, nearest first. */
export function ancestors(index: TreeIndex, unitId: string): string[] {
  const chain: string[] = [];
  for (let id: string | null = unitId; id !== null;) {
    const unit = index.units.get(id);
    if (!unit) break;
    chain.push(id);
    id = unit.parentId;
  }
  return chain;
}
