import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The modules a source loads at run time: every `import … from`, `export … from`, side-effect `import '…'` and
 * dynamic `import('…')`, but not `import type` or an import whose every name is `type` (erased by the compiler).
 */
export function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type\b)?([^'";]*?)\bfrom\s+['"]([^'"]+)['"]/g)) {
    const [, , typeOnly, clause = '', spec = ''] = m;
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    const allTypes = names !== undefined && !/^\s*[\w$]+\s*,/.test(clause.replace(/\{[^}]*\}/, '')) && names.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '));
    if (typeOnly === undefined && !allTypes) found.push(spec);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/**
 * Every module a source names, at run time or only for its types: `import type`, `export type * from`, and a type's
 * `import('…')` as well as everything runtimeImports finds.
 */
export function allImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] ?? '');
  return found;
}

/** A domain module must not load validation, I/O, AWS or the outer layers at run time. */
const FORBIDDEN_IN_DOMAIN = /^zod$|^@aws-sdk\/|^@middy\/|^@aws-lambda-powertools\/|^aws-cdk-lib|\/events\/|\/functions\/|\/infra\/|\/store\/|\/app\//;

describe('dependencies point inward (STYLE 1)', () => {
  it('shared/domain loads nothing at run time from zod, events/, AWS, middy, functions/, infra/, the store or app/', () => {
    const offences = sources(join(ROOT, 'shared/domain')).flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((spec) => FORBIDDEN_IN_DOMAIN.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('shared/domain imports nothing from events/ (the domain owns the event types)', () => {
    const fixture = 'import type { A } from \'../../events/contracts\';\nexport type * from \'../../events/x\';\ntype B = import(\'../../events/y\').B;';
    expect(allImports(fixture)).toEqual(['../../events/contracts', '../../events/x', '../../events/y']);
    const offences = sources(join(ROOT, 'shared/domain')).flatMap((file) =>
      allImports(readFileSync(file, 'utf8'))
        .filter((spec) => /(^|\/)events\//.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('the catalog (shared/policies) depends only on the domain', () => {
    const offences = sources(join(ROOT, 'shared/policies')).flatMap((file) =>
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((spec) => !spec.startsWith('./') && !spec.startsWith('../domain/'))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offences).toEqual([]);
  });

  it('the scan finds runtime imports and only those (it would pass vacuously otherwise)', () => {
    expect(runtimeImports(readFileSync(join(ROOT, 'shared/domain/engine.ts'), 'utf8'))).toContain('./catalog');
    const fixture = [
      'import * as z from \'zod\';',
      'import { parseEvent } from \'../../events/contracts\';',
      'import { type FactEvent } from \'../../events/contracts\';',
      'import type { Recipient } from \'../../events/contracts\';',
      'import { type A, b } from \'../../events/mixed\';',
      'import \'@aws-sdk/client-dynamodb\';',
      'const lazy = await import(\'@middy/core\');',
      'export { chinaDate } from \'../../events/time\';',
    ].join('\n');
    expect(runtimeImports(fixture)).toEqual(['zod', '../../events/contracts', '../../events/mixed', '../../events/time', '@aws-sdk/client-dynamodb', '@middy/core']);
    expect(runtimeImports(fixture).filter((spec) => FORBIDDEN_IN_DOMAIN.test(spec))).toHaveLength(6);
  });
});

// ------------------------------------------------------------------------------------------- the import graph

/** The trees whose modules make the graph: everything but the tests, the bench and the console's build scripts. */
const SCANNED = ['events', 'shared', 'functions', 'infra', 'cli', 'console/src'];

/** Every .ts/.tsx module under the scanned trees (no declaration files), relative to the root, `/`-separated. */
function graphModules(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : walk(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [relative(ROOT, path).split(sep).join('/')] : [];
  });
  return SCANNED.flatMap((dir) => walk(join(ROOT, dir))).sort();
}

/**
 * The file a relative specifier names, as the bundler resolves it: the path itself, then `.ts`, `.tsx`, `/index.ts`,
 * `/index.tsx`; null for a package (`zod`, `node:fs`) and `undefined` for a relative specifier that names no file.
 */
const isFile = (path: string) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile();

export function resolveImport(from: string, spec: string, exists: (path: string) => boolean = isFile): string | null | undefined {
  if (!spec.startsWith('.')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find(exists);
}

interface Edge {
  /** The specifier as written. */
  readonly spec: string;
  /** The module it names (relative to the root), or null for a package. */
  readonly to: string | null;
  /** Whether it is loaded at run time (not `import type`, not an import whose every name is a type). */
  readonly runtime: boolean;
}

/** Every module's imports, of either kind; what does not resolve is kept aside, to fail the test that reads it. */
function importGraph(): { edges: Map<string, Edge[]>; unresolved: string[] } {
  const edges = new Map<string, Edge[]>();
  const unresolved: string[] = [];
  for (const file of graphModules()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const runtime = new Set(runtimeImports(text));
    const found: Edge[] = [];
    for (const spec of new Set(allImports(text))) {
      const to = resolveImport(file, spec);
      if (to === undefined) unresolved.push(`${file} imports ${spec}, which names no file`);
      else found.push({ spec, to, runtime: runtime.has(spec) });
    }
    edges.set(file, found);
  }
  return { edges, unresolved };
}

/**
 * The import circles of a graph, one per strongly connected component (Tarjan), each as a path that starts and ends at
 * the component's first module (`a → b → c → a`), so the failure says which imports to cut. A module that imports
 * itself is a circle too.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v);
  // A path round each component: breadth first from its first module back to it, within the component.
  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0] as string;
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0 && !cameFrom.has(start)) {
      const v = queue.shift() as string;
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w) || cameFrom.has(w)) continue;
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
    // Back from the start's predecessor on the way round: start → … → that predecessor → start.
    const path = [start];
    for (let v = cameFrom.get(start) as string; v !== start; v = cameFrom.get(v) as string) path.unshift(v);
    return [start, ...path];
  });
}

const within = (file: string, ...prefixes: string[]) => prefixes.some((p) => (p.endsWith('.ts') ? file === p : file.startsWith(`${p}/`)));

/** Modules that import nothing at all: pure by construction (the CSV page joiner, the limits). */
const importFree = (edges: ReadonlyMap<string, readonly Edge[]>, file: string) => edges.get(file)?.length === 0;

/**
 * The layer rules (issue 23, part 2), as offences: `<module> imports <specifier>`, with the rule it breaks. Every import
 * counts, `import type` too, unless the rule says run time.
 */
export function layerOffences(edges: ReadonlyMap<string, readonly Edge[]>): string[] {
  const offences: string[] = [];
  const check = (rule: string, applies: (file: string) => boolean, allowed: (edge: Edge, file: string) => boolean) => {
    for (const [file, list] of edges) {
      if (!applies(file)) continue;
      for (const edge of list) if (!allowed(edge, file)) offences.push(`${file} imports ${edge.spec} (${rule})`);
    }
  };
  const PURE = ['shared/lazy.ts', 'shared/limits.ts'];
  for (const file of PURE) if (!importFree(edges, file)) offences.push(`${file} imports something (it must stay import-free: the domain and the console load it)`);
  // chinese-conv is a table of simplified and traditional characters, no I/O: the skeleton of a name is pure.
  check('the domain is pure: it imports only the domain, the limits and lazy', (f) => within(f, 'shared/domain'),
    (e) => (e.to === null ? e.spec === 'chinese-conv' : within(e.to, 'shared/domain', ...PURE)));
  check('the contract imports only the domain, the contract, the limits, lazy and zod', (f) => within(f, 'shared/contract'),
    (e) => (e.to === null ? e.spec === 'zod' : within(e.to, 'shared/domain', 'shared/contract', ...PURE)));
  check('the store is DynamoDB only: no use case, adapter, function or stack', (f) => within(f, 'shared/store'),
    (e) => e.to === null || within(e.to, 'shared/store', 'shared/domain', 'shared/contract', 'shared/calendar-data.ts', ...PURE));
  check('a use case imports no function, stack, CLI or console', (f) => within(f, 'shared/app'),
    (e) => e.to === null || !within(e.to, 'functions', 'infra', 'cli', 'console'));
  check('an adapter imports no function, stack, CLI or console', (f) => within(f, 'shared/adapters'),
    (e) => e.to === null || !within(e.to, 'functions', 'infra', 'cli', 'console'));
  check('the store\'s facade (shared/store/store.ts) is the only way into the store', (f) => within(f, 'shared/app', 'functions'),
    (e) => e.to === null || !within(e.to, 'shared/store') || e.to === 'shared/store/store.ts');
  check('the console loads from shared/ only types, the domain, the contract or an import-free module', (f) => within(f, 'console/src'),
    (e) => !e.runtime || e.to === null || !within(e.to, 'shared')
      || within(e.to, 'shared/domain', 'shared/contract', ...PURE) || importFree(edges, e.to));
  return offences;
}

describe('the import graph (issue 23, part 2)', () => {
  const { edges, unresolved } = importGraph();

  it('covers every module, and every relative import names a file', () => {
    expect(unresolved).toEqual([]);
    expect(edges.size).toBeGreaterThan(250);
    expect(edges.get('functions/api/app.ts')?.map((e) => e.to)).toContain('functions/api/http.ts');
    // `import type` is an edge too, not loaded at run time.
    expect(edges.get('functions/api/deps.ts')?.find((e) => e.to === 'shared/store/store.ts')).toMatchObject({ runtime: false });
    const exists = (p: string) => ['a/b.ts', 'a/c/index.ts', 'a/d.tsx'].includes(p);
    expect(['./b', './c', './d', 'zod', './e'].map((s) => resolveImport('a/x.ts', s, exists))).toEqual(['a/b.ts', 'a/c/index.ts', 'a/d.tsx', null, undefined]);
  });

  it('has no import circle anywhere', () => {
    const graph = new Map([...edges].map(([file, list]) => [file, list.flatMap((e) => (e.to === null ? [] : [e.to]))]));
    expect(importCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a circle as a path, however it is closed (it would pass vacuously otherwise)', () => {
    const graph = new Map([['a', ['b']], ['b', ['c', 'd']], ['c', ['a']], ['d', []], ['e', ['e']], ['f', ['g']], ['g', []]]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c', 'a'], ['e', 'e']]);
  });

  it('keeps the layers: the domain pure, the contract over the domain, the store DynamoDB only behind its facade, nothing inward importing outward', () => {
    expect(layerOffences(edges)).toEqual([]);
  });

  it('names each layer offence (it would pass vacuously otherwise)', () => {
    const edge = (spec: string, to: string | null, runtime = true): Edge => ({ spec, to, runtime });
    const fixture = new Map<string, Edge[]>([
      ['shared/domain/x.ts', [edge('node:crypto', null), edge('../store/items', 'shared/store/items.ts', false), edge('./ok', 'shared/domain/ok.ts')]],
      ['shared/contract/x.ts', [edge('zod', null), edge('../app/y', 'shared/app/y.ts')]],
      ['shared/store/x.ts', [edge('../adapters/iso20022/pain001', 'shared/adapters/iso20022/pain001.ts'), edge('@aws-sdk/lib-dynamodb', null)]],
      ['shared/app/x.ts', [edge('../../functions/runtime', 'functions/runtime.ts'), edge('../store/core', 'shared/store/core.ts')]],
      ['functions/x.ts', [edge('../shared/store/store', 'shared/store/store.ts')]],
      ['console/src/x.ts', [edge('../../shared/store/store', 'shared/store/store.ts', false), edge('../../shared/app/y', 'shared/app/y.ts')]],
      ['shared/lazy.ts', []],
      ['shared/limits.ts', []],
    ]);
    expect(layerOffences(fixture).map((o) => o.replace(/ \(.*\)$/, ''))).toEqual([
      'shared/domain/x.ts imports node:crypto',
      'shared/domain/x.ts imports ../store/items',
      'shared/contract/x.ts imports ../app/y',
      'shared/store/x.ts imports ../adapters/iso20022/pain001',
      'shared/app/x.ts imports ../../functions/runtime',
      'shared/app/x.ts imports ../store/core',
      'console/src/x.ts imports ../../shared/app/y',
    ]);
  });

  it('no function and no use case reaches behind the store\'s facade (`store.core`)', () => {
    const offences = [...edges.keys()].filter((f) => within(f, 'functions', 'shared/app')).flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8').split('\n').flatMap((line, i) => (/\.core\b/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(offences).toEqual([]);
  });
});
