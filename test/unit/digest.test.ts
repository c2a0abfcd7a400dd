import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDigest } from '../../src/check/digest.js';
import type { Agency } from '../../src/config/load-targets.js';
import type { CheckResult } from '../../src/core/types.js';
import type { DigestAlert } from '../../src/sinks/types.js';
import { openStateStore, type StateStore } from '../../src/store/index.js';
import { routingTo } from '../helpers/alert-stores.js';

const agency: Agency = { agency: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo', allowPrivateNetworks: false, file: 'targets/moh.yaml' };
let dir: string;
let store: StateStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-digest-'));
  store = openStateStore(dir);
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function changed(site: string, at: string, score: number, reason: string): CheckResult {
  return { site, url: `https://${site}.example/`, verdict: 'changed', score, signals: [], reason, checkedAt: at, durationMs: 1 };
}

describe('the daily digest', () => {
  it("folds each site's changed checks into one line and sends the lot once", () => {
    store.digest.record(agency.agency, changed('moh-home', '2026-11-25T01:00:00.000Z', 0.2, 'news item added'));
    store.digest.record(agency.agency, changed('moh-home', '2026-11-25T05:00:00.000Z', 0.35, 'carousel picture replaced'));
    store.digest.record(agency.agency, changed('moh-news', '2026-11-25T02:00:00.000Z', 0.1, 'rates table updated'));
    store.digest.record('Other Agency', changed('other', '2026-11-25T02:00:00.000Z', 0.1, 'x'));

    const deps = { store, routing: routingTo([{ name: 'mail', send: async () => ({ sink: 'mail', delivered: true, detail: '' }) }]) };
    const digest = enqueueDigest(agency, deps, new Date('2026-11-25T23:00:00.000Z'), undefined);
    expect(digest?.entries).toEqual([
      {
        site: 'moh-home',
        url: 'https://moh-home.example/',
        checks: 2,
        firstAt: '2026-11-25T01:00:00.000Z',
        lastAt: '2026-11-25T05:00:00.000Z',
        lastReason: 'carousel picture replaced',
        maxScore: 0.35,
      },
      {
        site: 'moh-news',
        url: 'https://moh-news.example/',
        checks: 1,
        firstAt: '2026-11-25T02:00:00.000Z',
        lastAt: '2026-11-25T02:00:00.000Z',
        lastReason: 'rates table updated',
        maxScore: 0.1,
      },
    ]);
    expect(digest?.period).toEqual({ from: '2026-11-25T01:00:00.000Z', to: '2026-11-25T23:00:00.000Z' });
    // Each listed site with the exact command that approves its change.
    expect(digest?.approveCommands).toEqual({
      'moh-home': "defacewatch approve moh-home --reason 'the agency confirmed the change'",
      'moh-news': "defacewatch approve moh-news --reason 'the agency confirmed the change'",
    });
    const [queued] = store.outbox.list(['pending']);
    expect((queued?.message.payload as DigestAlert).kind).toBe('digest');

    // Nothing new: no empty digest. The other agency's entries are untouched.
    expect(enqueueDigest(agency, deps, new Date('2026-11-26T23:00:00.000Z'), digest?.period.to)).toBeUndefined();
    expect(store.digest.take('Other Agency')).toHaveLength(1);
  });
});
