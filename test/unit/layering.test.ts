import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The layering of src/, checked on every import of every .ts file under src/ (type-only and dynamic
 * imports too). A "room" is a top-level folder of src/ (src/log.ts is the room "log"); an import that
 * leaves src/ lands in the room named by the top-level folder it reaches (tools/…: "tools"). A failure
 * lists each offending import as `file → import: the rule it breaks`.
 *
 * Rooms of the runtime, each with the rooms it may import. Widen a list only when the house rules
 * below still hold; a new room must be added here.
 */
const RUNTIME: Record<string, { may: readonly string[]; why: string }> = {
  core: { may: [], why: 'plain data, the error catalogue, verdict and incident rules' },
  log: { may: [], why: 'the logger' },
  compare: { may: ['core'], why: 'pure: pixel and DOM diffs' },
  detectors: { may: ['core', 'compare'], why: 'pure: one file per detector' },
  config: { may: ['core'], why: 'loads and checks targets and daemon config' },
  capture: { may: ['core', 'log'], why: 'Chromium: loads and records a page' },
  baselines: { may: ['core', 'compare'], why: 'approved snapshots on disk' },
  ocr: { may: ['core', 'detectors', 'log'], why: 'reads text in pictures for the image-text detector' },
  store: { may: ['core'], why: 'the state database; the sharing tree builds its own stores on its handle' },
  sinks: { may: ['core', 'compare', 'config', 'log'], why: 'alert channels and routing' },
  sharing: { may: ['core', 'compare', 'config', 'log', 'sinks', 'store'], why: 'STIX, TAXII and MISP, from a detection to the network and back' },
  check: {
    may: ['core', 'compare', 'detectors', 'config', 'log', 'capture', 'baselines', 'ocr', 'store', 'sinks', 'sharing'],
    why: 'the one place a check is wired',
  },
  scheduler: { may: ['core', 'config', 'log', 'check', 'sharing'], why: 'the daemon: cron, the outbox worker' },
  cli: {
    may: ['core', 'compare', 'detectors', 'config', 'log', 'capture', 'baselines', 'ocr', 'store', 'sinks', 'sharing', 'check', 'scheduler'],
    why: 'may import anything of the runtime',
  },
};

/**
 * The tools (eval, bench, demo, docs) live in tools/, outside src/, and are neither built into dist/
 * nor shipped: they may import anything of the runtime, and nothing under src/ imports them.
 */
const TOOLS = 'tools';

/** The house rules, checked on the imports themselves whatever the lists above say. */
const NEVER: ReadonlyArray<{ rule: string; from: readonly string[]; to: readonly string[] }> = [
  {
    rule: 'core/, compare/ and detectors/ do no I/O and never import capture/, store/, sinks/, sharing/, scheduler/, check/, cli/ or the logger',
    from: ['core', 'compare', 'detectors'],
    to: ['capture', 'store', 'sinks', 'sharing', 'scheduler', 'check', 'cli', 'log'],
  },
  { rule: 'store/ does not import sinks/, check/, scheduler/, cli/ or sharing/', from: ['store'], to: ['sinks', 'check', 'scheduler', 'cli', 'sharing'] },
  { rule: 'nothing under src/ imports tools/ (eval, bench, demo, docs)', from: Object.keys(RUNTIME), to: [TOOLS] },
];

/**
 * The sharing tree's public entry points: nothing outside src/sharing/ imports another of its files.
 * tasks.ts is the daemon's (it starts the TAXII server), apart so commands that only check or
 * export do not load fastify.
 */
const SHARING_ENTRIES = ['sharing/index.ts', 'sharing/tasks.ts'];

/** Import cycles between rooms that are allowed to stay, each with its reason. None today. */
const KNOWN_CYCLES: ReadonlyArray<{ cycle: string; why: string }> = [];

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

interface Edge {
  file: string;
  spec: string;
  target: string;
  from: string;
  to: string;
}

function roomOf(srcPath: string): string {
  const [first, ...rest] = srcPath.split('/');
  return rest.length === 0 ? first!.replace(/\.ts$/, '') : first!;
}

/** The room of an import's target: a room of src/, or the top-level folder it reaches outside src/. */
function targetRoomOf(target: string): string {
  return target.startsWith('../') ? target.split('/')[1]! : roomOf(target);
}

/** Every relative import in src/, resolved to a path relative to src/ (`../tools/…` when it leaves src/). */
function edges(): Edge[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(path.join(SRC, file), 'utf8'), true, true)
      .importedFiles.map((ref) => ref.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
        return { file, spec, target, from: roomOf(file), to: targetRoomOf(target) };
      }),
  );
}

describe('layering of src/', () => {
  const all = edges();
  const crossing = all.filter((e) => e.from !== e.to);

  it('reads the imports', () => {
    expect(all.length).toBeGreaterThan(500);
  });

  it('knows every room', () => {
    const rooms = new Set(all.flatMap((e) => [e.from, e.to]));
    expect([...rooms].filter((r) => !(r in RUNTIME) && r !== TOOLS)).toEqual([]);
  });

  it('each room imports only the rooms it may', () => {
    const offending = crossing
      .filter((e) => e.from in RUNTIME && !RUNTIME[e.from]!.may.includes(e.to))
      .map((e) => `src/${e.file} → ${e.spec}: ${e.from}/ (${RUNTIME[e.from]!.why}) may import only ${RUNTIME[e.from]!.may.join(', ') || 'nothing else'}`);
    expect(offending).toEqual([]);
  });

  it('keeps the house rules', () => {
    const offending = crossing.flatMap((e) => NEVER.filter((r) => r.from.includes(e.from) && r.to.includes(e.to)).map((r) => `src/${e.file} → ${e.spec}: ${r.rule}`));
    expect(offending).toEqual([]);
  });

  it('reaches the sharing tree only through its entry points', () => {
    const offending = all
      .filter((e) => e.from !== 'sharing' && e.to === 'sharing' && !SHARING_ENTRIES.includes(e.target))
      .map((e) => `src/${e.file} → ${e.spec}: outside src/sharing/ import only ${SHARING_ENTRIES.map((f) => `src/${f}`).join(' or ')}`);
    expect(offending).toEqual([]);
  });

  it('has no import cycles between rooms', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of crossing) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (room: string, trail: string[]): void => {
      if (state.get(room) === 'done') return;
      if (state.get(room) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(room)), room].join(' → '));
        return;
      }
      state.set(room, 'open');
      for (const next of [...(graph.get(room) ?? [])].sort()) visit(next, [...trail, room]);
      state.set(room, 'done');
    };
    for (const room of [...graph.keys()].sort()) visit(room, []);
    const known = new Set(KNOWN_CYCLES.map((c) => c.cycle));
    const example = (cycle: string) => {
      const rooms = cycle.split(' → ');
      const hops = rooms.slice(1).map((to, i) => crossing.find((e) => e.from === rooms[i] && e.to === to)!);
      return `${cycle} (${hops.map((e) => `src/${e.file} → ${e.spec}`).join('; ')}): break the cycle, or list it in KNOWN_CYCLES with its reason`;
    };
    expect(cycles.filter((c) => !known.has(c)).map(example)).toEqual([]);
  });
});
