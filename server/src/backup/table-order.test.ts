import { describe, expect, it } from 'vitest';
import { libpqConnection } from './postgres-tools.js';
import { dependencyOrder, parentsFirst } from './table-order.js';

describe('dependencyOrder', () => {
  it('puts every table after those it references, ignoring self-references', () => {
    expect(
      dependencyOrder([
        { name: 'recording_files', references: ['recordings', 'bridge_points'] },
        { name: 'recordings', references: ['conferences', 'accounts'] },
        { name: 'units', references: ['units'] },
        { name: 'bridge_points', references: ['units'] },
        { name: 'conferences', references: ['accounts'] },
        { name: 'accounts', references: [] },
      ]),
    ).toEqual(['accounts', 'units', 'bridge_points', 'conferences', 'recordings', 'recording_files']);
  });

  it('refuses a cycle', () => {
    expect(() =>
      dependencyOrder([
        { name: 'a', references: ['b'] },
        { name: 'b', references: ['a'] },
      ]),
    ).toThrow('foreign keys form a cycle among a, b');
  });
});

describe('parentsFirst', () => {
  it('orders a tree so each row follows its parent', () => {
    const rows = [
      { id: 'c', parent: 'b' },
      { id: 'b', parent: 'a' },
      { id: 'x', parent: 'gone' },
      { id: 'a', parent: null },
    ];
    expect(parentsFirst(rows, 'id', 'parent').map((r) => r.id)).toEqual(['x', 'a', 'b', 'c']);
  });

  it('keeps rows in a loop of parents, last', () => {
    const rows = [
      { id: 'p', parent: 'q' },
      { id: 'q', parent: 'p' },
      { id: 'r', parent: null },
    ];
    expect(parentsFirst(rows, 'id', 'parent').map((r) => r.id)).toEqual(['r', 'p', 'q']);
  });
});

describe('libpqConnection', () => {
  it('moves the password to PGPASSWORD and re-encodes query values for libpq', () => {
    expect(
      libpqConnection('postgres://dc:s%40cret@db.example:5433/diemcau?options=-c+search_path%3Dt_1&ssl=true'),
    ).toEqual({
      dbname: 'postgres://dc@db.example:5433/diemcau?options=-c%20search_path%3Dt_1&sslmode=require',
      env: { PGPASSWORD: 's@cret' },
    });
    expect(libpqConnection('postgres://postgres@127.0.0.1:5432/test')).toEqual({
      dbname: 'postgres://postgres@127.0.0.1:5432/test',
      env: {},
    });
  });
});
