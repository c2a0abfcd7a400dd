import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { houseKeep } from '../../src/check/housekeeping.js';
import type { Incident } from '../../src/core/incident.js';
import type { CheckResult } from '../../src/core/types.js';
import { openStateStore, type StateStore } from '../../src/store/index.js';

let dir: string;
let store: StateStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-housekeeping-'));
  store = openStateStore(dir);
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const result: CheckResult = {
  site: 's',
  url: 'https://s.example/',
  verdict: 'defaced',
  score: 0.9,
  signals: [],
  reason: 'x',
  checkedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
};

async function incident(site: string, status: Incident['status'], closedAt?: string): Promise<Incident> {
  const folder = path.join(dir, 'incidents', site);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'actual.png'), 'png');
  const value: Incident = {
    id: `${site}-1`,
    site,
    url: result.url,
    agency: 'A',
    status,
    openedAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    ...(closedAt === undefined ? {} : { closedAt }),
    defacedChecks: 1,
    cleanStreak: 0,
    lastNotifiedAt: '2026-01-01T00:00:00.000Z',
    reminders: 0,
    opening: result,
    latest: result,
    evidence: { actualPng: path.join(folder, 'actual.png'), focus: { x: 1, y: 2, width: 3, height: 4 } },
  };
  store.records.put({ site, incident: value });
  return value;
}

describe('housekeeping', () => {
  it('removes the pictures of incidents closed over 90 days ago, and nothing else', async () => {
    await incident('old', 'restored', '2026-01-02T00:00:00.000Z');
    await incident('recent', 'approved', '2026-05-01T00:00:00.000Z');
    await incident('open', 'open');
    const pruned = await houseKeep(store, path.join(dir, 'incidents'), new Date('2026-06-01T00:00:00.000Z'));
    expect(pruned.incidents).toBe(1);
    expect((await readdir(path.join(dir, 'incidents'))).sort()).toEqual(['open', 'recent']);
    expect(store.records.incident('old-1')?.evidence).toEqual({ focus: { x: 1, y: 2, width: 3, height: 4 } });
    expect(store.records.incident('recent-1')?.evidence.actualPng).toBeDefined();
    // A second run finds nothing left to do.
    expect((await houseKeep(store, path.join(dir, 'incidents'), new Date('2026-06-02T00:00:00.000Z'))).incidents).toBe(0);
  });
});
