import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alertEvent, alertEventJson, createWebhookSink, signWebhookBody, verifyWebhookSignature } from '../../src/sinks/webhook.js';
import type { DigestAlert, SiteAlert } from '../../src/sinks/types.js';

function siteAlert(overrides: Partial<SiteAlert> = {}): SiteAlert {
  return {
    id: 'moh-home-2026-11-25T18:02:11.000Z',
    kind: 'defaced',
    agency: { name: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo' },
    createdAt: '2026-11-25T18:02:13.000Z',
    result: {
      site: 'moh-home',
      url: 'https://www.moh.example.go.jp/',
      verdict: 'defaced',
      score: 0.97,
      signals: [
        { detector: 'title-change', kind: 'supporting', score: 0.3, summary: 'the title changed', evidence: { before: 'x' } },
        { detector: 'national-flag', kind: 'signature', score: 0.93, summary: 'PRC flag on the first screen on the left', evidence: { box: { x: 120 } } },
      ],
      reason: 'PRC flag on the first screen on the left.',
      checkedAt: '2026-11-25T18:02:11.000Z',
      durationMs: 1800,
    },
    evidence: {
      actualPng: '/var/lib/defacewatch/alerts/a1/moh-home-actual.png',
      diffPng: '/var/lib/defacewatch/alerts/a1/moh-home-diff.png',
      focus: { x: 0, y: 124, width: 1366, height: 520 },
    },
    page: { title: '<b>Hacked</b>', finalUrl: 'https://www.moh.example.go.jp/' },
    incident: { id: 'moh-home-20261125T180211Z', status: 'open', openedAt: '2026-11-25T18:02:11.000Z', defacedChecks: 1, openingReason: 'PRC flag.' },
    actions: { approve: 'defacewatch approve moh-home', acknowledge: 'defacewatch ack moh-home' },
    ...overrides,
  };
}

const digest: DigestAlert = {
  id: 'digest-moh-2026-11-25',
  kind: 'digest',
  agency: { name: 'Ministry of Health', contacts: [], timezone: 'Asia/Tokyo' },
  createdAt: '2026-11-25T23:00:00.000Z',
  period: { from: '2026-11-24T15:00:00.000Z', to: '2026-11-25T15:00:00.000Z' },
  entries: [
    {
      site: 'moh-news',
      url: 'https://www.moh.example.go.jp/news/',
      checks: 3,
      firstAt: '2026-11-25T01:00:00.000Z',
      lastAt: '2026-11-25T02:00:00.000Z',
      lastReason: 'News added.',
      maxScore: 0.2,
    },
  ],
};

describe('the event body', () => {
  it('says what happened, where, how sure, and what to do, in a versioned shape', () => {
    expect(alertEvent(siteAlert())).toEqual({
      type: 'defacewatch.alert',
      version: 1,
      id: 'moh-home-2026-11-25T18:02:11.000Z',
      kind: 'defaced',
      createdAt: '2026-11-25T18:02:13.000Z',
      summary: '[DEFACED] Ministry of Health — moh-home — flag detected (score 0.97)',
      agency: { name: 'Ministry of Health', timezone: 'Asia/Tokyo' },
      site: { id: 'moh-home', url: 'https://www.moh.example.go.jp/', finalUrl: 'https://www.moh.example.go.jp/', title: '<b>Hacked</b>' },
      verdict: 'defaced',
      score: 0.97,
      reason: 'PRC flag on the first screen on the left.',
      checkedAt: '2026-11-25T18:02:11.000Z',
      signals: [
        { detector: 'national-flag', kind: 'signature', score: 0.93, summary: 'PRC flag on the first screen on the left' },
        { detector: 'title-change', kind: 'supporting', score: 0.3, summary: 'the title changed' },
      ],
      evidence: { pictures: { current: 'moh-home-actual.png', diff: 'moh-home-diff.png' }, focus: { x: 0, y: 124, width: 1366, height: 520 } },
      incident: {
        id: 'moh-home-20261125T180211Z',
        status: 'open',
        openedAt: '2026-11-25T18:02:11.000Z',
        closedAt: null,
        defacedChecks: 1,
        reminder: null,
        acknowledgedAt: null,
        openingReason: 'PRC flag.',
      },
      unreachableSince: null,
      actions: { approve: 'defacewatch approve moh-home', acknowledge: 'defacewatch ack moh-home', dashboardUrl: null },
    });
  });

  it('carries no picture bytes, no paths and no contacts', () => {
    const json = alertEventJson(siteAlert());
    expect(json).not.toContain('/var/lib');
    expect(json).not.toContain('soc@moh.example');
    expect(json.length).toBeLessThan(3000);
  });

  it('is the same bytes every time for the same alert', () => {
    expect(alertEventJson(siteAlert())).toBe(alertEventJson(structuredClone(siteAlert())));
  });

  it('lists a digest', () => {
    expect(alertEvent(digest)).toMatchObject({
      kind: 'digest',
      summary: '[DIGEST] Ministry of Health — 1 site changed on 2026-11-25',
      period: digest.period,
      entries: digest.entries,
    });
  });
});

describe('signatures', () => {
  const body = alertEventJson(siteAlert());
  const now = Date.UTC(2026, 10, 25, 18, 2, 20);
  const timestamp = Math.floor(now / 1000);

  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, with a version prefix', () => {
    const expected = createHmac('sha256', 's3cret').update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhookBody('s3cret', timestamp, body)).toBe(`v1=${expected}`);
  });

  it('verifies a fresh, untouched request', () => {
    const signature = signWebhookBody('s3cret', timestamp, body);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: String(timestamp), signature, now })).toBe(true);
    expect(verifyWebhookSignature({ secret: 's3cret', body: Buffer.from(body), timestamp, signature, now: new Date(now + 299_000) })).toBe(true);
  });

  it('refuses a wrong secret, a changed body or a changed timestamp', () => {
    const signature = signWebhookBody('s3cret', timestamp, body);
    expect(verifyWebhookSignature({ secret: 'other', body, timestamp, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body: body.replace('0.97', '0.10'), timestamp, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: timestamp + 1, signature, now })).toBe(false);
  });

  it('refuses a replay outside the tolerance, either way', () => {
    const old = timestamp - 301;
    const signature = signWebhookBody('s3cret', old, body);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: old, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: old, signature, now, toleranceSeconds: 600 })).toBe(true);
    const future = timestamp + 301;
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: future, signature: signWebhookBody('s3cret', future, body), now })).toBe(false);
  });

  it('refuses missing or malformed headers', () => {
    const signature = signWebhookBody('s3cret', timestamp, body);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: undefined, signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp: '1e9', signature, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp, signature: null, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp, signature: signature.slice(3), now })).toBe(false);
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp, signature: `${signature}00`, now })).toBe(false);
  });

  it('accepts any one of several signatures (secret rotation)', () => {
    const both = `${signWebhookBody('old-secret', timestamp, body)}, ${signWebhookBody('s3cret', timestamp, body)}`;
    expect(verifyWebhookSignature({ secret: 's3cret', body, timestamp, signature: both, now })).toBe(true);
  });
});

describe('createWebhookSink', () => {
  it('refuses a URL that is not http(s)', () => {
    expect(() => createWebhookSink({ name: 'x', url: 'ftp://hooks.example/', secret: 's' })).toThrow(/not an http\(s\) URL/);
  });

  it('acknowledges kinds it is not meant for without calling anyone', async () => {
    // Port 9 (discard) on a reserved address: a call would fail, a skip does not call.
    const sink = createWebhookSink({ name: 'tickets', url: 'http://192.0.2.1:9/hook', secret: 's', kinds: ['defaced', 'restored'] });
    await expect(sink.send(digest)).resolves.toEqual({
      sink: 'tickets',
      delivered: true,
      detail: 'skipped: kind "digest" is not among the kinds of webhook "tickets"',
    });
  });

  it('says what a dry run would send, and sends nothing', async () => {
    const sink = createWebhookSink({ name: 'chat', url: 'http://192.0.2.1:9/T0KEN/secret-path', secret: 's' });
    const receipt = await sink.send(siteAlert(), { dryRun: true });
    expect(receipt.delivered).toBe(false);
    expect(receipt.detail).toMatch(/^dry run: would POST \d+ bytes to http:\/\/192\.0\.2\.1:9$/);
  });
});
