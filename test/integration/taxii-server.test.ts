/**
 * Our read-only TAXII 2.1 server on 127.0.0.1, over real HTTP: authentication, content
 * negotiation, every endpoint and filter, pagination, and our own client reading it.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/store/database.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaxiiServerConfig } from '../../src/config/daemon-schema.js';
import { DefacewatchError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/log.js';
import { createTaxiiServer, startTaxiiServer, TAXII_API_ROOT_PATH } from '../../src/sharing/taxii-server/taxii-app.js';
import { createTaxiiObjectStore, type TaxiiObjectStore } from '../../src/sharing/store/taxii-objects.js';
import { createTaxiiClient } from '../../src/sharing/taxii-client/client.js';
import { TAXII_MEDIA_TYPE } from '../../src/sharing/taxii-client/media-types.js';

const COLLECTION = '5e0c1ab7-3f7e-4d8c-9a56-0b1f2e3d4c5b';
const config: TaxiiServerConfig = {
  host: '127.0.0.1',
  port: 9470,
  collectionId: COLLECTION,
  title: 'defacewatch detections',
  users: [{ userEnv: 'PEER_USER', passwordEnv: 'PEER_PASSWORD' }],
  tokensEnv: 'PEER_TOKENS',
};
const env = { PEER_USER: 'peer-b', PEER_PASSWORD: 'pa:ss word', PEER_TOKENS: 'tok-one, tok-two' };
const basic = `Basic ${Buffer.from('peer-b:pa:ss word').toString('base64')}`;

const IND = 'indicator--6b1a0c5e-1f2d-4e3c-8b4a-5d6e7f8a9b0c';
const indicatorV1 = {
  type: 'indicator',
  spec_version: '2.1',
  id: IND,
  created: '2026-03-01T00:00:00.000Z',
  modified: '2026-03-01T00:00:00.000Z',
  name: 'v1',
  pattern: "[x:y = 'a']",
  pattern_type: 'stix',
  valid_from: '2026-03-01T00:00:00.000Z',
};
const indicatorV2 = { ...indicatorV1, modified: '2026-03-02T00:00:00.000Z', name: 'v2' };
const identity = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'CERT-X',
  identity_class: 'organization',
};
const url = { type: 'url', spec_version: '2.1', id: 'url--4c3b2a19-0f8e-5d7c-9b6a-5f4e3d2c1b0a', value: 'https://moh.example.go.jp/' };

let dir: string;
let db: Db;
let store: TaxiiObjectStore;
let server: Awaited<ReturnType<typeof startTaxiiServer>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dw-taxii-server-'));
  db = openDatabase(join(dir, 'state.db'));
  store = createTaxiiObjectStore(db);
  store.add([identity, indicatorV1, url]);
  store.add([indicatorV2]);
  server = await startTaxiiServer({ store, config, env, logger: silentLogger(), port: 0 });
});

afterEach(async () => {
  await server.close();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers: { accept: TAXII_MEDIA_TYPE, authorization: basic, ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const root = TAXII_API_ROOT_PATH;
const coll = `${root}collections/${COLLECTION}/`;
const ids = (body: Record<string, unknown> | undefined) => ((body?.objects ?? []) as Array<{ id: string; name?: string }>).map((o) => o.id);

describe('authentication and content negotiation', () => {
  it('answers 401 with Basic and Bearer challenges and a TAXII error without credentials', async () => {
    for (const authorization of ['', 'Basic ' + Buffer.from('peer-b:wrong').toString('base64'), 'Bearer nope', 'Digest abc']) {
      const res = await fetch(`${server.url}/taxii2/`, { headers: { accept: TAXII_MEDIA_TYPE, ...(authorization ? { authorization } : {}) } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Basic realm="defacewatch TAXII"');
      expect(res.headers.get('www-authenticate')).toContain('Bearer realm="defacewatch TAXII"');
      expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE);
      expect(await res.json()).toMatchObject({ title: 'Authentication required', http_status: '401' });
    }
  });

  it('lets a bearer token from the list in, and a basic user whose password has a colon', async () => {
    expect((await get('/taxii2/', { authorization: 'Bearer tok-two' })).status).toBe(200);
    expect((await get('/taxii2/', { authorization: 'bearer tok-one' })).status).toBe(200);
    expect((await get('/taxii2/')).status).toBe(200);
  });

  it('answers 406 unless Accept allows TAXII 2.1', async () => {
    for (const accept of ['application/json', '*/*', 'application/taxii+json;version=2.0', 'application/taxii+json;version=2.1;q=0']) {
      const res = await get(`${coll}objects/`, { accept });
      expect(res.status, accept).toBe(406);
      expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE);
      expect(res.body).toMatchObject({ title: 'Not acceptable', http_status: '406' });
    }
    for (const accept of [
      'application/taxii+json',
      'application/json, Application/TAXII+JSON; version="2.1"',
      'application/stix+json;version=2.1,application/taxii+json;version=2.1',
    ]) {
      expect((await get(`${coll}objects/`, { accept })).status, accept).toBe(200);
    }
  });

  it('refuses to start without any account or token', () => {
    expect(() => createTaxiiServer({ store, config: { ...config, users: [], tokensEnv: undefined }, env, logger: silentLogger() })).toThrow(DefacewatchError);
    expect(() => createTaxiiServer({ store, config, env: { ...env, PEER_PASSWORD: undefined }, logger: silentLogger() })).toThrow(/PEER_PASSWORD is not set/);
  });
});

describe('server information and collections', () => {
  it('serves discovery with a relative API root, the API root, the collection list and the collection', async () => {
    const discovery = await get('/taxii2/');
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE);
    expect(discovery.body).toMatchObject({ api_roots: [root], default: root });
    expect((await get(root)).body).toMatchObject({ versions: [TAXII_MEDIA_TYPE], max_content_length: expect.any(Number) });
    const collections = await get(`${root}collections/`);
    expect(collections.body).toEqual({
      collections: [expect.objectContaining({ id: COLLECTION, can_read: true, can_write: false, media_types: ['application/stix+json;version=2.1'] })],
    });
    expect((await get(coll)).body).toMatchObject({ id: COLLECTION, title: 'defacewatch detections' });
    expect((await get(`${root}collections/0b6a3a2c-1111-4222-8333-444455556666/`)).status).toBe(404);
    expect((await get(`${root}status/0b6a3a2c-1111-4222-8333-444455556666/`)).status).toBe(404);
  });

  it('is read-only: POST and DELETE answer 403, other methods 405, unknown paths 404 — all TAXII errors', async () => {
    const post = await fetch(`${server.url}${coll}objects/`, {
      method: 'POST',
      headers: { accept: TAXII_MEDIA_TYPE, 'content-type': TAXII_MEDIA_TYPE, authorization: basic },
      body: JSON.stringify({ objects: [indicatorV1] }),
    });
    expect(post.status).toBe(403);
    expect(await post.json()).toMatchObject({ http_status: '403' });
    const del = await fetch(`${server.url}${coll}objects/${IND}/`, { method: 'DELETE', headers: { accept: TAXII_MEDIA_TYPE, authorization: basic } });
    expect(del.status).toBe(403);
    const put = await fetch(`${server.url}${coll}`, { method: 'PUT', headers: { accept: TAXII_MEDIA_TYPE, authorization: basic }, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    const missing = await get(`${root}nothing/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ http_status: '404' });
    expect(store.count()).toBe(4);
  });
});

describe('objects, filters and pagination', () => {
  it('returns the last version of each object by default, oldest date_added first, with date headers', async () => {
    const res = await get(`${coll}objects/`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([identity.id, url.id, IND]);
    expect((res.body?.objects as Array<{ name?: string }>)[2]?.name).toBe('v2');
    expect(res.body?.more).toBe(false);
    const first = res.headers.get('x-taxii-date-added-first');
    const last = res.headers.get('x-taxii-date-added-last');
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}000Z$/);
    expect(last! > first!).toBe(true);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('filters by match[version], match[type], match[id] and added_after', async () => {
    const all = await get(`${coll}objects/?match[version]=all`);
    expect(ids(all.body)).toEqual([identity.id, IND, url.id, IND]);
    const first = await get(`${coll}objects/?match[version]=first&match[type]=indicator`);
    expect((first.body?.objects as Array<{ name: string }>).map((o) => o.name)).toEqual(['v1']);
    const exact = await get(`${coll}objects/?match[version]=2026-03-01T00:00:00Z`);
    expect((exact.body?.objects as Array<{ name: string }>).map((o) => o.name)).toEqual(['v1']);
    const both = await get(`${coll}objects/?match[version]=first,last&match[id]=${IND}`);
    expect(ids(both.body)).toEqual([IND, IND]);
    const types = await get(`${coll}objects/?match[type]=identity,url`);
    expect(ids(types.body)).toEqual([identity.id, url.id]);
    const byIds = await get(`${coll}objects/?match[id]=${url.id},${identity.id}`);
    expect(ids(byIds.body)).toEqual([identity.id, url.id]);

    const head = await get(`${coll}objects/?match[type]=url`);
    const after = await get(`${coll}objects/?added_after=${head.headers.get('x-taxii-date-added-last')}`);
    expect(ids(after.body)).toEqual([IND]);
    const none = await get(`${coll}objects/?added_after=${after.headers.get('x-taxii-date-added-last')}`);
    expect(none.body).toEqual({ more: false });
    expect(none.headers.get('x-taxii-date-added-last')).toBeNull();
  });

  it('answers 400 to malformed or repeated filters', async () => {
    for (const query of [
      'added_after=yesterday',
      'added_after=2026-01-01T00:00:00Z&added_after=2026-01-02T00:00:00Z',
      'limit=0',
      'limit=-3',
      'next=whatever',
      'match[version]=all,last',
      'match[version]=newest',
      'match[type]=Indicator',
      'match[id]=indicator--not-a-uuid',
      'match[type]=indicator&match[type]=url',
    ]) {
      const res = await get(`${coll}objects/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ http_status: '400' });
    }
  });

  it('pages with limit and next, and the pages together are the whole collection', async () => {
    for (let i = 0; i < 7; i++) {
      store.add([{ ...indicatorV1, id: `indicator--00000000-0000-4000-8000-00000000000${i}`, name: `n${i}` }]);
    }
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const res = await get(`${coll}objects/?limit=3${next === undefined ? '' : `&next=${next}`}`);
      expect(ids(res.body).length).toBeLessThanOrEqual(3);
      seen.push(...ids(res.body));
      next = res.body?.next as string | undefined;
      expect(next !== undefined).toBe(res.body?.more);
      pages++;
    } while (next !== undefined);
    expect(pages).toBe(4);
    expect(seen).toEqual(ids((await get(`${coll}objects/`)).body));
    expect(new Set(seen).size).toBe(10);
  });

  it('cuts a page at its byte budget, with more and next, and the client still collects everything', async () => {
    const small = await startTaxiiServer({ store, config, env, logger: silentLogger(), port: 0, limits: { maxPageBytes: 400 } });
    try {
      const page = await fetch(`${small.url}${coll}objects/?limit=50`, { headers: { accept: TAXII_MEDIA_TYPE, authorization: basic } });
      const body = (await page.json()) as { more: boolean; next?: string; objects: unknown[] };
      expect(body.objects.length).toBeLessThan(3);
      expect(body).toMatchObject({ more: true, next: expect.any(String) });
      const all = await createTaxiiClient({ name: 'a', credentials: { kind: 'bearer', token: 'tok-one' } }).getObjects(small.collectionUrl, { limit: 50 });
      expect(all.pages).toBeGreaterThan(1);
      expect((all.objects as Array<{ id: string }>).map((o) => o.id)).toEqual([identity.id, url.id, IND]);
    } finally {
      await small.close();
    }
  });

  it('serves the manifest with one record per version', async () => {
    const res = await get(`${coll}manifest/?match[version]=all&match[type]=indicator`);
    expect(res.status).toBe(200);
    expect(res.body?.objects).toEqual([
      { id: IND, date_added: expect.stringMatching(/Z$/), version: '2026-03-01T00:00:00.000Z', media_type: 'application/stix+json;version=2.1' },
      { id: IND, date_added: expect.stringMatching(/Z$/), version: '2026-03-02T00:00:00.000Z', media_type: 'application/stix+json;version=2.1' },
    ]);
    expect(res.headers.get('x-taxii-date-added-first')).toBe((res.body?.objects as Array<{ date_added: string }>)[0]?.date_added);
    const limited = await get(`${coll}manifest/?limit=1`);
    expect(limited.body?.more).toBe(true);
    expect(limited.body?.objects).toHaveLength(1);
  });

  it('serves an object by id (last version by default) and its versions', async () => {
    const byId = await get(`${coll}objects/${IND}/`);
    expect((byId.body?.objects as Array<{ name: string }>).map((o) => o.name)).toEqual(['v2']);
    const allVersions = await get(`${coll}objects/${IND}/?match[version]=all`);
    expect((allVersions.body?.objects as Array<{ name: string }>).map((o) => o.name)).toEqual(['v1', 'v2']);
    const versions = await get(`${coll}objects/${IND}/versions/`);
    expect(versions.body).toEqual({ more: false, versions: ['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'] });
    expect(versions.headers.get('x-taxii-date-added-last')).toBe(byId.headers.get('x-taxii-date-added-last'));
    expect((await get(`${coll}objects/indicator--00000000-0000-4000-8000-999999999999/`)).status).toBe(404);
    expect((await get(`${coll}objects/indicator--00000000-0000-4000-8000-999999999999/versions/`)).status).toBe(404);
    expect((await get(`${coll}objects/not-an-id/`)).status).toBe(404);
  });
});

describe('our client reads our server', () => {
  it('discovers, pages through everything, and resumes from the cursor', async () => {
    const client = createTaxiiClient({ name: 'sensor-a', credentials: { kind: 'bearer', token: 'tok-one' } });
    const discovery = await client.discover(server.url);
    expect(discovery.api_roots).toEqual([`${server.url}${root}`]);
    const result = await client.getObjects(server.collectionUrl, { limit: 2 });
    expect(result.pages).toBe(2);
    expect((result.objects as Array<{ id: string }>).map((o) => o.id)).toEqual([identity.id, url.id, IND]);
    store.add([{ ...indicatorV2, modified: '2026-03-03T00:00:00.000Z', name: 'v3' }]);
    const again = await client.getObjects(server.collectionUrl, { addedAfter: result.dateAddedLast });
    expect((again.objects as Array<{ name: string }>).map((o) => o.name)).toEqual(['v3']);
  });
});
