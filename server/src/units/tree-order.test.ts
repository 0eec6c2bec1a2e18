import { describe, expect, it } from 'vitest';
import { inTreeOrder } from './tree-order.js';

const u = (id: string, parentId: string | null) => ({ id, code: id.toUpperCase(), parentId });

describe('inTreeOrder', () => {
  it('puts each parent before its children, siblings by code, depth first', () => {
    const units = [u('b2', 'b'), u('a1', 'a'), u('b', 'root'), u('a', 'root'), u('root', null), u('b1', 'b')];
    expect(inTreeOrder(units).map((x) => x.id)).toEqual(['root', 'a', 'a1', 'b', 'b1', 'b2']);
  });

  it('keeps a unit whose parent is missing, as a root', () => {
    expect(inTreeOrder([u('x', 'gone'), u('a', null)]).map((x) => x.id)).toEqual(['a', 'x']);
  });
});
