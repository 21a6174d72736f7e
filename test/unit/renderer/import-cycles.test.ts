/**
 * The renderer's modules import each other without a loop: a loop makes
 * module order matter (a value read before its module ran) and marks a
 * concept with no single owner. Reads the import statements of every file
 * under src/renderer/src and looks for a cycle among the relative imports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('src/renderer/src');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Every cycle's files, in import order, found by depth-first search. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('renderer imports', () => {
  it('finds a loop when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('have no loop', () => {
    const graph = new Map<string, string[]>();
    for (const file of sources(ROOT)) {
      const text = readFileSync(file, 'utf8');
      const deps: string[] = [];
      for (const match of text.matchAll(IMPORT)) {
        const target = resolveImport(file, (match[1] ?? match[2])!);
        // Type-only imports vanish at build time, but they still tie the modules' meaning together: count them.
        if (target?.startsWith(ROOT)) deps.push(target);
      }
      graph.set(file, deps);
    }
    expect(graph.size).toBeGreaterThan(50);
    const loops = findCycles(graph).map((cycle) => cycle.map((f) => relative(ROOT, f)).join(' -> '));
    expect(loops).toEqual([]);
  });
});
