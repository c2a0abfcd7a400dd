import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layering rule: core/, compare/ and detectors/ are pure, do no I/O and never import capture/, store/, sinks/,
// scheduler/ or sharing/ (which holds the TAXII server); the import graph has no cycles.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const PURE_ROOTS = ['compare', 'detectors', 'core/verdict.ts'];
const FORBIDDEN_DIRS = ['capture', 'store', 'sinks', 'scheduler', 'sharing', 'check', 'cli', 'baselines', 'config'];
const FORBIDDEN_PACKAGES =
  /^(?:node:)?(?:fs|fs\/promises|net|http|https|http2|dgram|child_process|worker_threads|dns|tls)$|^(?:playwright-core|better-sqlite3|nodemailer|pino)$/;

function tsFiles(path: string): string[] {
  const full = join(SRC, path);
  if (full.endsWith('.ts')) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(path, e.name)) : e.name.endsWith('.ts') ? [join(full, e.name)] : []));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const forms = [
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g, // import … from '…'
    /(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g, // import '…' (side effects)
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
  ];
  return forms.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
}

function resolveLocal(from: string, spec: string): string {
  return resolve(dirname(from), spec).replace(/\.js$/, '.ts');
}

describe('pure modules', () => {
  const files = PURE_ROOTS.flatMap(tsFiles);

  it('import no I/O and nothing downstream', () => {
    const offending: string[] = [];
    for (const f of files) {
      for (const spec of imports(f)) {
        if (spec.startsWith('.')) {
          const top = relative(SRC, resolveLocal(f, spec)).split(/[\\/]/)[0]!;
          if (FORBIDDEN_DIRS.includes(top) || top === 'log.ts') offending.push(`${relative(SRC, f)} → ${spec}`);
        } else if (FORBIDDEN_PACKAGES.test(spec)) {
          offending.push(`${relative(SRC, f)} → ${spec}`);
        }
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(offending).toEqual([]);
  });

  it('have no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const f of files)
      graph.set(
        f,
        imports(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolveLocal(f, s)),
      );
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const g of graph.get(f) ?? []) visit(g, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
