import { describe, expect, it } from 'vitest';
import { ancestors, buildTreeIndex } from './tree-index.js';
import { searchTree } from './tree-search.js';
import { selectedCount, toggleUnit, togglePoint, toInvitation, unitCheckState } from './tree-selection.js';
import { UNITS } from './tree-fixture.js';

const index = buildTreeIndex(UNITS);
const sorted = (set: ReadonlySet<string> | string[]) => [...set].sort();

describe('buildTreeIndex', () => {
  it('links children to parents and lists every point of each subtree', () => {
    expect(index.roots).toEqual(['bp']);
    expect(index.units.get('bp')!.children).toEqual(['d1', 'd2', 'd3']);
    expect(sorted(index.units.get('d1')!.subtreePoints)).toEqual(['p-c1', 'p-c2', 'p-d1']);
    expect(index.units.get('d2')!.subtreePoints).toEqual(['p-c3a', 'p-c3b']);
    expect(index.units.get('bp')!.subtreePoints).toHaveLength(6);
    expect(index.pointCount).toBe(6);
    expect(ancestors(index, 'c3')).toEqual(['c3', 'd2', 'bp']);
  });
});

describe('tree selection', () => {
  it('checking a district selects its own hall and all its communes’ halls', () => {
    const selected = toggleUnit(index, 'd1', new Set());
    expect(sorted(selected)).toEqual(['p-c1', 'p-c2', 'p-d1']);
    expect(unitCheckState(index, 'd1', selected)).toBe('checked');
    expect(unitCheckState(index, 'c1', selected)).toBe('checked');
    expect(unitCheckState(index, 'bp', selected)).toBe('mixed');
    expect(unitCheckState(index, 'd2', selected)).toBe('unchecked');
    expect(unitCheckState(index, 'd3', selected)).toBe('empty');
    expect(selectedCount(index, 'bp', selected)).toBe(3);
  });

  it('a partly selected unit is mixed, and toggling it clears the whole subtree', () => {
    const one = togglePoint('p-c3a', new Set());
    expect(unitCheckState(index, 'c3', one)).toBe('mixed');
    expect(unitCheckState(index, 'd2', one)).toBe('mixed');
    expect(toggleUnit(index, 'd2', one).size).toBe(0);
    expect(togglePoint('p-c3a', one).size).toBe(0);
  });
});

describe('toInvitation', () => {
  it('invites the widest fully selected units, and loose points one by one', () => {
    let selected = toggleUnit(index, 'd1', new Set());
    selected = togglePoint('p-c3a', selected);
    expect(toInvitation(index, selected)).toEqual({ units: ['d1'], points: ['p-c3a'] });
  });

  it('invites only the province when everything is selected', () => {
    const all = toggleUnit(index, 'bp', new Set());
    expect(toInvitation(index, all)).toEqual({ units: ['bp'], points: [] });
  });

  it('a district whose halls were all ticked one by one is invited as the district', () => {
    const selected = ['p-d1', 'p-c1', 'p-c2'].reduce((s, id) => togglePoint(id, s), new Set<string>());
    expect(toInvitation(index, selected)).toEqual({ units: ['d1'], points: [] });
  });

  it('invites nothing for an empty selection', () => {
    expect(toInvitation(index, new Set())).toEqual({ units: [], points: [] });
  });
});

describe('searchTree', () => {
  it('ignores case and diacritics, and shows a matching unit with everything below it', () => {
    const result = searchTree(index, 'loc ninh')!;
    expect(sorted(result.units)).toEqual(['bp', 'c3', 'd2']);
    expect(sorted(result.points)).toEqual(['p-c3a', 'p-c3b']);
    expect(sorted(result.expand)).toEqual(['bp']);
  });

  it('shows a matching hall with the path to it opened', () => {
    const result = searchTree(index, 'HỘI TRƯỜNG P-C1')!;
    expect(sorted(result.units)).toEqual(['bp', 'c1', 'd1']);
    expect(sorted(result.points)).toEqual(['p-c1']);
    expect(sorted(result.expand)).toEqual(['bp', 'c1', 'd1']);
  });

  it('matches unit codes', () => {
    expect(sorted(searchTree(index, 'c2')!.units)).toEqual(['bp', 'c2', 'd1']);
  });

  it('shows everything for an empty query and nothing for a query without matches', () => {
    expect(searchTree(index, '   ')).toBeUndefined();
    expect(searchTree(index, 'Hà Nội')!.units.size).toBe(0);
  });
});
