/**
 * The TAXII 2.1 client against a strict hub on 127.0.0.1 (test/helpers/strict-taxii-server.ts):
 * exact media types, 202 + status polling, pagination both ways, partial failures, a hub that is
 * down, slow, too talkative or refusing our credentials.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { createTaxiiClient, type TaxiiClientOptions } from '../../src/sharing/taxii-client/client.js';
import { TaxiiRequestError } from '../../src/sharing/taxii-client/http.js';
import { TAXII_MEDIA_TYPE } from '../../src/sharing/taxii-client/media-types.js';
import { startStrictTaxiiServer, type StrictTaxiiServer } from '../helpers/strict-taxii-server.js';

const alice = { kind: 'basic', user: 'alice', password: 's3cret:with:colons' } as const;
const fastPolls = { initialDelayMs: 10, maxDelayMs: 40, budgetMs: 5_000 };

let hubs: StrictTaxiiServer[] = [];
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(hubs.map((h) => h.close()));
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  hubs = [];
  servers = [];
});

async function hub(options: Parameters<typeof startStrictTaxiiServer>[0] = {}): Promise<StrictTaxiiServer> {
  const h = await startStrictTaxiiServer({ users: { alice: alice.password }, ...options });
  hubs.push(h);
  return h;
}

function client(options: Partial<TaxiiClientOptions> = {}) {
  return createTaxiiClient({ name: 'test-hub', credentials: alice, statusPoll: fastPolls, ...options });
}

function indicator(n: number, extra: Record<string, unknown> = {}) {
  const id = `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    pattern: `[url:value = 'https://example.go.jp/${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

const basicHeader = `Basic ${Buffer.from(`alice:${alice.password}`).toString('base64')}`;

describe('the strict hub really refuses wrong media types (raw fetch)', () => {
  it('answers 406 to a GET whose Accept is not TAXII 2.1, and 200 to the exact one', async () => {
    const h = await hub();
    for (const accept of ['application/json', '*/*', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1']) {
      const res = await fetch(h.collectionUrl, { headers: { accept, authorization: basicHeader } });
      expect(res.status, accept).toBe(406);
      expect(res.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE);
    }
    const ok = await fetch(h.collectionUrl, { headers: { accept: TAXII_MEDIA_TYPE, authorization: basicHeader } });
    expect(ok.status).toBe(200);
  });

  it('answers 415 to a POST whose Content-Type is not TAXII 2.1, and 202 to the exact one', async () => {
    const h = await hub();
    const body = JSON.stringify({ objects: [indicator(1)] });
    for (const contentType of ['application/json', 'application/stix+json;version=2.1', 'application/taxii+json;version=2.0']) {
      const res = await fetch(`${h.collectionUrl}objects/`, {
        method: 'POST',
        headers: { accept: TAXII_MEDIA_TYPE, 'content-type': contentType, authorization: basicHeader },
        body,
      });
      expect(res.status, contentType).toBe(415);
    }
    expect(h.objects()).toHaveLength(0);
    const ok = await fetch(`${h.collectionUrl}objects/`, {
      method: 'POST',
      headers: { accept: TAXII_MEDIA_TYPE, 'content-type': TAXII_MEDIA_TYPE, authorization: basicHeader },
      body,
    });
    expect(ok.status).toBe(202);
    expect(((await ok.json()) as { status: string }).status).toBe('pending');
  });

  it('answers 401 with a challenge when credentials are missing', async () => {
    const h = await hub();
    const res = await fetch(h.collectionUrl, { headers: { accept: TAXII_MEDIA_TYPE } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});

describe('TAXII client', () => {
  it('discovers the API roots (made absolute), the API root and the collection', async () => {
    const h = await hub();
    const c = client();
    const discovery = await c.discover(h.origin);
    expect(discovery.api_roots).toEqual([`${h.origin}/api1/`]);
    expect(discovery.default).toBe(`${h.origin}/api1/`);
    const root = await c.getApiRoot(`${h.origin}/api1/`);
    expect(root.versions).toContain(TAXII_MEDIA_TYPE);
    const collections = await c.getCollections(`${h.origin}/api1/`);
    expect(collections.map((col) => col.id)).toEqual([h.collectionId]);
    const collection = await c.getCollection(h.collectionUrl);
    expect(collection).toMatchObject({ id: h.collectionId, can_write: true, can_read: true });
  });

  it('POSTs an envelope with exactly the TAXII media type, then polls the status until complete', async () => {
    const h = await hub({ pendingPolls: 3 });
    const result = await client().addObjects(h.collectionUrl, [indicator(1), indicator(2)]);
    expect(result.complete).toBe(true);
    expect(result.polls).toBe(3);
    expect(result.successes.map((s) => s.id)).toEqual([indicator(1).id, indicator(2).id]);
    expect(result.failures).toEqual([]);
    expect(h.objects().map((o) => o.id)).toEqual([indicator(1).id, indicator(2).id]);

    const post = h.requests.find((r) => r.method === 'POST');
    expect(post?.headers.accept).toBe(TAXII_MEDIA_TYPE);
    expect(post?.headers['content-type']).toBe(TAXII_MEDIA_TYPE);
    expect(post?.headers['user-agent']).toMatch(/^defacewatch\//);
    const polls = h.requests.filter((r) => r.method === 'GET' && r.url.startsWith(`/api1/status/${result.status.id}/`));
    expect(polls).toHaveLength(3);
    expect(polls.every((r) => r.headers.accept === TAXII_MEDIA_TYPE)).toBe(true);
  });

  it('reports objects still pending when the poll budget runs out', async () => {
    const h = await hub({ pendingPolls: 1000 });
    const result = await client({ statusPoll: { initialDelayMs: 20, maxDelayMs: 20, budgetMs: 150 } }).addObjects(h.collectionUrl, [indicator(1)]);
    expect(result.complete).toBe(false);
    expect(result.polls).toBeGreaterThan(0);
    expect(result.pendings.map((p) => p.id)).toEqual([indicator(1).id]);
  });

  it('reports a partial failure object by object', async () => {
    const h = await hub({ refuse: (o) => (String(o.pattern).includes('/2') ? 'pattern refused by hub policy' : undefined) });
    const result = await client().addObjects(h.collectionUrl, [indicator(1), indicator(2), indicator(3)]);
    expect(result.complete).toBe(true);
    expect(result.successes.map((s) => s.id)).toEqual([indicator(1).id, indicator(3).id]);
    expect(result.failures).toEqual([{ id: indicator(2).id, version: '2026-01-01T00:00:00.000Z', message: 'pattern refused by hub policy' }]);
  });

  it('follows more/next and collects every page', async () => {
    const h = await hub();
    h.seed(Array.from({ length: 25 }, (_, i) => indicator(i + 1)));
    const result = await client().getObjects(h.collectionUrl, { limit: 10 });
    expect(result.pages).toBe(3);
    expect(result.more).toBe(false);
    expect((result.objects as Array<{ id: string }>).map((o) => o.id)).toEqual(h.objects().map((o) => o.id));
    const pageRequests = h.requests.filter((r) => r.url.includes('/objects/'));
    expect(pageRequests.filter((r) => r.url.includes('next='))).toHaveLength(2);
    expect(result.dateAddedLast).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('pages by added_after when the hub gives no next, and resumes from the cursor', async () => {
    const h = await hub({ giveNext: false });
    h.seed(Array.from({ length: 7 }, (_, i) => indicator(i + 1)));
    const c = client();
    const first = await c.getObjects(h.collectionUrl, { limit: 3 });
    expect(first.objects).toHaveLength(7);
    expect(first.pages).toBe(3);
    expect(h.requests.filter((r) => r.url.includes('added_after='))).toHaveLength(2);

    h.seed([indicator(8), indicator(9)]);
    const again = await c.getObjects(h.collectionUrl, { addedAfter: first.dateAddedLast, limit: 3 });
    expect((again.objects as Array<{ id: string }>).map((o) => o.id)).toEqual([indicator(8).id, indicator(9).id]);
    const nothing = await c.getObjects(h.collectionUrl, { addedAfter: again.dateAddedLast });
    expect(nothing.objects).toEqual([]);
    expect(nothing.dateAddedLast).toBeUndefined();
  });

  it('stops at the page limit and says there is more', async () => {
    const h = await hub();
    h.seed(Array.from({ length: 10 }, (_, i) => indicator(i + 1)));
    const result = await client().getObjects(h.collectionUrl, { limit: 2, maxPages: 2 });
    expect(result.objects).toHaveLength(4);
    expect(result.more).toBe(true);
  });

  it('sends match[type] as one comma-separated parameter', async () => {
    const h = await hub();
    h.seed([indicator(1), { type: 'identity', id: 'identity--00000000-0000-4000-8000-000000000001', name: 'x', modified: '2026-01-01T00:00:00.000Z' }]);
    const result = await client().getObjects(h.collectionUrl, { types: ['identity', 'malware'] });
    expect((result.objects as Array<{ type: string }>).map((o) => o.type)).toEqual(['identity']);
  });

  it('authenticates with a bearer token', async () => {
    const h = await hub({ tokens: ['tok-123'] });
    const c = createTaxiiClient({ name: 'tokened', credentials: { kind: 'bearer', token: 'tok-123' } });
    await expect(c.getCollection(h.collectionUrl)).resolves.toMatchObject({ id: h.collectionId });
  });
});

describe('TAXII client failures', () => {
  async function failure(promise: Promise<unknown>): Promise<TaxiiRequestError> {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TaxiiRequestError);
    return err as TaxiiRequestError;
  }

  it('a hub that is down is a retryable error naming the collection', async () => {
    const h = await hub();
    const url = h.collectionUrl;
    await h.close();
    hubs = [];
    const err = await failure(client().addObjects(url, [indicator(1)]));
    expect(err).toBeInstanceOf(DefacewatchError);
    expect(err.code).toBe('TAXII_FAILED');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('TAXII collection "test-hub"');
    expect(err.message).toContain('could not be reached');
    expect(err.hint).toMatch(/reachable/);
    expect(err.hint).toContain('TAXII collection "test-hub"');
  });

  it('a 503 is retryable and carries the status', async () => {
    const h = await hub();
    h.setUnavailable(true);
    const err = await failure(client().getObjects(h.collectionUrl));
    expect(err.httpStatus).toBe(503);
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('HTTP 503');
  });

  it('wrong credentials: 401, the TAXII error title in the message, a hint about the variables', async () => {
    const h = await hub();
    const err = await failure(createTaxiiClient({ name: 'test-hub', credentials: { kind: 'basic', user: 'alice', password: 'wrong' } }).getCollection(h.collectionUrl));
    expect(err.httpStatus).toBe(401);
    expect(err.taxiiError?.title).toBe('Unauthorized');
    expect(err.hint).toMatch(/credentials/);
  });

  it('refuses a response larger than the limit', async () => {
    const h = await hub();
    h.seed(Array.from({ length: 50 }, (_, i) => indicator(i + 1)));
    const err = await failure(client({ maxResponseBytes: 2_000 }).getObjects(h.collectionUrl));
    expect(err.message).toContain('more than 2000 bytes');
  });

  async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api1/collections/c/`;
  }

  it('refuses a chunked response that grows past the limit', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII_MEDIA_TYPE });
      const chunk = 'x'.repeat(1000);
      for (let i = 0; i < 10; i++) res.write(chunk);
      res.end();
    });
    const err = await failure(client({ maxResponseBytes: 5_000 }).getCollection(url));
    expect(err.message).toContain('more than 5000 bytes');
  });

  it('gives up on a hub that does not answer in time', async () => {
    const url = await rawServer(() => {
      // never answers
    });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 200 }).getCollection(url));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.message).toContain('no complete answer within 200 ms');
    expect(err.retryable).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const url = await rawServer(() => {
      // never answers
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const err = await failure(client().getCollection(url, { signal: controller.signal }));
    expect(err.message).toContain('cancelled');
  });

  it('refuses a success answered in another media type, and a resource that is not TAXII', async () => {
    const json = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x","title":"t","can_read":true,"can_write":false}');
    });
    expect((await failure(client().getCollection(json))).message).toContain('not application/taxii+json;version=2.1');

    const wrong = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII_MEDIA_TYPE });
      res.end('{"id":"x","title":"t","can_read":"yes"}');
    });
    expect((await failure(client().getCollection(wrong))).message).toMatch(/not valid TAXII 2\.1 at can_read/);
  });

  it('does not follow redirects (credentials stay with the configured host)', async () => {
    const target = await hub();
    const url = await rawServer((_req, res) => {
      res.writeHead(302, { location: target.collectionUrl });
      res.end();
    });
    await failure(client().getCollection(url));
    expect(target.requests).toHaveLength(0);
  });

  it('refuses a status id that is not one plain path segment', async () => {
    const url = await rawServer((req, res) => {
      res.writeHead(req.method === 'POST' ? 202 : 200, { 'content-type': TAXII_MEDIA_TYPE });
      res.end(JSON.stringify({ id: '../../evil', status: 'pending', total_count: 1, success_count: 0, failure_count: 0, pending_count: 1 }));
    });
    const err = await failure(client().addObjects(url, [indicator(1)]));
    expect(err.message).toContain('unusable status id');
  });
});
