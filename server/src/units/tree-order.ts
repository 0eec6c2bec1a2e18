/**
 * Units in tree order: each parent before its children, siblings by code
 * (plain code-unit order, the same on every database). A unit whose parent is
 * missing from `units` is treated as a root.
 */
export function inTreeOrder<U extends { id: string; code: string; parentId: string | null }>(
  units: readonly U[],
): U[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, U[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    const siblings = children.get(parent) ?? [];
    siblings.push(unit);
    children.set(parent, siblings);
  }
  for (const list of children.values()) list.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const ordered: U[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  for (let unit = stack.pop(); unit; unit = stack.pop()) {
    ordered.push(unit);
    stack.push(...[...(children.get(unit.id) ?? [])].reverse());
  }
  return ordered;
}
