// The source trees have no import cycles, between files or between the top-level folders of a
// `src` (a folder importing one that imports it back is an upward import); and the reader's cases.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describeFileCycles,
  describeFolderCycles,
  fileGraph,
  findCycles,
  folderGraph,
  importSpecifiers,
  readSources,
  resolveSpecifier,
  type Graph,
} from './import-graph.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROOTS = ['server/src', 'media-worker/src', 'web-client/src'];

const graphOf = (edges: Record<string, string[]>): Graph =>
  new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

const named = (cycles: string[][]) => cycles.map((c) => c.join(' → '));

describe.each(ROOTS)('the imports of %s', (root) => {
  const { graph, unresolved } = fileGraph(readSources(path.join(REPO, root)));

  it('all name a file', () => {
    expect(graph.size).toBeGreaterThan(0);
    expect(unresolved).toEqual([]);
  });

  it('form no cycle between files', () => {
    expect(describeFileCycles(graph), `import cycles in ${root}`).toEqual([]);
  });

  it('form no cycle between its top-level folders', () => {
    expect(describeFolderCycles(graph), `folder cycles in ${root}`).toEqual([]);
  });
});

describe('importSpecifiers', () => {
  it('reads static, side-effect, re-export, type-only and dynamic imports', () => {
    const source = `
      import a from './a.js';
      import type { B } from "./b.js";
      import c, { type C2, d as e } from './c.js';
      import * as f from '../f.js';
      import {
        g,
        h,
      } from './gh.js';
      import './style.css';
      export * from './i.js';
      export * as j from './j.js';
      export { k } from './k.js';
      export type { L } from './l.js';
      const m = await import('./m.js');
      type N = typeof import('./n.js');
      import fs from 'node:fs';
    `;
    expect(importSpecifiers(source)).toEqual([
      './a.js',
      './b.js',
      './c.js',
      '../f.js',
      './gh.js',
      './style.css',
      './i.js',
      './j.js',
      './k.js',
      './l.js',
      './m.js',
      './n.js',
      'node:fs',
    ]);
  });

  it('skips what only looks like an import', () => {
    const source = `
      // import a from './comment.js';
      /* export * from './block.js'; */
      const text = \`import b from './template.js' \${"import c from './nested.js'"}\`;
      const quoted = "import d from './quoted.js'";
      const pattern = /import e from '.\\/regex.js'/;
      const ratio = 4 / 2; const other = 'x' / 2;
      const url = import.meta.url;
      export const from = 'not-a-specifier';
      export default './default.js';
      const lazy = import(specifier);
    `;
    expect(importSpecifiers(source)).toEqual([]);
  });
});

describe('resolveSpecifier', () => {
  const files = new Set(['a/b.ts', 'a/c.tsx', 'd/index.ts', 'e.ts']);

  it('maps .js to .ts or .tsx, and finds extensionless files and folders', () => {
    expect(resolveSpecifier('a/x.ts', './b.js', files)).toBe('a/b.ts');
    expect(resolveSpecifier('a/x.ts', './c.js', files)).toBe('a/c.tsx');
    expect(resolveSpecifier('a/x.ts', '../d', files)).toBe('d/index.ts');
    expect(resolveSpecifier('a/x.ts', '../e', files)).toBe('e.ts');
  });

  it('tells what is not code or outside the tree from what names nothing', () => {
    expect(resolveSpecifier('a/x.ts', './style.css', files)).toBeNull();
    expect(resolveSpecifier('a/x.ts', '../../test/helpers.js', files)).toBeNull();
    expect(resolveSpecifier('a/x.ts', './missing.js', files)).toBeUndefined();
  });
});

describe('findCycles', () => {
  it('names one cycle per tangle, shortest way back, and none in a tree', () => {
    const graph = graphOf({
      'a.ts': ['b.ts'],
      'b.ts': ['c.ts', 'a.ts'],
      'c.ts': ['a.ts'],
      'd.ts': ['d.ts'],
      'e.ts': ['a.ts'],
    });
    expect(named(findCycles(graph))).toEqual(['a.ts → b.ts → a.ts', 'd.ts → d.ts']);
    expect(describeFileCycles(graph)).toEqual(['a.ts → b.ts → a.ts (also tangled: c.ts)', 'd.ts → d.ts']);
    expect(findCycles(graphOf({ 'a.ts': ['b.ts', 'c.ts'], 'b.ts': ['c.ts'], 'c.ts': [] }))).toEqual([]);
  });

  it('finds an upward import between folders that no file cycle shows', () => {
    const files = graphOf({
      'sfu/rooms.ts': ['signalling/session.ts'],
      'signalling/session.ts': [],
      'signalling/handshake.ts': ['sfu/peer.ts', 'errors.ts'],
      'sfu/peer.ts': [],
      'errors.ts': [],
      'app.ts': ['sfu/rooms.ts', 'signalling/handshake.ts'],
    });
    expect(findCycles(files)).toEqual([]);
    expect(named(findCycles(folderGraph(files)))).toEqual(['sfu/ → signalling/ → sfu/']);
    expect(describeFolderCycles(files)).toEqual([
      'sfu/ → signalling/ → sfu/ (sfu/rooms.ts imports signalling/session.ts; signalling/handshake.ts imports sfu/peer.ts)',
    ]);
  });
});
