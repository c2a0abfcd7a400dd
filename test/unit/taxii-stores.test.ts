/**
 * The two SQLite stores of the sharing side (in-memory databases): this sensor's published objects
 * with their date_added, and the indicators pulled from peers with the pull cursors.
 */

import { openDatabase, type Db } from '../../src/store/database.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSharedIndicatorStore, type SharedIndicatorLike } from '../../src/sharing/store/shared-indicators.js';
import { createTaxiiObjectStore } from '../../src/sharing/store/taxii-objects.js';
import { parseTimestampMicros } from '../../src/sharing/taxii-client/timestamps.js';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

const id = (n: number) => `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const indicator = (n: number, modified = '2026-11-25T00:00:00.000Z') => ({
  type: 'indicator',
  spec_version: '2.1',
  id: id(n),
  created: '2026-11-25T00:00:00.000Z',
  modified,
});

describe('published TAXII objects', () => {
  it('gives every row its own date_added, strictly increasing in whole milliseconds, even when the clock stands still or goes back', () => {
    let clock = Date.UTC(2026, 10, 25);
    const store = createTaxiiObjectStore(db, { now: () => clock });
    store.add([indicator(1), indicator(2), indicator(3)]);
    clock -= 60_000;
    store.add([indicator(4)]);
    const rows = store.query({ limit: 10, versions: { all: true } }).records;
    expect(rows.map((r) => r.id)).toEqual([id(1), id(2), id(3), id(4)]);
    const ms = rows.map((r) => r.dateAddedMs);
    expect(ms).toEqual([ms[0], ms[0]! + 1, ms[0]! + 2, ms[0]! + 3]);
    expect(rows.map((r) => parseTimestampMicros(r.dateAdded))).toEqual(ms.map((m) => m * 1000));
  });

  it('keys rows by (id, version): the same version again is a duplicate, however it is spelled', () => {
    const store = createTaxiiObjectStore(db);
    expect(store.add([indicator(1)]).map((o) => o.status)).toEqual(['added']);
    const again = store.add([indicator(1), { ...indicator(1), modified: '2026-11-25T00:00:00Z' }]);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    expect(store.add([indicator(1, '2026-11-26T00:00:00.000Z')]).map((o) => o.status)).toEqual(['added']);
    expect(store.count()).toBe(2);
  });

  it('versions an object without modified/created by its content', () => {
    const store = createTaxiiObjectStore(db);
    const sco = { type: 'url', spec_version: '2.1', id: 'url--4c3b2a19-0f8e-5d7c-9b6a-5f4e3d2c1b0a', value: 'https://a.example/' };
    expect(store.add([sco])[0]?.status).toBe('added');
    expect(store.add([{ ...sco }])[0]?.status).toBe('duplicate');
    expect(store.add([{ ...sco, value: 'https://b.example/' }])[0]?.status).toBe('added');
    const versions = store.query({ limit: 10, ids: [sco.id], versions: { all: true } }).records;
    expect(versions).toHaveLength(2);
    expect(versions.every((v) => parseTimestampMicros(v.version) !== null)).toBe(true);
    expect(JSON.parse(store.query({ limit: 10, ids: [sco.id] }).records[0]!.json)).toMatchObject({ value: 'https://b.example/' });
  });

  it('refuses what is not a storable STIX object, with the reason', () => {
    const store = createTaxiiObjectStore(db, { maxObjectBytes: 500 });
    const outcomes = store.add([
      null,
      { type: 'Indicator', id: id(1) },
      { type: 'indicator', id: 'malware--00000000-0000-4000-8000-000000000001' },
      { ...indicator(2), modified: 'yesterday' },
      { ...indicator(3), description: 'x'.repeat(600) },
    ]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? o.message : o.status))).toEqual([
      'not a JSON object',
      'no valid STIX "type"',
      '"id" is not "indicator--<UUID>"',
      '"modified" is not an RFC 3339 UTC timestamp',
      'larger than 500 bytes',
    ]);
    expect(store.count()).toBe(0);
  });

  it('selects last, first, exact and all versions, judged before added_after', () => {
    let clock = 1_000_000;
    const store = createTaxiiObjectStore(db, { now: () => clock++ });
    store.add([indicator(1, '2026-11-25T00:00:00.000Z')]);
    store.add([indicator(1, '2026-11-27T00:00:00.000Z')]);
    // A version older than the latest, added last (out of order).
    store.add([indicator(1, '2026-11-26T00:00:00.000Z')]);
    const versionsOf = (q: Parameters<typeof store.query>[0]) => store.query(q).records.map((r) => r.version.slice(8, 10));
    expect(versionsOf({ limit: 10 })).toEqual(['27']);
    expect(versionsOf({ limit: 10, versions: { first: true } })).toEqual(['25']);
    expect(versionsOf({ limit: 10, versions: { all: true } })).toEqual(['25', '27', '26']);
    expect(versionsOf({ limit: 10, versions: { exact: [parseTimestampMicros('2026-11-26T00:00:00Z')!] } })).toEqual(['26']);
    const secondAdded = store.query({ limit: 10, versions: { all: true } }).records[1]!;
    // After the latest was added, only an older version came: a puller has nothing new to take.
    expect(versionsOf({ limit: 10, addedAfterMicros: secondAdded.dateAddedMs * 1000 })).toEqual([]);
  });

  it('pages with limit and a cursor, and says when there is more', () => {
    const store = createTaxiiObjectStore(db);
    store.add(Array.from({ length: 5 }, (_, i) => indicator(i + 1)));
    const first = store.query({ limit: 2 });
    expect(first.more).toBe(true);
    const second = store.query({ limit: 2, afterDateAddedMs: first.records[1]!.dateAddedMs });
    const third = store.query({ limit: 2, afterDateAddedMs: second.records[1]!.dateAddedMs });
    expect(third.more).toBe(false);
    expect([...first.records, ...second.records, ...third.records].map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map(id));
  });
});

describe('shared indicators', () => {
  const shared = (n: number, modified: string, extra: Partial<SharedIndicatorLike> = {}): SharedIndicatorLike & { name: string } => ({
    id: id(n),
    name: `indicator ${n} of ${modified}`,
    source: 'hub',
    modified,
    validFrom: '2026-11-01T00:00:00.000Z',
    ...extra,
  });
  const hub = { name: 'hub', url: 'https://hub.example/api1/collections/c/' };

  it('keeps one copy per id, at the newest modified', () => {
    const store = createSharedIndicatorStore<SharedIndicatorLike & { name: string }>(db);
    expect(store.upsert([shared(1, '2026-11-25T00:00:00.000Z')])).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect(store.upsert([shared(1, '2026-11-25T00:00:00Z')])).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(store.upsert([shared(1, '2026-11-26T00:00:00.000Z')])).toMatchObject({ updated: 1 });
    expect(store.upsert([shared(1, '2026-11-24T00:00:00.000Z')])).toMatchObject({ unchanged: 1 });
    expect(store.all()).toEqual([shared(1, '2026-11-26T00:00:00.000Z')]);
    expect(store.upsert([shared(2, 'not a time')]).skipped).toEqual([{ id: id(2), reason: '"modified" "not a time" is not a timestamp' }]);
  });

  it('serves only indicators valid at the time asked, and not revoked', () => {
    const store = createSharedIndicatorStore(db);
    store.upsert([
      shared(1, '2026-11-25T00:00:00.000Z'),
      shared(2, '2026-11-25T00:00:00.000Z', { validUntil: '2026-11-20T00:00:00.000Z' }),
      shared(3, '2026-11-25T00:00:00.000Z', { validFrom: '2026-12-01T00:00:00.000Z' }),
      shared(4, '2026-11-25T00:00:00.000Z'),
    ]);
    store.commitPull(hub, [], undefined, { revocations: [{ id: id(4), modified: '2026-11-26T00:00:00.000Z' }] });
    expect(store.active(Date.UTC(2026, 10, 25)).map((i) => i.id)).toEqual([id(1)]);
    expect(store.count()).toBe(3);
    expect(store.get(id(4))).toBeUndefined();
    // An older copy pulled later does not bring a revoked indicator back.
    expect(store.upsert([shared(4, '2026-11-25T12:00:00.000Z')])).toMatchObject({ unchanged: 1 });
    expect(store.get(id(4))).toBeUndefined();
  });

  it('keeps the cursor per source and collection URL, with the page it belongs to', () => {
    const store = createSharedIndicatorStore(db);
    expect(store.getCursor(hub)).toBeUndefined();
    store.commitPull(hub, [shared(1, '2026-11-25T00:00:00.000Z')], '2026-11-25T01:00:00.000000Z', { identities: { 'identity--x': 'CERT-X' } });
    expect(store.getCursor(hub)).toBe('2026-11-25T01:00:00.000000Z');
    store.commitPull(hub, [], undefined);
    expect(store.getCursor(hub)).toBe('2026-11-25T01:00:00.000000Z');
    expect(store.getCursor({ ...hub, url: 'https://elsewhere.example/api1/collections/c/' })).toBeUndefined();
    expect(store.identities('hub')).toEqual({ 'identity--x': 'CERT-X' });
    expect(store.identities('other')).toEqual({});
  });

  it('rolls the indicators back when the cursor cannot be written, and the other way round', () => {
    const store = createSharedIndicatorStore(db);
    expect(() => store.commitPull(hub, [shared(1, '2026-11-25T00:00:00.000Z')], null as unknown as string)).toThrow();
    expect(store.count()).toBe(0);
    expect(store.getCursor(hub)).toBeUndefined();
  });
});
