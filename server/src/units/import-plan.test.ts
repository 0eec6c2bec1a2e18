import { describe, expect, it } from 'vitest';
import { planImport, type ExistingPoint, type ExistingUnit } from './import-plan.js';
import type { ReadUnitRow } from './units-csv.js';

let nextLine = 2;
const row = (code: string, parentCode: string | null, extra: Partial<ReadUnitRow> = {}): ReadUnitRow => ({
  line: nextLine++,
  code,
  name: `Unit ${code}`,
  level: 'commune',
  parentCode,
  points: [],
  ...extra,
});
const unit = (code: string, parentId: string | null, extra: Partial<ExistingUnit> = {}): ExistingUnit => ({
  id: `id-${code}`,
  code,
  name: `Unit ${code}`,
  level: 'commune',
  parentId,
  ...extra,
});

/** The database: P > C > G. */
const existing = [unit('P', null), unit('C', 'id-P'), unit('G', 'id-C')];
const existingPoints: ExistingPoint[] = existing.map((u) => ({ unitId: u.id, name: u.name }));

describe('planImport', () => {
  it('creates parents before children even when the file lists children first', () => {
    const outcome = planImport([row('K2', 'K1'), row('K1', 'K0'), row('K0', null)], [], []);
    expect(outcome.ok && outcome.plan.create.map((r) => r.code)).toEqual(['K0', 'K1', 'K2']);
  });

  it('accepts a parent that is only in the database', () => {
    const outcome = planImport([row('N', 'G')], existing, existingPoints);
    expect(outcome).toMatchObject({ ok: true, plan: { create: [{ code: 'N' }] } });
  });

  it('refuses a parent neither in the file nor in the database', () => {
    const r = row('N', 'NOPE');
    expect(planImport([r], existing, existingPoints)).toEqual({
      ok: false,
      errors: [
        {
          line: r.line,
          column: 'parent_code',
          reason: 'parent_code NOPE is neither in this file nor in the database',
        },
      ],
    });
  });

  it('does not call a parent unknown when its own row was refused', () => {
    expect(planImport([row('N', 'BAD')], [], [], [{ line: 9, code: 'BAD', parentCode: null }]).ok).toBe(true);
  });

  it('checks the parents of refused rows too, reporting by line', () => {
    const ok = row('N', null);
    expect(
      planImport([ok, row('M', 'NOPE')], [], [], [{ line: 1, code: 'R', parentCode: 'GONE' }]),
    ).toMatchObject({
      ok: false,
      errors: [
        { line: 1, reason: expect.stringContaining('GONE') },
        { line: ok.line + 1, reason: expect.stringContaining('NOPE') },
      ],
    });
  });

  it('refuses a cycle within the file on every row of it', () => {
    const a = row('A', 'B');
    const b = row('B', 'A');
    const outcome = planImport([a, b, row('Z', null)], [], []);
    expect(outcome).toEqual({
      ok: false,
      errors: [
        { line: a.line, column: 'parent_code', reason: 'parent_code makes a cycle: A → B → A' },
        { line: b.line, column: 'parent_code', reason: 'parent_code makes a cycle: B → A → B' },
      ],
    });
  });

  it('refuses a unit becoming its own ancestor through units only in the database', () => {
    const p = row('P', 'G');
    expect(planImport([p], existing, existingPoints)).toEqual({
      ok: false,
      errors: [{ line: p.line, column: 'parent_code', reason: 'parent_code makes a cycle: P → G → C → P' }],
    });
  });

  it('allows moving a unit under a former descendant once that one moves away', () => {
    const outcome = planImport([row('G', null), row('P', 'G')], existing, existingPoints);
    expect(outcome).toMatchObject({ ok: true, plan: { update: [{ id: 'id-G' }, { id: 'id-P' }] } });
  });

  it('sorts rows into unchanged and updated (name, level or parent), by code', () => {
    const outcome = planImport(
      [
        row('P', null),
        row('C', 'P', { name: 'Renamed' }),
        row('G', 'C', { level: 'district' }),
        row('H', null),
        row('X', null),
      ],
      [...existing, unit('H', 'id-P')],
      existingPoints,
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.unchanged).toBe(1);
    expect(outcome.plan.update.map((u) => u.row.code)).toEqual(['C', 'G', 'H']);
    expect(outcome.plan.create.map((r) => r.code)).toEqual(['X']);
  });

  it('adds listed points a unit lacks, never removes any, and names a lone point after its new unit', () => {
    const outcome = planImport(
      [row('P', null, { points: ['Unit P', 'Hall 2'] }), row('C', 'P', { points: [] }), row('N', 'P')],
      existing,
      existingPoints,
    );
    expect(outcome.ok && outcome.plan.newPoints).toEqual([
      { code: 'P', name: 'Hall 2' },
      { code: 'N', name: 'Unit N' },
    ]);
  });

  it('gives an existing unit without points one named after it', () => {
    const outcome = planImport([row('P', null)], existing, []);
    expect(outcome.ok && outcome.plan.newPoints).toEqual([{ code: 'P', name: 'Unit P' }]);
  });
});
