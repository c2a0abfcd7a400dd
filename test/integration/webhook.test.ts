/**
 * The webhook sink against a real HTTP receiver on 127.0.0.1 that checks signatures the way a
 * receiver should: over the raw body, with verifyWebhookSignature.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { sampleAlert } from '../../src/sinks/sample-alert.js';
import type { SiteAlert } from '../../src/sinks/types.js';
import { alertEvent, createWebhookSink, verifyWebhookSignature } from '../../src/sinks/webhook.js';

const SECRET = 'whsec-7d1f0c9a';

interface Request {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** The receiver's verdict on the signature, when the request arrived. */
  verified: boolean;
}

let server: Server;
let base: string;
let requests: Request[];
/** What the receiver answers next; the last one repeats. */
let answers: Array<(res: ServerResponse) => void>;
/** Event ids the receiver accepted (2xx), as a receiver folding repeats would keep them. */
let accepted: Set<string>;

const ok = (res: ServerResponse): void => void res.writeHead(200).end('ok');
/** Answers only after the client has given up. */
const late = (res: ServerResponse): void => void setTimeout(() => res.writeHead(200).end('late'), 1500);
const status =
  (code: number, headers: Record<string, string> = {}) =>
  (res: ServerResponse) =>
    void res.writeHead(code, headers).end(`error ${code}: <b>nope</b>\n`);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const verified = verifyWebhookSignature({
        secret: SECRET,
        body,
        timestamp: req.headers['x-defacewatch-timestamp'] as string | undefined,
        signature: req.headers['x-defacewatch-signature'] as string | undefined,
      });
      requests.push({ path: req.url ?? '', headers: req.headers, body, verified });
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (!verified) return void res.writeHead(401).end('bad signature');
      res.on('finish', () => {
        if (res.statusCode >= 200 && res.statusCode < 300) accepted.add(String(req.headers['x-defacewatch-event-id']));
      });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let alert: SiteAlert;

beforeEach(async () => {
  requests = [];
  answers = [ok];
  accepted = new Set();
  const agency = { name: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo' };
  alert = await sampleAlert(agency, new Date(), undefined, { kind: 'defaced', site: 'moh-home' });
});

async function failure(promise: Promise<unknown>): Promise<DefacewatchError> {
  const outcome = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(DefacewatchError);
  return outcome as DefacewatchError;
}

describe('webhook sink', () => {
  it('posts the signed event, which the receiver verifies', async () => {
    const sink = createWebhookSink({ name: 'chatops', url: `${base}/hooks/T0KEN`, secret: SECRET, timeoutMs: 5000 });
    const receipt = await sink.send(alert);

    expect(receipt).toEqual({ sink: 'chatops', delivered: true, detail: `HTTP 200 from ${base} (event ${alert.id})` });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.verified).toBe(true);
    expect(request!.path).toBe('/hooks/T0KEN');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-defacewatch-event-id']).toBe(alert.id);
    expect(Number(request!.headers['x-defacewatch-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(request!.headers['x-defacewatch-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual(alertEvent(alert));
  });

  it('gets the event to a receiver that answered 500 once, the same bytes and id on the retry', async () => {
    answers = [status(500), ok];
    const sink = createWebhookSink({ name: 'chatops', url: `${base}/hook`, secret: SECRET });

    const error = await failure(sink.send(alert));
    expect(error.code).toBe('ALERT_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('site moh-home');
    expect(accepted.size).toBe(0);

    // The outbox retries.
    await sink.send(alert);
    expect([...accepted]).toEqual([alert.id]);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body.equals(requests[0]!.body)).toBe(true);
    expect(requests[1]!.headers['x-defacewatch-event-id']).toBe(requests[0]!.headers['x-defacewatch-event-id']);
  });

  it('fails for good on a 400: retrying will not help', async () => {
    answers = [status(400)];
    const error = await failure(createWebhookSink({ name: 'tickets', url: `${base}/hook`, secret: SECRET }).send(alert));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 400: error 400: <b>nope</b>');
    expect(error.hint).toMatch(/retrying will not help/);
  });

  it('fails for good with a wrong secret (the receiver answers 401)', async () => {
    const error = await failure(createWebhookSink({ name: 'tickets', url: `${base}/hook`, secret: 'wrong' }).send(alert));
    expect(requests[0]!.verified).toBe(false);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 401');
  });

  it('retries later on a 429, and says when the receiver asked to', async () => {
    answers = [status(429, { 'retry-after': '120' })];
    const error = await failure(createWebhookSink({ name: 'chatops', url: `${base}/hook`, secret: SECRET }).send(alert));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('HTTP 429 (Retry-After: 120)');
  });

  it('does not follow a redirect', async () => {
    answers = [status(302, { location: `${base}/elsewhere` })];
    const error = await failure(createWebhookSink({ name: 'chatops', url: `${base}/hook`, secret: SECRET }).send(alert));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('redirects are not followed');
    expect(requests.map((r) => r.path)).toEqual(['/hook']);
  });

  it('fails retryably when nobody listens, without showing the URL token', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const error = await failure(createWebhookSink({ name: 'chatops', url: `http://127.0.0.1:${closed}/hooks/T0KEN`, secret: SECRET }).send(alert));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
    expect(`${error.message} ${error.hint}`).not.toContain('T0KEN');
  });

  it('gives up on a receiver that does not answer in time, retryably', async () => {
    answers = [late];
    const started = Date.now();
    const error = await failure(createWebhookSink({ name: 'chatops', url: `${base}/hook`, secret: SECRET, timeoutMs: 300 }).send(alert));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('no answer within 300 ms');
  });

  it('stops when cancelled', async () => {
    answers = [late];
    const controller = new AbortController();
    const sending = createWebhookSink({ name: 'chatops', url: `${base}/hook`, secret: SECRET }).send(alert, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    const error = await failure(sending);
    expect(error.message).toContain('cancelled');
  });
});

describe('a receiver checking signatures', () => {
  it('rejects a delivered request replayed ten minutes later', async () => {
    await createWebhookSink({ name: 'chatops', url: `${base}/hook`, secret: SECRET }).send(alert);
    const [request] = requests;
    const replay = {
      secret: SECRET,
      body: request!.body,
      timestamp: request!.headers['x-defacewatch-timestamp'] as string,
      signature: request!.headers['x-defacewatch-signature'] as string,
    };
    expect(verifyWebhookSignature(replay)).toBe(true);
    expect(verifyWebhookSignature({ ...replay, now: Date.now() + 10 * 60_000 })).toBe(false);
  });
});
