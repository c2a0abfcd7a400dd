/**
 * Ingest over real HTTP on 127.0.0.1: sensor A stores its incident bundle (the STIX module's real
 * output) in its TAXII collection and serves it; sensor B pulls it with pullOnce and the STIX
 * module's real parser into its own SQLite file. Re-pulls, new versions, revocations, bad peers
 * and a failure half-way through a pull.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openDatabase, type Db } from '../../src/store/database.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaxiiServerConfig } from '../../src/config/daemon-schema.js';
import type { Incident } from '../../src/core/incident.js';
import type { SharedIndicator } from '../../src/core/shared-indicator.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { startTaxiiServer } from '../../src/sharing/taxii-server/taxii-app.js';
import { pullOnce, type PullDeps, type SharedObjectParser } from '../../src/sharing/pull.js';
import { incidentBundle, parseSharedObjects, type SharingContext } from '../../src/sharing/stix/index.js';
import { createLocalTaxiiPublisher } from '../../src/sharing/sink.js';
import { createSharedIndicatorStore, type SharedIndicatorStore } from '../../src/sharing/store/shared-indicators.js';
import { createTaxiiObjectStore, type TaxiiObjectStore } from '../../src/sharing/store/taxii-objects.js';

const config: TaxiiServerConfig = {
  host: '127.0.0.1',
  port: 9470,
  collectionId: '3b9f3c8e-0d7a-4c61-9f3e-2a5b6c7d8e9f',
  title: 'sensor A detections',
  users: [{ userEnv: 'A_PEER_USER', passwordEnv: 'A_PEER_PASSWORD' }],
};
const env = { A_PEER_USER: 'sensor-b', A_PEER_PASSWORD: 'b-secret', WRONG_PASSWORD: 'nope' };
const NOW = '2026-11-26T00:00:00.000Z';
// The real parser, at a fixed time so the fixture's indicator is not yet expired.
const parse: SharedObjectParser<SharedIndicator> = (objects, source, options) => parseSharedObjects(objects, source, { ...options, now: NOW });

let dir: string;
let dbA: Db;
let dbB: Db;
let storeA: TaxiiObjectStore;
let storeB: SharedIndicatorStore<SharedIndicator>;
let serverA: Awaited<ReturnType<typeof startTaxiiServer>>;
let fixture: { incident: Incident; context: SharingContext };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-taxii-pull-'));
  dbA = openDatabase(join(dir, 'a.db'));
  dbB = openDatabase(join(dir, 'b.db'));
  storeA = createTaxiiObjectStore(dbA);
  storeB = createSharedIndicatorStore<SharedIndicator>(dbB);
  serverA = await startTaxiiServer({ store: storeA, config, env, logger: silentLogger(), port: 0 });
  const input = JSON.parse(await readFile(join(import.meta.dirname, '../golden/stix/incident-input.json'), 'utf8')) as {
    incident: Incident;
    context: SharingContext;
  };
  fixture = { incident: input.incident, context: { ...input.context, includeScreenshot: false } };
});

afterEach(async () => {
  await serverA.close();
  dbA.close();
  dbB.close();
  await rm(dir, { recursive: true, force: true });
});

const source = () => ({ name: 'sensor-a', url: serverA.collectionUrl, userEnv: 'A_PEER_USER', passwordEnv: 'A_PEER_PASSWORD' });
const deps = (extra: Partial<PullDeps<SharedIndicator>> = {}): PullDeps<SharedIndicator> => ({ store: storeB, parse, env, logger: silentLogger(), ...extra });
const publishA = (incident: Incident) => createLocalTaxiiPublisher(storeA, silentLogger()).publish(incidentBundle(incident, fixture.context).objects);

describe('pullOnce from our own TAXII server', () => {
  it("stores the peer's indicator, names who shared it, and advances the cursor", async () => {
    await publishA(fixture.incident);
    const [result] = await pullOnce([source()], deps());
    expect(result).toMatchObject({ source: 'sensor-a', ok: true, cursorBefore: undefined });
    expect(result?.error).toBeUndefined();
    expect(result?.fetched).toBe(storeA.count());
    expect(result?.stored.inserted).toBe(1);
    expect(result?.cursorAfter).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(storeB.getCursor({ name: 'sensor-a', url: serverA.collectionUrl })).toBe(result?.cursorAfter);

    const [indicator] = storeB.all();
    expect(indicator).toMatchObject({ source: 'sensor-a', createdBy: 'Example National CSIRT' });
    expect(indicator?.slogans.length).toBeGreaterThan(0);
    expect(storeB.active(Date.parse(NOW))).toHaveLength(1);
  });

  it('re-pulling, and re-publishing the same incident, create no duplicates', async () => {
    await publishA(fixture.incident);
    const [first] = await pullOnce([source()], deps());
    const objectsA = storeA.count();
    await publishA(fixture.incident);
    expect(storeA.count()).toBe(objectsA);

    const [second] = await pullOnce([source()], deps());
    expect(second).toMatchObject({ ok: true, fetched: 0, cursorBefore: first?.cursorAfter, cursorAfter: first?.cursorAfter });
    expect(storeB.count()).toBe(1);

    // Reading the whole collection again (as after a lost cursor) changes nothing either.
    const [fromScratch] = await pullOnce([{ ...source(), name: 'sensor-a-again' }], deps());
    expect(fromScratch?.stored).toEqual({ inserted: 0, updated: 0, unchanged: 1, revoked: 0 });
    expect(storeB.count()).toBe(1);
  });

  it('takes a newer version in place of the old one, still naming its author from the earlier pull', async () => {
    await publishA(fixture.incident);
    await pullOnce([source()], deps());
    const before = storeB.all()[0];

    await publishA({ ...fixture.incident, lastSeenAt: '2026-11-25T09:00:00.000Z', defacedChecks: 30 });
    const [result] = await pullOnce([source()], deps());
    // Only what changed was fetched: the identity (same version) was not sent again.
    expect(result?.fetched).toBeLessThan(storeA.count());
    expect(result?.stored.updated).toBe(1);
    const after = storeB.all();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before?.id);
    expect((after[0]?.modified ?? '') > (before?.modified ?? '')).toBe(true);
    expect(after[0]?.createdBy).toBe('Example National CSIRT');
  });

  it('a revoked indicator (incident approved as legitimate) stops matching', async () => {
    await publishA(fixture.incident);
    await pullOnce([source()], deps());
    expect(storeB.count()).toBe(1);
    await publishA({ ...fixture.incident, status: 'approved', closedAt: '2026-11-25T10:00:00.000Z' });
    const [result] = await pullOnce([source()], deps());
    expect(result?.stored.revoked).toBe(1);
    expect(result?.rejected).toBe(0);
    expect(storeB.count()).toBe(0);
    expect(storeB.active(Date.parse(NOW))).toEqual([]);
  });

  it('one bad peer does not stop the others; its cursor stays', async () => {
    await publishA(fixture.incident);
    const results = await pullOnce(
      [
        { name: 'wrong-password', url: serverA.collectionUrl, userEnv: 'A_PEER_USER', passwordEnv: 'WRONG_PASSWORD' },
        { name: 'missing-variable', url: serverA.collectionUrl, tokenEnv: 'UNSET_TOKEN' },
        { name: 'down', url: 'http://127.0.0.1:9/taxii2/x/collections/3b9f3c8e-0d7a-4c61-9f3e-2a5b6c7d8e9f/' },
        source(),
      ],
      deps(),
    );
    expect(results.map((r) => [r.source, r.ok])).toEqual([
      ['wrong-password', false],
      ['missing-variable', false],
      ['down', false],
      ['sensor-a', true],
    ]);
    expect(results[0]?.error?.message).toContain('HTTP 401');
    expect(results[1]?.error?.code).toBe('CONFIG_INVALID');
    expect(results[2]?.error?.retryable).toBe(true);
    expect(results[0]?.cursorAfter).toBeUndefined();
    expect(storeB.count()).toBe(1);
  });

  it('commits page by page: a failure half-way keeps the pages before it, and the next pull finishes without duplicates', async () => {
    await publishA(fixture.incident);
    const total = storeA.count();
    expect(total).toBeGreaterThan(6);
    let calls = 0;
    const failing: SharedObjectParser<SharedIndicator> = (objects, src, options) => {
      if (++calls === 3) throw new Error('parser crashed');
      return parse(objects, src, options);
    };
    const [broken] = await pullOnce([source()], deps({ parse: failing, pageSize: 2 }));
    expect(broken?.ok).toBe(false);
    expect(broken?.pages).toBe(3);
    expect(broken?.cursorAfter).toBeDefined();
    expect(storeB.getCursor({ name: 'sensor-a', url: serverA.collectionUrl })).toBe(broken?.cursorAfter);

    const [rest] = await pullOnce([source()], deps({ pageSize: 2 }));
    expect(rest?.ok).toBe(true);
    expect(rest?.fetched).toBe(total - 4);
    expect(storeB.count()).toBe(1);
  });

  it('stops at the page limit and carries on at the next pull', async () => {
    await publishA(fixture.incident);
    const [first] = await pullOnce([source()], deps({ pageSize: 1, maxPages: 2 }));
    expect(first).toMatchObject({ ok: true, pages: 2, fetched: 2, more: true });
    const [second] = await pullOnce([source()], deps({ pageSize: 100 }));
    expect(second).toMatchObject({ ok: true, more: false, fetched: storeA.count() - 2 });
  });

  it('logs each rejected object with its reason', async () => {
    await publishA(fixture.incident);
    storeA.add([
      {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--7c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f',
        created: '2026-11-25T00:00:00.000Z',
        modified: '2026-11-25T00:00:00.000Z',
        pattern: 'title: sigma rule',
        pattern_type: 'sigma',
        valid_from: '2026-11-25T00:00:00.000Z',
      },
    ]);
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    const [result] = await pullOnce([source()], deps({ logger }));
    expect(result?.rejected).toBe(1);
    const rejection = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'shared object rejected');
    expect(rejection).toMatchObject({ source: 'sensor-a', id: 'indicator--7c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f', reason: expect.stringContaining('sigma') });
    expect(storeB.count()).toBe(1);
  });
});
