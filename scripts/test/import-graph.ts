// The import graph of a TypeScript source tree, read without the compiler: each file's relative
// imports (type-only ones too), the file and top-level folder graphs, and the cycles in them.
import fs from 'node:fs';
import path from 'node:path';

/** Directed edges, node → the nodes it imports. */
export type Graph = Map<string, Set<string>>;

type Token = { kind: 'word' | 'string' | 'punct'; text: string };

// After these a `/` starts a regular expression, not a division.
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'void', 'yield']);

/**
 * The words, string literals and punctuation of a source file, without comments, template
 * literals or regular expressions (whose text might look like an import but is not one).
 */
export function tokens(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const regexMayStart = () => {
    const last = out.at(-1);
    if (!last) return true;
    if (last.kind === 'word') return BEFORE_REGEX.has(last.text);
    if (last.kind === 'string') return false;
    return ![')', ']', '}'].includes(last.text);
  };
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (/\s/.test(c)) i++;
    else if (c === '/' && next === '/') i = lineEnd(source, i);
    else if (c === '/' && next === '*') i = after(source, '*/', i + 2);
    else if (c === "'" || c === '"') {
      const end = stringEnd(source, i, c);
      out.push({ kind: 'string', text: source.slice(i + 1, end - 1) });
      i = end;
    } else if (c === '`') {
      i = templateEnd(source, i);
      out.push({ kind: 'punct', text: '`' });
    } else if (c === '/' && regexMayStart()) i = regexEnd(source, i);
    else if (/[\w$]/.test(c)) {
      const start = i;
      while (i < source.length && /[\w$]/.test(source[i]!)) i++;
      out.push({ kind: 'word', text: source.slice(start, i) });
    } else {
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

function lineEnd(source: string, from: number): number {
  const end = source.indexOf('\n', from);
  return end < 0 ? source.length : end + 1;
}

function after(source: string, marker: string, from: number): number {
  const end = source.indexOf(marker, from);
  return end < 0 ? source.length : end + marker.length;
}

function stringEnd(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length && source[i] !== quote && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Past a template literal, its `${…}` expressions (and the templates nested in them) included. */
function templateEnd(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else if (c === '$' && source[i + 1] === '{') {
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        const d = source[i]!;
        if (d === '`') i = templateEnd(source, i);
        else if (d === "'" || d === '"') i = stringEnd(source, i, d);
        else {
          if (d === '{') depth++;
          else if (d === '}') depth--;
          i++;
        }
      }
    } else i++;
  }
  return i;
}

function regexEnd(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== '\n') {
    const c = source[i]!;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i++;
  }
  i++;
  while (i < source.length && /[a-z]/i.test(source[i]!)) i++;
  return i;
}

// What may stand between `import`/`export` and `from`: names, `type`, `as`, `*`, braces, commas.
const CLAUSE_PUNCT = new Set(['{', '}', ',', '*']);

/**
 * The module specifiers a file imports: static `import … from`, side-effect `import '…'`,
 * `export … from`, and `import('…')` with a literal (type-only forms included).
 */
export function importSpecifiers(source: string): string[] {
  const t = tokens(source);
  const found: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const word = t[i]!;
    if (word.kind !== 'word' || (word.text !== 'import' && word.text !== 'export')) continue;
    if (t[i - 1]?.text === '.') continue; // a property named import/export
    const next = t[i + 1];
    if (word.text === 'import' && next?.kind === 'string') {
      found.push(next.text);
      continue;
    }
    if (word.text === 'import' && next?.text === '(') {
      const spec = t[i + 2];
      if (spec?.kind === 'string' && [')', ','].includes(t[i + 3]?.text ?? '')) found.push(spec.text);
      continue;
    }
    for (let j = i + 1; j < t.length; j++) {
      const part = t[j]!;
      if (part.kind === 'word' && part.text === 'from' && t[j + 1]?.kind === 'string') {
        found.push(t[j + 1]!.text);
        break;
      }
      if (part.kind === 'string' || (part.kind === 'punct' && !CLAUSE_PUNCT.has(part.text))) break;
    }
  }
  return found;
}

const CODE = /\.(ts|tsx)$/;

/**
 * The file a relative specifier names among `files` (as the compiler maps `.js` to `.ts`);
 * null for what is not in the tree's code (CSS, JSON, a file outside the root), undefined
 * when it names nothing.
 */
export function resolveSpecifier(
  from: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | null | undefined {
  const target = path.posix.join(path.posix.dirname(from), specifier);
  if (target.startsWith('../')) return null;
  const ext = path.posix.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  const candidates =
    ext === '.js' || ext === '.jsx'
      ? [`${stem}.ts`, `${stem}.tsx`]
      : ext === '.ts' || ext === '.tsx'
        ? [target]
        : ext === ''
          ? [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`, `${target}/index.tsx`]
          : null;
  if (candidates === null) return null;
  return candidates.find((c) => files.has(c));
}

export interface FileGraph {
  graph: Graph;
  /** Relative imports of code that name no file, as `file: specifier`. */
  unresolved: string[];
}

/** The file graph of `sources` (path → text), paths relative to one root with `/` separators. */
export function fileGraph(sources: ReadonlyMap<string, string>): FileGraph {
  const files = new Set(sources.keys());
  const graph: Graph = new Map();
  const unresolved: string[] = [];
  for (const [file, text] of sources) {
    const edges = new Set<string>();
    for (const specifier of importSpecifiers(text)) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const target = resolveSpecifier(file, specifier, files);
      if (target) edges.add(target);
      else if (target === undefined) unresolved.push(`${file}: ${specifier}`);
    }
    graph.set(file, edges);
  }
  return { graph, unresolved };
}

/** The top-level entry of a path inside a source root: its folder, or the file itself. */
export function topLevel(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : `${file.slice(0, slash)}/`;
}

/** The graph of top-level folders (and root files) that a file graph induces. */
export function folderGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  for (const [file, targets] of files) {
    const from = topLevel(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of targets) if (topLevel(target) !== from) edges.add(topLevel(target));
  }
  return graph;
}

/** The strongly connected parts of the graph that hold a cycle, each sorted, in a stable order (Tarjan). */
export function tangles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const parts: string[][] = [];
  const nodes = [...graph.keys()].sort();
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const part: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      part.push(member);
    } while (member !== node);
    if (part.length > 1 || graph.get(node)?.has(node)) parts.push(part.sort());
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return parts.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One cycle through each tangle, as the path `[a, b, …, a]`. */
export function findCycles(graph: Graph): string[][] {
  return tangles(graph).map((part) => cycleThrough(graph, part));
}

/** The shortest way from the part's first node back to itself, staying inside the part. */
function cycleThrough(graph: Graph, part: string[]): string[] {
  const members = new Set(part);
  const start = part[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const way: string[] = [];
        for (let at = node; at !== start; at = cameFrom.get(at)!) way.unshift(at);
        return [start, ...way, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return part;
}

/** Every `.ts`/`.tsx` file under `root`, keyed by its path relative to `root`. */
export function readSources(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !CODE.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const full = path.join(entry.parentPath, entry.name);
    sources.set(path.relative(root, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return sources;
}

/** Each file tangle as one of its cycles, `a.ts → b.ts → a.ts`, and the other files caught in it. */
export function describeFileCycles(files: Graph): string[] {
  return tangles(files).map((part) => {
    const cycle = cycleThrough(files, part);
    const others = part.filter((file) => !cycle.includes(file));
    return `${cycle.join(' → ')}${others.length ? ` (also tangled: ${others.join(', ')})` : ''}`;
  });
}

/** Each folder tangle as one of its cycles, with a file import behind each step. */
export function describeFolderCycles(files: Graph): string[] {
  return findCycles(folderGraph(files)).map((cycle) => {
    const steps = cycle.slice(1).map((to, i) => {
      const from = cycle[i]!;
      const [file, target] = [...files]
        .filter(([f]) => topLevel(f) === from)
        .flatMap(([f, targets]) => [...targets].filter((t) => topLevel(t) === to).map((t) => [f, t]))
        .sort()[0]!;
      return `${file} imports ${target}`;
    });
    return `${cycle.join(' → ')} (${steps.join('; ')})`;
  });
}
