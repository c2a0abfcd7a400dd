import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/types.js';
import { composeEmail, escapeHtml, formatInTimeZone } from '../../src/sinks/compose-email.js';
import type { Alert } from '../../src/sinks/types.js';

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    site: 'moh-home',
    url: 'https://www.moh.example.go.jp/',
    verdict: 'defaced',
    score: 0.97,
    signals: [
      { detector: 'visual', score: 0.6, summary: '62% of the page looks different', evidence: {} },
      { detector: 'phrases', score: 0.95, summary: 'defacer phrase "hacked by" added', evidence: {} },
    ],
    reason: 'Defacer phrase "hacked by" added',
    checkedAt: '2025-03-01T12:04:05.000Z',
    durationMs: 1234,
    ...overrides,
  };
}

function alert(overrides: Partial<Alert> = {}, resultOverrides: Partial<CheckResult> = {}): Alert {
  return {
    id: 'moh-home-2025-03-01T12:04:05.000Z',
    kind: 'defaced',
    agency: { name: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo' },
    result: result(resultOverrides),
    evidence: {},
    ...overrides,
  };
}

describe('composeEmail subject', () => {
  it('names the kind, agency, site, short reason and score', () => {
    expect(composeEmail(alert()).subject).toBe(
      '[DEFACED] Ministry of Health — moh-home — Defacer phrase "hacked by" added (score 0.97)',
    );
  });

  it('keeps a long or multi-line reason to one short line without hidden characters', () => {
    const reason = `HACKED\r\nBcc: victim@example.com \u202Egnp.exe ${'x'.repeat(200)}`;
    const { subject } = composeEmail(alert({}, { reason, score: 0.5 }));
    expect(subject).not.toMatch(/[\r\n\u202e]/);
    expect(subject.startsWith('[DEFACED] Ministry of Health — moh-home — HACKED Bcc: victim@example.com gnp.exe x')).toBe(true);
    expect(subject).toMatch(/…\s\(score 0\.50\)$/);
    const reasonPart = subject.split(' — ')[2] ?? '';
    expect(Array.from(reasonPart.replace(/ \(score 0\.50\)$/, '')).length).toBeLessThanOrEqual(80);
  });
});

describe('composeEmail escaping', () => {
  const hostile = alert(
    {
      evidence: { actualPng: '/data/evidence/moh-home-actual.png', diffPng: '/data/evidence/moh-home-diff.png' },
      page: {
        title: '<script>alert(1)</script>Hacked',
        finalUrl: 'https://evil.example/"><img src=https://evil.example/x.png>',
      },
    },
    {
      reason: '<script>steal()</script> & "quoted"',
      signals: [
        {
          detector: 'phrases',
          score: 0.9,
          summary: 'text added: <img src="https://tracker.example/p.gif" onerror="x()">',
          evidence: {},
        },
      ],
    },
  );
  const { html, text } = composeEmail(hostile);

  it('escapes page text in the HTML part', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Hacked');
    expect(html).toContain('&lt;script&gt;steal()&lt;/script&gt; &amp; &quot;quoted&quot;');
    expect(html).toContain('text added: &lt;img src=&quot;https://tracker.example/p.gif&quot; onerror=&quot;x()&quot;&gt;');
    expect(html).toContain('https://evil.example/&quot;&gt;&lt;img src=https://evil.example/x.png&gt;');
  });

  it('loads nothing remote', () => {
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    const images = tags.filter((tag) => tag.startsWith('<img'));
    expect(images).toHaveLength(2);
    for (const tag of tags) {
      expect(tag).not.toMatch(/\s(src|href|background|srcset|poster)\s*=\s*(?!["']?cid:)/i);
      expect(tag).not.toMatch(/url\(/i);
    }
    expect(html).not.toMatch(/<(link|script|iframe|object|style)\b/i);
  });

  it('keeps the plain text part readable', () => {
    expect(text).toContain('Why: <script>steal()</script> & "quoted"');
    expect(text).toContain('<script>alert(1)</script>Hacked');
  });

  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('composeEmail body', () => {
  it('shows the time in the agency time zone and in UTC', () => {
    const { text, html } = composeEmail(alert());
    expect(text).toContain('2025-03-01 21:04:05 UTC+09:00 (Asia/Tokyo)');
    expect(text).toContain('2025-03-01T12:04:05.000Z');
    expect(html).toContain('2025-03-01 21:04:05 UTC+09:00 (Asia/Tokyo)');
  });

  it('lists the signals strongest first, in words', () => {
    const { text } = composeEmail(alert());
    const strong = text.indexOf('defacer phrase "hacked by" added (strong, 0.95, detector phrases)');
    const moderate = text.indexOf('62% of the page looks different (moderate, 0.60, detector visual)');
    expect(strong).toBeGreaterThan(0);
    expect(moderate).toBeGreaterThan(strong);
  });

  it('gives the commands to approve or re-baseline', () => {
    const { text, html } = composeEmail(alert());
    for (const part of [text, html]) {
      expect(part).toContain('defacewatch approve moh-home');
      expect(part).toContain('defacewatch baseline --site moh-home');
    }
  });

  it('attaches set evidence images inline and shows them by cid', () => {
    const { attachments, html, text } = composeEmail(
      alert({ evidence: { actualPng: '/data/evidence/moh-home-actual.png', baselinePng: '/data/evidence/moh-home-expected.png' } }),
    );
    expect(attachments).toEqual([
      expect.objectContaining({
        filename: 'moh-home-actual.png',
        path: '/data/evidence/moh-home-actual.png',
        cid: 'actual@defacewatch',
        contentType: 'image/png',
        contentDisposition: 'inline',
      }),
      expect.objectContaining({ filename: 'moh-home-expected.png', cid: 'expected@defacewatch' }),
    ]);
    expect(html).toContain('src="cid:actual@defacewatch"');
    expect(html).toContain('src="cid:expected@defacewatch"');
    expect(html).not.toContain('cid:diff@defacewatch');
    expect(text).toContain('moh-home-actual.png: What the page shows now');
  });

  it('has no images section without evidence', () => {
    const { attachments, html } = composeEmail(alert());
    expect(attachments).toEqual([]);
    expect(html).not.toContain('<img');
  });

  it('shows the page title and where the page ended up when known', () => {
    const { text } = composeEmail(alert({ page: { title: 'Hacked by X', finalUrl: 'https://other.example/' } }));
    expect(text).toMatch(/Page title now:\s+Hacked by X/);
    expect(text).toMatch(/Page ended at:\s+https:\/\/other\.example\//);
  });
});

describe('formatInTimeZone', () => {
  it('follows daylight saving time', () => {
    expect(formatInTimeZone('2025-07-01T12:00:00.000Z', 'America/New_York').local).toBe(
      '2025-07-01 08:00:00 UTC-04:00 (America/New_York)',
    );
    expect(formatInTimeZone('2025-01-15T12:00:00.000Z', 'America/New_York').local).toBe(
      '2025-01-15 07:00:00 UTC-05:00 (America/New_York)',
    );
  });

  it('shows half-hour offsets', () => {
    expect(formatInTimeZone('2025-03-01T12:04:05.000Z', 'Asia/Kolkata').local).toBe(
      '2025-03-01 17:34:05 UTC+05:30 (Asia/Kolkata)',
    );
  });

  it('falls back to UTC for an unknown zone, and says so', () => {
    const { local, utc } = formatInTimeZone('2025-03-01T12:04:05.000Z', 'Mars/Olympus');
    expect(local).toBe('2025-03-01 12:04:05 UTC+00:00 (UTC) (time zone "Mars/Olympus" is unknown; shown in UTC)');
    expect(utc).toBe('2025-03-01T12:04:05.000Z');
  });

  it('passes an unparseable timestamp through', () => {
    expect(formatInTimeZone('not a date', 'UTC').local).toBe('not a date');
  });
});
