import { describe, expect, it } from 'vitest';
import { normaliseInvitation, selfAndAncestorIds, subtreeIds } from './invitations.js';

// P ─ D1 ─ C11 ─ V111
//   │    └ C12
//   └ D2 ─ C21
// Q ─ Q1 (a two-tier tree: communes right under the province)
const units = [
  { id: 'P', parent_id: null },
  { id: 'D1', parent_id: 'P' },
  { id: 'D2', parent_id: 'P' },
  { id: 'C11', parent_id: 'D1' },
  { id: 'C12', parent_id: 'D1' },
  { id: 'C21', parent_id: 'D2' },
  { id: 'V111', parent_id: 'C11' },
  { id: 'Q', parent_id: null },
  { id: 'Q1', parent_id: 'Q' },
];

describe('subtreeIds', () => {
  it('includes the roots and every descendant at any depth', () => {
    expect([...subtreeIds(units, ['D1'])].sort()).toEqual(['C11', 'C12', 'D1', 'V111']);
    expect(subtreeIds(units, ['P']).size).toBe(7);
  });

  it('walks a two-tier tree and unions several roots', () => {
    expect([...subtreeIds(units, ['Q', 'C21'])].sort()).toEqual(['C21', 'Q', 'Q1']);
  });

  it('gives a leaf alone, nothing for no roots, and stops on a cycle', () => {
    expect([...subtreeIds(units, ['C12'])]).toEqual(['C12']);
    expect(subtreeIds(units, []).size).toBe(0);
    const cyclic = [
      { id: 'A', parent_id: 'B' },
      { id: 'B', parent_id: 'A' },
    ];
    expect([...subtreeIds(cyclic, ['A'])].sort()).toEqual(['A', 'B']);
  });
});

describe('selfAndAncestorIds', () => {
  it('climbs to the root, nearest first', () => {
    expect(selfAndAncestorIds(units, 'V111')).toEqual(['V111', 'C11', 'D1', 'P']);
    expect(selfAndAncestorIds(units, 'Q1')).toEqual(['Q1', 'Q']);
    expect(selfAndAncestorIds(units, 'P')).toEqual(['P']);
  });

  it('stops on a cycle', () => {
    const cyclic = [
      { id: 'A', parent_id: 'B' },
      { id: 'B', parent_id: 'A' },
    ];
    expect(selfAndAncestorIds(cyclic, 'A')).toEqual(['A', 'B']);
  });
});

describe('normaliseInvitation', () => {
  it('drops repeats and sorts', () => {
    expect(normaliseInvitation({ units: ['b', 'a', 'b'], points: ['z', 'z'] })).toEqual({
      units: ['a', 'b'],
      points: ['z'],
    });
  });
});
