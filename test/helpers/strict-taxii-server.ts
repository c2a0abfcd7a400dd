import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A strict TAXII 2.1 hub for tests, written from the OASIS spec on node:http and sharing no code
 * with src/ (so a mistake in our media-type or timestamp code cannot hide itself here):
 *
 * - 406 unless Accept lists exactly `application/taxii+json;version=2.1` (§1.6.8, §3.1); stricter
 *   than the spec, which also allows the bare type: it proves the client sends the version.
 * - 415 on a POST whose Content-Type is not exactly that media type (§5.5).
 * - 401 + WWW-Authenticate without valid Basic or Bearer credentials (§1.6.9).
 * - POST answers 202 with a status resource that is `pending` for the first `pendingPolls` polls
 *   and `complete` after (§4.3, §5.5); exact duplicates are kept once and are no error.
 * - GET objects sorts by date_added (§3.3), honours added_after/match[type]/limit (§3.4), pages
 *   with `more` and an opaque `next` (or without `next`, via X-TAXII-Date-Added-Last, §3.5).
 *
 *   const hub = await startStrictTaxiiServer({ users: { alice: 's3cret' } });
 *   hub.collectionUrl   // http://127.0.0.1:PORT/api1/collections/<uuid>/
 */

export interface StrictTaxiiServerOptions {
  /** Basic accounts, user → password. */
  users?: Record<string, string>;
  /** Bearer tokens. */
  tokens?: string[];
  /** Status polls answered `pending` before `complete` (default 1). 0: complete at once. */
  pendingPolls?: number;
  /** A failure message for objects the hub refuses (partial failure). */
  refuse?: (object: Record<string, unknown>) => string | undefined;
  /** Server-imposed page size (default 1000). */
  maxPageSize?: number;
  /** false: pages carry `more` but no `next`, so clients must move added_after (§3.5). */
  giveNext?: boolean;
}

export interface StoredObject {
  object: Record<string, unknown>;
  id: string;
  version: string;
  /** Microseconds since the epoch. */
  dateAdded: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface StrictTaxiiServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  collectionId: string;
  collectionUrl: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Objects in the collection, oldest first. */
  objects(): StoredObject[];
  /** Adds objects directly, as if another member had published them. */
  seed(objects: Array<Record<string, unknown>>): void;
  /** While true, every request gets 503. */
  setUnavailable(value: boolean): void;
  close(): Promise<void>;
}

const TAXII = 'application/taxii+json;version=2.1';
const API_ROOT = '/api1/';

interface StatusState {
  id: string;
  requestTimestamp: string;
  polls: number;
  successes: Array<{ id: string; version: string }>;
  failures: Array<{ id: string; version: string; message: string }>;
}

/** What the hub keeps between requests. */
interface Hub {
  options: StrictTaxiiServerOptions;
  collectionId: string;
  pendingPolls: number;
  maxPageSize: number;
  stored: StoredObject[];
  statuses: Map<string, StatusState>;
  nextTokens: Map<string, number>;
  requests: RecordedRequest[];
  unavailable: boolean;
  /** date_added of the newest object, in microseconds. */
  lastAdded: number;
}

export async function startStrictTaxiiServer(options: StrictTaxiiServerOptions = {}): Promise<StrictTaxiiServer> {
  const hub: Hub = {
    options,
    collectionId: randomUUID(),
    pendingPolls: options.pendingPolls ?? 1,
    maxPageSize: options.maxPageSize ?? 1000,
    stored: [],
    statuses: new Map(),
    nextTokens: new Map(),
    requests: [],
    unavailable: false,
    lastAdded: 0,
  };
  const server: Server = createServer((req, res) => {
    handle(hub, req, res).catch((err: unknown) => {
      send(res, 500, { title: 'test server failure', description: String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    collectionId: hub.collectionId,
    collectionUrl: `${origin}${API_ROOT}collections/${hub.collectionId}/`,
    requests: hub.requests,
    objects: () => [...hub.stored],
    seed: (objects) => {
      for (const object of objects) add(hub, object);
    },
    setUnavailable: (value) => {
      hub.unavailable = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Stores an object unless this version is there already (§5.5: a duplicate is no error). */
function add(hub: Hub, object: Record<string, unknown>): { id: string; version: string } {
  const id = String(object.id);
  const version = versionOf(object);
  if (!hub.stored.some((s) => s.id === id && s.version === version)) {
    hub.lastAdded = Math.max(Date.now() * 1000, hub.lastAdded + 1);
    hub.stored.push({ object, id, version, dateAdded: hub.lastAdded });
  }
  return { id, version };
}

/** The checks every request passes (availability, credentials, Accept), then its route. */
async function handle(hub: Hub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  hub.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  const body = await readBody(req);
  if (hub.unavailable) return send(res, 503, { title: 'Service unavailable' });
  if (!authorised(hub.options, req.headers.authorization)) {
    res.setHeader('WWW-Authenticate', 'Basic realm="strict hub"');
    return send(res, 401, { title: 'Unauthorized' });
  }
  if (!acceptIsExact(req.headers.accept)) return send(res, 406, { title: 'Not Acceptable', description: `Accept must list ${TAXII}` });

  const url = new URL(req.url ?? '/', 'http://hub.invalid');
  const path = url.pathname;
  const collectionPath = `${API_ROOT}collections/${hub.collectionId}/`;
  if (req.method === 'GET' && path === '/taxii2/') {
    return send(res, 200, { title: 'Strict test hub', default: API_ROOT, api_roots: [API_ROOT] });
  }
  if (req.method === 'GET' && path === API_ROOT) {
    return send(res, 200, { title: 'Test root', versions: [TAXII], max_content_length: 10 * 1024 * 1024 });
  }
  if (req.method === 'GET' && path === `${API_ROOT}collections/`) return send(res, 200, { collections: [collection(hub)] });
  if (req.method === 'GET' && path === collectionPath) return send(res, 200, collection(hub));
  if (path === `${collectionPath}objects/` && req.method === 'GET') return getObjects(hub, url, res);
  if (path === `${collectionPath}objects/` && req.method === 'POST') return postObjects(hub, req, body, res);
  const status = /^\/api1\/status\/([^/]+)\/$/.exec(path);
  if (status !== null && req.method === 'GET') return getStatus(hub, status[1] as string, res);
  return send(res, 404, { title: 'Not Found' });
}

function collection(hub: Hub) {
  return { id: hub.collectionId, title: 'Shared defacements', can_read: true, can_write: true, media_types: ['application/stix+json;version=2.1'] };
}

function postObjects(hub: Hub, req: IncomingMessage, body: string, res: ServerResponse): void {
  if (normalise(req.headers['content-type'] ?? '') !== TAXII) {
    return send(res, 415, { title: 'Unsupported Media Type', description: `Content-Type must be ${TAXII}` });
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    return send(res, 400, { title: 'Bad Request', description: 'body is not JSON' });
  }
  const objects = (envelope as { objects?: unknown }).objects;
  if (!Array.isArray(objects) || objects.length === 0) return send(res, 422, { title: 'Unprocessable', description: 'an envelope with objects is required' });
  const state: StatusState = { id: randomUUID(), requestTimestamp: formatMicros(Date.now() * 1000), polls: 0, successes: [], failures: [] };
  for (const raw of objects) {
    const object = raw as Record<string, unknown>;
    const id = typeof object?.id === 'string' ? object.id : 'unknown';
    const version = versionOf(object);
    const refusal = typeof object?.type !== 'string' || id === 'unknown' ? 'not a STIX object' : hub.options.refuse?.(object);
    if (refusal !== undefined) state.failures.push({ id, version, message: refusal });
    else state.successes.push(add(hub, object));
  }
  hub.statuses.set(state.id, state);
  send(res, 202, statusResource(state, hub.pendingPolls > 0));
}

function getStatus(hub: Hub, id: string, res: ServerResponse): void {
  const state = hub.statuses.get(id);
  if (state === undefined) return send(res, 404, { title: 'Not Found' });
  state.polls++;
  send(res, 200, statusResource(state, state.polls < hub.pendingPolls));
}

function statusResource(state: StatusState, pending: boolean) {
  const total = state.successes.length + state.failures.length;
  const base = { id: state.id, request_timestamp: state.requestTimestamp, total_count: total };
  if (pending) {
    // Nothing reported as processed yet: every object is pending.
    const pendings = [...state.successes, ...state.failures.map(({ id, version }) => ({ id, version }))];
    return { ...base, status: 'pending', success_count: 0, failure_count: 0, pending_count: total, pendings };
  }
  return {
    ...base,
    status: 'complete',
    success_count: state.successes.length,
    ...(state.successes.length > 0 ? { successes: state.successes } : {}),
    failure_count: state.failures.length,
    ...(state.failures.length > 0 ? { failures: state.failures } : {}),
    pending_count: 0,
  };
}

function getObjects(hub: Hub, url: URL, res: ServerResponse): void {
  const params = url.searchParams;
  let start = 0;
  const next = params.get('next');
  if (next !== null) {
    const offset = hub.nextTokens.get(next);
    if (offset === undefined) return send(res, 400, { title: 'Bad Request', description: 'unknown next' });
    start = offset;
  }
  let matching = hub.stored;
  const addedAfter = params.get('added_after');
  if (addedAfter !== null) {
    const after = parseMicros(addedAfter);
    if (after === null) return send(res, 400, { title: 'Bad Request', description: 'added_after is not a timestamp' });
    matching = matching.filter((s) => s.dateAdded > after);
  }
  const types = params.get('match[type]')?.split(',');
  if (types !== undefined) matching = matching.filter((s) => types.includes(String(s.object.type)));
  const limitParam = params.get('limit');
  const limit = Math.min(limitParam === null ? hub.maxPageSize : Number(limitParam), hub.maxPageSize);
  if (!(limit > 0)) return send(res, 400, { title: 'Bad Request', description: 'limit must be positive' });
  const page = matching.slice(start, start + limit);
  const more = start + limit < matching.length;
  const envelope: Record<string, unknown> = { more };
  if (more && hub.options.giveNext !== false) {
    const token = randomUUID();
    hub.nextTokens.set(token, start + limit);
    envelope.next = token;
  }
  if (page.length > 0) envelope.objects = page.map((s) => s.object);
  send(res, 200, envelope, dateAddedHeaders(page));
}

/** X-TAXII-Date-Added-First/Last of a page (§3.2); none for an empty page. */
function dateAddedHeaders(page: readonly StoredObject[]): Record<string, string> {
  const first = page[0];
  const last = page[page.length - 1];
  if (first === undefined || last === undefined) return {};
  return { 'X-TAXII-Date-Added-First': formatMicros(first.dateAdded), 'X-TAXII-Date-Added-Last': formatMicros(last.dateAdded) };
}

function authorised(options: StrictTaxiiServerOptions, header: string | undefined): boolean {
  if (header === undefined) return false;
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme === 'Basic') {
    const [user, ...rest] = Buffer.from(value, 'base64').toString('utf8').split(':');
    return user !== undefined && options.users?.[user] !== undefined && options.users[user] === rest.join(':');
  }
  if (scheme === 'Bearer') return options.tokens?.includes(value) ?? false;
  return false;
}

/** An object's STIX version: its modified time, else its created time (both timestamps), else ''. */
function versionOf(object: Record<string, unknown> | null | undefined): string {
  const version = object?.modified ?? object?.created;
  return typeof version === 'string' ? version : '';
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': TAXII, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function acceptIsExact(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => normalise(range) === TAXII);
}

function normalise(mediaType: string): string {
  return mediaType.replace(/\s+/g, '').toLowerCase();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** YYYY-MM-DDTHH:MM:SS.ssssssZ (TAXII 2.1 §2). */
function formatMicros(micros: number): string {
  const seconds = new Date(Math.floor(micros / 1_000_000) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

function parseMicros(value: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(value);
  if (m === null) return null;
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return null;
  return seconds * 1000 + Number(((m[2] ?? '') + '000000').slice(0, 6));
}
