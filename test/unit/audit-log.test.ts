import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateStore, type StateStore } from '../../src/store/index.js';

let dir: string;
let store: StateStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-audit-'));
  store = openStateStore(dir);
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('audit log', () => {
  it('keeps who did what, why, in order, and lists them by site or incident', () => {
    store.audit.append({ at: '2026-12-08T03:00:00.000Z', actor: 'tanaka', action: 'acknowledge', site: 'moh', incident: 'moh-1' });
    store.audit.append({
      at: '2026-12-08T03:05:00.000Z',
      actor: 'sato',
      action: 'approve',
      site: 'moh',
      incident: 'moh-1',
      reason: 'redesign announced',
      detail: 'latest capture became the baseline',
    });
    store.audit.append({ at: '2026-12-08T03:06:00.000Z', actor: 'ops', action: 'retry', detail: '2 failed deliveries back in the queue' });
    expect(store.audit.entries().map((e) => [e.seq, e.actor, e.action])).toEqual([
      [1, 'tanaka', 'acknowledge'],
      [2, 'sato', 'approve'],
      [3, 'ops', 'retry'],
    ]);
    expect(store.audit.entries({ sites: ['moh'] })).toHaveLength(2);
    expect(store.audit.entries({ incident: 'moh-1' })[1]).toEqual({
      seq: 2,
      at: '2026-12-08T03:05:00.000Z',
      actor: 'sato',
      action: 'approve',
      site: 'moh',
      incident: 'moh-1',
      reason: 'redesign announced',
      detail: 'latest capture became the baseline',
    });
  });

  it('cannot be rewritten or erased, even with SQL', () => {
    store.audit.append({ at: '2026-12-08T03:00:00.000Z', actor: 'tanaka', action: 'approve', site: 'moh', reason: 'new page' });
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/u);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/u);
    expect(store.audit.entries()[0]).toMatchObject({ actor: 'tanaka' });
  });

  it('survives reopening the database', () => {
    store.audit.append({ at: '2026-12-08T03:00:00.000Z', actor: 'tanaka', action: 'acknowledge', site: 'moh' });
    store.close();
    store = openStateStore(dir);
    expect(store.audit.entries()).toHaveLength(1);
  });
});
