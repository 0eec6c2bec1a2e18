// Insertion order for copying rows under foreign keys: tables after those they reference, parents before children.

/** A table and the tables its foreign keys reference. */
export interface TableDependencies {
  name: string;
  references: readonly string[];
}

/** Every table after the tables it references (itself aside); ties by name. Throws on a cycle. */
export function dependencyOrder(tables: readonly TableDependencies[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const waiting = new Map(
    tables.map((t) => [t.name, new Set(t.references.filter((r) => r !== t.name && names.has(r)))]),
  );
  const order: string[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting]
      .filter(([, refs]) => refs.size === 0)
      .map(([name]) => name)
      .sort();
    if (ready.length === 0)
      throw new Error(`foreign keys form a cycle among ${[...waiting.keys()].join(', ')}`);
    for (const name of ready) {
      order.push(name);
      waiting.delete(name);
      for (const refs of waiting.values()) refs.delete(name);
    }
  }
  return order;
}

/**
 * Rows of a table that references itself (units.parent_id), each after the row it points to, so
 * every insert finds its parent; a row pointing outside the table keeps its place among the roots.
 */
export function parentsFirst<R extends Record<string, unknown>>(
  rows: readonly R[],
  key: string,
  parent: string,
): R[] {
  const byKey = new Map(rows.map((r) => [r[key], r]));
  const children = new Map<unknown, R[]>();
  const ordered: R[] = [];
  for (const row of rows) {
    const up = row[parent];
    if (up === null || up === undefined || !byKey.has(up)) ordered.push(row);
    else children.set(up, [...(children.get(up) ?? []), row]);
  }
  for (let i = 0; i < ordered.length; i++) ordered.push(...(children.get(ordered[i]?.[key]) ?? []));
  // Rows in a loop of parents never become reachable: left last, for the database to refuse.
  const placed = new Set(ordered);
  return [...ordered, ...rows.filter((r) => !placed.has(r))];
}
