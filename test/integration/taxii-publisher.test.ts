/**
 * The TAXII publishers: to a strict hub on 127.0.0.1, and into the sensor's own collection. What
 * the outbox relies on: a resolved publish means every object is in; anything else throws a
 * retryable ALERT_FAILED naming the objects; and sending the same objects again duplicates nothing.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaxiiCollectionConfig } from '../../src/config/daemon-schema.js';
import { DefacewatchError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/log.js';
import { createLocalTaxiiPublisher, createTaxiiPublisher } from '../../src/sharing/sink.js';
import { createTaxiiObjectStore } from '../../src/sharing/store/taxii-objects.js';
import { startStrictTaxiiServer, type StrictTaxiiServer } from '../helpers/strict-taxii-server.js';

const env = { HUB_USER: 'sensor-jp', HUB_PASSWORD: 'hub-secret' };
const client = { statusPoll: { initialDelayMs: 10, maxDelayMs: 20, budgetMs: 2_000 } };

let hubs: StrictTaxiiServer[] = [];
let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  hubs = [];
  dirs = [];
});

async function hub(options: Parameters<typeof startStrictTaxiiServer>[0] = {}) {
  const h = await startStrictTaxiiServer({ users: { 'sensor-jp': 'hub-secret' }, pendingPolls: 2, ...options });
  hubs.push(h);
  return h;
}

function hubConfig(h: StrictTaxiiServer): TaxiiCollectionConfig {
  return { name: 'asean-hub', url: h.collectionUrl, userEnv: 'HUB_USER', passwordEnv: 'HUB_PASSWORD' };
}

const objects = [
  {
    type: 'identity',
    spec_version: '2.1',
    id: 'identity--11111111-2222-4333-8444-555555555555',
    created: '2026-11-25T00:00:00.000Z',
    modified: '2026-11-25T00:00:00.000Z',
    name: 'CSIRT',
  },
  {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--11111111-2222-4333-8444-666666666666',
    created: '2026-11-25T00:00:00.000Z',
    modified: '2026-11-25T03:00:00.000Z',
    pattern: "[domain-name:value = 'evil.example']",
    pattern_type: 'stix',
    valid_from: '2026-11-25T00:00:00.000Z',
  },
  { type: 'domain-name', spec_version: '2.1', id: 'domain-name--11111111-2222-5333-8444-777777777777', value: 'evil.example' },
];

async function rejection(promise: Promise<unknown>): Promise<DefacewatchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DefacewatchError);
  return err as DefacewatchError;
}

describe('publishing to a hub', () => {
  it('adds the objects, waits for the status to complete, and says so in the receipt', async () => {
    const h = await hub();
    const publisher = createTaxiiPublisher(hubConfig(h), env, silentLogger(), { client });
    const receipt = await publisher.publish(objects);
    expect(receipt).toMatchObject({ sink: 'asean-hub', delivered: true, objects: 3 });
    expect(receipt.detail).toContain('3 of 3 object(s) added');
    expect(h.objects().map((o) => o.id)).toEqual(objects.map((o) => o.id));
    expect(h.requests.filter((r) => r.url.startsWith('/api1/status/'))).toHaveLength(2);
  });

  it('re-sending the same objects creates no duplicates on the hub', async () => {
    const h = await hub();
    const publisher = createTaxiiPublisher(hubConfig(h), env, silentLogger(), { client });
    await publisher.publish(objects);
    await publisher.publish(objects);
    await publisher.publish([...objects].reverse());
    expect(h.objects()).toHaveLength(3);
    // The bodies were identical: nothing was stamped on the objects on the way.
    const bodies = h.requests.filter((r) => r.method === 'POST');
    expect(bodies).toHaveLength(3);
  });

  it('a partial failure throws a retryable ALERT_FAILED naming each refused object', async () => {
    const h = await hub({ refuse: (o) => (o.type === 'domain-name' ? 'SCO type not accepted here' : undefined) });
    const publisher = createTaxiiPublisher(hubConfig(h), env, silentLogger(), { client });
    const err = await rejection(publisher.publish(objects));
    expect(err.code).toBe('ALERT_FAILED');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('TAXII collection "asean-hub"');
    expect(err.message).toContain('1 of 3 object(s) refused: domain-name--11111111-2222-5333-8444-777777777777: SCO type not accepted here');
  });

  it('objects still pending when polling gives up make it throw, to be sent again', async () => {
    const h = await hub({ pendingPolls: 10_000 });
    const publisher = createTaxiiPublisher(hubConfig(h), env, silentLogger(), { client: { statusPoll: { initialDelayMs: 10, maxDelayMs: 10, budgetMs: 80 } } });
    const err = await rejection(publisher.publish(objects));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/3 object\(s\) still pending after \d+ status poll/);
  });

  it('a hub that is down or failing throws a retryable TAXII_FAILED', async () => {
    const h = await hub();
    const publisher = createTaxiiPublisher(hubConfig(h), env, silentLogger(), { client });
    h.setUnavailable(true);
    const failing = await rejection(publisher.publish(objects));
    expect(failing).toMatchObject({ code: 'TAXII_FAILED', retryable: true });
    expect(failing.message).toContain('HTTP 503');
    await h.close();
    hubs = [];
    const down = await rejection(publisher.publish(objects));
    expect(down).toMatchObject({ code: 'TAXII_FAILED', retryable: true });
    expect(down.message).toContain('could not be reached');
  });

  it('refuses to start when a credential variable is missing', async () => {
    const h = await hub();
    expect(() => createTaxiiPublisher(hubConfig(h), { HUB_USER: 'x' }, silentLogger())).toThrow(/HUB_PASSWORD is not set/);
  });

  it('a dry run sends nothing', async () => {
    const h = await hub();
    const receipt = await createTaxiiPublisher(hubConfig(h), env, silentLogger()).publish(objects, { dryRun: true });
    expect(receipt.delivered).toBe(false);
    expect(h.requests).toHaveLength(0);
  });
});

describe('publishing into the own collection', () => {
  async function store() {
    const dir = await mkdtemp(join(tmpdir(), 'dw-taxii-local-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'state.db'));
    return { db, store: createTaxiiObjectStore(db) };
  }

  it('stores each (id, version) once however often it is published', async () => {
    const { db, store: s } = await store();
    const publisher = createLocalTaxiiPublisher(s, silentLogger());
    expect((await publisher.publish(objects)).detail).toContain('3 new of 3');
    expect((await publisher.publish(objects)).detail).toContain('0 new of 3');
    expect(s.count()).toBe(3);
    db.close();
  });

  it('throws naming the objects that are not STIX, keeping the others', async () => {
    const { db, store: s } = await store();
    const err = await rejection(createLocalTaxiiPublisher(s, silentLogger()).publish([...objects, { type: 'indicator', id: 'nope' }]));
    expect(err.code).toBe('ALERT_FAILED');
    expect(err.message).toContain('1 of 4 object(s) refused: nope: "id" is not "indicator--<UUID>"');
    expect(s.count()).toBe(3);
    db.close();
  });
});
