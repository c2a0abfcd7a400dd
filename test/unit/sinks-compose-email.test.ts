/* eslint-disable max-lines -- the alert email's parts (subject, look, evidence pictures, digest) are tested beside the fixtures they share; a split would copy them. */
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import type { CheckResult, Signal } from '../../src/core/types.js';
import { alertSubject, durationBetween, evidenceSummary, formatInTimeZone } from '../../src/sinks/alert-words.js';
import { composeEmail, escapeHtml } from '../../src/sinks/compose-email.js';
import type { EvidenceImages } from '../../src/sinks/evidence-images.js';
import type { Alert, DigestAlert, SiteAlert, SiteAlertKind } from '../../src/sinks/types.js';

const FLAG: Signal = {
  detector: 'national-flag',
  kind: 'signature',
  score: 0.93,
  summary: 'PRC flag on the first screen on the left',
  evidence: {},
};
const SLOGAN: Signal = {
  detector: 'defacer-phrases',
  kind: 'signature',
  score: 0.9,
  summary: 'dispute slogan "钓鱼岛是中国的" added',
  evidence: { matches: [{ phrase: '钓鱼岛是中国的', kind: 'dispute' }] },
};
const VISUAL: Signal = { detector: 'visual-change', kind: 'supporting', score: 0.6, summary: '62% of the page looks different', evidence: {} };

function result(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    site: 'moh-home',
    url: 'https://www.moh.example.go.jp/',
    verdict: 'defaced',
    score: 0.97,
    signals: [VISUAL, FLAG, SLOGAN],
    reason: 'PRC flag on the first screen on the left; dispute slogan "钓鱼岛是中国的" added.',
    checkedAt: '2025-03-01T12:04:05.000Z',
    durationMs: 1234,
    ...overrides,
  };
}

function alert(overrides: Partial<SiteAlert> = {}, resultOverrides: Partial<CheckResult> = {}): SiteAlert {
  return {
    id: 'moh-home-2025-03-01T12:04:05.000Z',
    kind: 'defaced',
    agency: { name: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo' },
    createdAt: '2025-03-01T12:04:07.000Z',
    result: result(resultOverrides),
    evidence: {},
    incident: {
      id: 'moh-home-20250301T120405Z',
      status: 'open',
      openedAt: '2025-03-01T12:04:05.000Z',
      defacedChecks: 1,
      openingReason: 'PRC flag on the first screen on the left; dispute slogan "钓鱼岛是中国的" added.',
    },
    actions: {
      approve: 'defacewatch approve moh-home',
      acknowledge: 'defacewatch ack moh-home',
      dashboardUrl: 'https://defacewatch.soc.example/sites/moh-home',
    },
    ...overrides,
  };
}

function digest(overrides: Partial<DigestAlert> = {}): DigestAlert {
  return {
    id: 'digest-moh-2025-03-01',
    kind: 'digest',
    agency: { name: 'Ministry of Health', contacts: ['soc@moh.example'], timezone: 'Asia/Tokyo' },
    createdAt: '2025-03-01T23:00:00.000Z',
    // One day in Tokyo: 2025-03-01 00:00 to 2025-03-02 00:00 (UTC+9).
    period: { from: '2025-02-28T15:00:00.000Z', to: '2025-03-01T15:00:00.000Z' },
    entries: [
      {
        site: 'moh-news',
        url: 'https://www.moh.example.go.jp/news/',
        checks: 12,
        firstAt: '2025-02-28T23:00:00.000Z',
        lastAt: '2025-03-01T08:00:00.000Z',
        lastReason: '3 text blocks added and 1 removed.',
        maxScore: 0.21,
      },
      {
        site: 'moh-home',
        url: 'https://www.moh.example.go.jp/',
        checks: 2,
        firstAt: '2025-03-01T01:00:00.000Z',
        lastAt: '2025-03-01T01:05:00.000Z',
        lastReason: 'A new banner was inserted at the top of the page.',
        maxScore: 0.35,
      },
    ],
    ...overrides,
  };
}

/** Pictures as prepareEvidenceImages makes them, without touching the disk. */
function images(): EvidenceImages {
  const area = { x: 0, y: 76, width: 1366, height: 616 };
  const pageSize = { width: 1366, height: 3000 };
  const inline = (['current', 'baseline', 'diff'] as const).map((role) => ({
    role,
    cid: `${role}.0123456789abcdef@defacewatch`,
    filename: `moh-home-${role}-cropped.png`,
    contentType: 'image/png' as const,
    content: Buffer.from(`${role} picture`),
    width: 640,
    height: 289,
    area,
    pageSize,
    focused: true,
  }));
  const attachments = (['current', 'baseline', 'diff'] as const).map((role) => ({
    role,
    filename: `moh-home-${role}-full-page.png`,
    path: `/data/alerts/a1/moh-home-${role}.png`,
    contentType: 'image/png' as const,
    bytes: 812_000,
    ...pageSize,
  }));
  return { inline, attachments, problems: [] };
}

describe('subjects', () => {
  const cases: Array<[string, Alert, string]> = [
    ['defaced', alert(), '[DEFACED] Ministry of Health — moh-home — flag and slogan detected (score 0.97)'],
    [
      'reminder',
      alert(
        { kind: 'reminder', createdAt: '2025-03-01T20:10:00.000Z', incident: { ...alert().incident!, reminder: 2, defacedChecks: 90 } },
        { checkedAt: '2025-03-01T20:09:00.000Z' },
      ),
      '[REMINDER 2] Ministry of Health — moh-home — still defaced after 8 h 4 min: flag and slogan detected (score 0.97)',
    ],
    [
      'restored',
      alert(
        { kind: 'restored', incident: { ...alert().incident!, status: 'restored', closedAt: '2025-03-01T15:16:05.000Z' } },
        { verdict: 'unchanged', score: 0, signals: [] },
      ),
      '[RESTORED] Ministry of Health — moh-home — back to its approved baseline after 3 h 12 min',
    ],
    ['approved', alert({ kind: 'approved' }), '[APPROVED] Ministry of Health — moh-home — change approved as the new baseline'],
    [
      'unreachable',
      alert(
        { kind: 'unreachable', unreachableSince: '2025-03-01T11:19:05.000Z', incident: undefined },
        { verdict: 'unreachable', score: 0, signals: [], reason: 'The site could not be loaded (CAPTURE_TIMEOUT): no answer in 30 s.' },
      ),
      '[UNREACHABLE] Ministry of Health — moh-home — cannot be loaded for 45 min (timed out)',
    ],
    [
      'reachable',
      alert({ kind: 'reachable', unreachableSince: '2025-03-01T11:19:05.000Z', incident: undefined }, { verdict: 'unchanged', score: 0, signals: [] }),
      '[REACHABLE] Ministry of Health — moh-home — loads again after 45 min',
    ],
    ['test', alert({ kind: 'test' }), '[TEST] Ministry of Health — test alert from defacewatch, nothing is wrong'],
    ['digest', digest(), '[DIGEST] Ministry of Health — 2 sites changed on 2025-03-01'],
  ];
  it.each(cases)('%s', (_, a, subject) => {
    expect(composeEmail(a).subject).toBe(subject);
    expect(alertSubject(a)).toBe(subject);
  });

  it('covers every kind of alert', () => {
    const kinds: Array<SiteAlertKind | 'digest'> = ['defaced', 'reminder', 'restored', 'approved', 'unreachable', 'reachable', 'test', 'digest'];
    expect(cases.map(([kind]) => kind)).toEqual(kinds);
  });

  it('sums the evidence up from detectors and kinds, not from the sentence', () => {
    expect(evidenceSummary([FLAG, SLOGAN])).toBe('flag and slogan detected');
    expect(evidenceSummary([{ ...SLOGAN, evidence: { matches: [{ kind: 'defacer' }, { kind: 'dispute' }] } }])).toBe('defacer message and slogan detected');
    expect(evidenceSummary([{ detector: 'content-replacement', kind: 'replacement', score: 0.9, summary: '92% of the visible text is gone', evidence: {} }])).toBe(
      'page replaced',
    );
    expect(
      evidenceSummary([{ detector: 'overlay', kind: 'replacement', score: 0.85, summary: 'a fixed <div> hides 97% of the first screen', evidence: {} }, VISUAL]),
    ).toBe('overlay covers the page, page looks different');
    expect(evidenceSummary([FLAG, { detector: 'content-replacement', kind: 'replacement', score: 0.8, summary: 'x', evidence: {} }])).toBe(
      'flag detected, page replaced',
    );
    // Weak signals do not make the subject; an unknown detector is still named plainly.
    expect(evidenceSummary([{ ...VISUAL, score: 0.05 }])).toBe('');
    expect(evidenceSummary([{ detector: 'future-detector', kind: 'signature', score: 0.9, summary: 'x', evidence: {} }])).toBe('defacement mark detected');
  });

  it('keeps page text out of the subject: no line breaks, no bidi tricks', () => {
    const hostile = alert(
      { agency: { name: 'Ministry\r\nBcc: victim@example.com \u202Eof Health', contacts: [], timezone: 'UTC' } },
      {
        reason: 'HACKED\r\nBcc: victim@example.com',
        signals: [{ ...FLAG, summary: 'flag\r\nX-Injected: 1' }],
      },
    );
    const { subject } = composeEmail(hostile);
    expect(subject).not.toMatch(/[\r\n\u202e]/);
    expect(subject).toBe('[DEFACED] Ministry Bcc: victim@example.com of Health — moh-home — flag detected (score 0.97)');
  });
});

describe('escaping what the attacker wrote', () => {
  const TITLE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const TEXT = 'Greetz "><b>pwned</b><a href="https://evil.example/">click</a>';
  const hostile = alert(
    {
      page: { title: TITLE, finalUrl: 'https://evil.example/"><iframe src="https://evil.example/">' },
      incident: { ...alert().incident!, openingReason: TEXT },
      kind: 'reminder',
    },
    { reason: TEXT, signals: [{ ...SLOGAN, summary: `text added: ${TEXT}` }] },
  );
  const { html, text } = composeEmail(hostile, images());
  const $ = cheerio.load(html);

  it('shows the payloads as text in the HTML part', () => {
    expect($('body').text()).toContain(TITLE);
    expect($('body').text()).toContain(TEXT);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('Greetz &quot;&gt;&lt;b&gt;pwned&lt;/b&gt;');
  });

  it('lets no injected element or attribute through', () => {
    expect($('script, iframe, object, embed, form, b, style, link, meta[http-equiv]').length).toBe(0);
    // The only pictures are the three attached ones, by cid.
    expect(
      $('img')
        .map((_, el) => $(el).attr('src'))
        .get(),
    ).toEqual(['cid:current.0123456789abcdef@defacewatch', 'cid:baseline.0123456789abcdef@defacewatch', 'cid:diff.0123456789abcdef@defacewatch']);
    // The only link is the configured dashboard.
    expect(
      $('a')
        .map((_, el) => $(el).attr('href'))
        .get(),
    ).toEqual(['https://defacewatch.soc.example/sites/moh-home']);
    $('*').each((_, el) => {
      for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) expect(name).not.toMatch(/^on/i);
    });
  });

  it('defangs a final address on another site', () => {
    expect($('body').text()).toContain('hxxps://evil[.]example/"><iframe src="https://evil[.]example/"> (another site; address defanged)');
  });

  it('strips control and bidi characters', () => {
    const { html: h, text: t } = composeEmail(alert({ page: { title: 'Top\u202Egnp.exe\u0007 news' } }));
    expect(t).toContain('Page title now: Topgnp.exe news');
    expect(h + t).not.toMatch(/[\u202e\u0007]/);
  });

  it('keeps the plain text part readable, not escaped', () => {
    expect(text).toContain(`Latest check: ${TEXT}`);
    expect(text).toContain(TITLE);
  });

  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('never links a dashboard address that is not http(s)', () => {
    const { html: h } = composeEmail(alert({ actions: { ...alert().actions, dashboardUrl: 'javascript:alert(1)' } }));
    expect(cheerio.load(h)('a').length).toBe(0);
  });
});

describe('the defacement email', () => {
  const { html, text, attachments, priority } = composeEmail(alert(), images());
  const $ = cheerio.load(html);

  it('is urgent', () => {
    expect(priority).toBe('high');
  });

  it('says what happened and how sure, with the reason', () => {
    expect(text).toContain('[DEFACED] moh-home looks defaced');
    expect(text).toContain('Almost certain: score 0.97 of 1.');
    expect(text).toContain('Why: PRC flag on the first screen on the left; dispute slogan "钓鱼岛是中国的" added.');
    expect($('body').text()).toContain('moh-home looks defaced');
  });

  it('shows times in the agency time zone and in UTC', () => {
    expect(text).toMatch(/Checked at:\s+2025-03-01 21:04:05 UTC\+09:00 \(Asia\/Tokyo\)/);
    expect(text).toMatch(/In UTC:\s+2025-03-01T12:04:05.000Z/);
    expect($('body').text()).toContain('2025-03-01 21:04:05 UTC+09:00 (Asia/Tokyo)');
  });

  it('lists the signals strongest first, in words', () => {
    const flag = text.indexOf('[strong 0.93] PRC flag on the first screen on the left (known defacement mark; detector national-flag)');
    const slogan = text.indexOf('[strong 0.90] dispute slogan');
    const visual = text.indexOf('[moderate 0.60] 62% of the page looks different');
    expect(flag).toBeGreaterThan(0);
    expect(slogan).toBeGreaterThan(flag);
    expect(visual).toBeGreaterThan(slogan);
  });

  it('gives the exact commands and the dashboard link', () => {
    for (const part of [text, $('body').text()]) {
      expect(part).toContain('defacewatch ack moh-home');
      expect(part).toContain('defacewatch approve moh-home');
    }
    expect(text).toContain('https://defacewatch.soc.example/sites/moh-home');
  });

  it('shows the three cropped pictures inline and attaches the full pages as files', () => {
    const inline = attachments.filter((a) => a.contentDisposition === 'inline');
    const files = attachments.filter((a) => a.contentDisposition === 'attachment');
    expect(inline.map((a) => a.filename)).toEqual(['moh-home-current-cropped.png', 'moh-home-baseline-cropped.png', 'moh-home-diff-cropped.png']);
    for (const a of inline) expect(html).toContain(`src="cid:${'cid' in a ? a.cid : ''}"`);
    expect(files).toEqual([
      { filename: 'moh-home-current-full-page.png', path: '/data/alerts/a1/moh-home-current.png', contentType: 'image/png', contentDisposition: 'attachment' },
      { filename: 'moh-home-baseline-full-page.png', path: '/data/alerts/a1/moh-home-baseline.png', contentType: 'image/png', contentDisposition: 'attachment' },
      { filename: 'moh-home-diff-full-page.png', path: '/data/alerts/a1/moh-home-diff.png', contentType: 'image/png', contentDisposition: 'attachment' },
    ]);
    expect(text).toContain('moh-home-current-full-page.png: The page as captured, full page, 1366×3000 px, 812 kB');
    // Where the pictures are on the page, in words.
    expect(text).toContain('\n  Around the change, at the top of the page; the full pages are attached\n');
    expect($('body').text()).toContain('Around the change, at the top of the page; the full pages are attached');
    expect(text + $('body').text()).not.toMatch(/\b[xy] \d+–\d+/);
    // Pictures never exceed the layout width, whatever their pixel size.
    $('img').each((_, el) => expect(Number($(el).attr('width'))).toBeLessThanOrEqual(672));
  });

  it('puts the page now beside the baseline (one above the other on a narrow screen), the changes below', () => {
    const row = $('div[dir="rtl"]');
    expect(row).toHaveLength(1);
    // Now first: on the right when side by side (the row runs right to left), on top when stacked.
    expect(
      row
        .find('img')
        .map((_, el) => $(el).attr('src'))
        .get(),
    ).toEqual(['cid:current.0123456789abcdef@defacewatch', 'cid:baseline.0123456789abcdef@defacewatch']);
    const columns = row.children('div');
    expect(columns).toHaveLength(2);
    columns.each((_, el) => {
      const style = $(el).attr('style') ?? '';
      expect(style).toContain('display:inline-block');
      expect(Number(/max-width:(\d+)px/.exec(style)?.[1])).toBeLessThanOrEqual(340);
      expect($(el).attr('dir')).toBe('ltr');
    });
    // Outlook lays them out in a two-cell table instead.
    expect(html).toMatch(/<!--\[if mso\]><table [^>]*dir="rtl"><tr><td width="\d+" valign="top" dir="ltr"><!\[endif\]-->/);
    expect(row.find('img[src^="cid:diff."]')).toHaveLength(0);
    expect($('img[src^="cid:diff."]')).toHaveLength(1);
    expect(
      $('img')
        .map((_, el) => $(el).attr('alt'))
        .get(),
    ).toEqual(['Now (2025-03-01 21:04)', 'Before: the approved baseline', 'What changed: tinted red on the page as it is now, each change outlined']);
  });

  it('gives each command on a line of its own in the text part', () => {
    const lines = text.split('\n');
    for (const command of ['defacewatch ack moh-home', 'defacewatch approve moh-home']) {
      expect(lines.filter((line) => line.trim() === command)).toHaveLength(1);
    }
  });

  it('loads nothing remote and runs nothing', () => {
    expect($('script, link, iframe, style').length).toBe(0);
    $('[src]').each((_, el) => expect($(el).attr('src')).toMatch(/^cid:/));
    expect(html).not.toMatch(/url\(/i);
  });

  it('says why a picture is missing, and sends what it has', () => {
    const some = images();
    some.inline = some.inline.filter((i) => i.role !== 'diff');
    some.attachments = some.attachments.filter((i) => i.role !== 'diff');
    some.problems = [{ role: 'diff', path: '/data/x-diff.png', problem: 'the file is missing' }];
    const email = composeEmail(alert(), some);
    expect(email.html).not.toContain('cid:diff');
    expect(email.text).toContain('The changes: the file is missing.');
  });

  it('has no pictures section without evidence', () => {
    const email = composeEmail(alert());
    expect(email.attachments).toEqual([]);
    expect(cheerio.load(email.html)('img').length).toBe(0);
  });
});

describe('the other kinds', () => {
  it('reminder: still defaced, for how long, which reminder, and how to stop them', () => {
    const a = alert({ kind: 'reminder', incident: { ...alert().incident!, reminder: 3, defacedChecks: 120 } }, { checkedAt: '2025-03-01T22:04:05.000Z' });
    const { text, priority } = composeEmail(a);
    expect(priority).toBe('high');
    expect(text).toContain('[REMINDER 3] moh-home is still defaced');
    expect(text).toContain('Open for 10 h, 120 defaced checks so far, not acknowledged.');
    expect(text).toMatch(/Reminder:\s+number 3/);
    expect(text).toMatch(/When it opened:\s+PRC flag/);
    expect(text).toContain('defacewatch ack moh-home');
  });

  it('restored: closed, how long it lasted, no commands to approve', () => {
    const a = alert({ kind: 'restored', incident: { ...alert().incident!, status: 'restored', closedAt: '2025-03-01T15:16:05.000Z', defacedChecks: 38 } });
    const { text, priority } = composeEmail(a);
    expect(composeEmail(a, images()).text).toContain('moh-home-current-cropped.png: During the incident');
    expect(priority).toBe('normal');
    expect(text).toContain('[RESTORED] moh-home is back to normal');
    expect(text).toMatch(/Lasted:\s+3 h 12 min/);
    expect(text).toMatch(/Closed at:\s+2025-03-02 00:16:05 UTC\+09:00/);
    expect(text).not.toContain('defacewatch approve');
  });

  it('approved: the new baseline', () => {
    const { text } = composeEmail(alert({ kind: 'approved', incident: { ...alert().incident!, status: 'approved', closedAt: '2025-03-01T13:00:00.000Z' } }));
    expect(text).toContain('[APPROVED] The change to moh-home was approved');
    const pictures = composeEmail(alert({ kind: 'approved' }), images()).text;
    expect(pictures).toContain('moh-home-current-cropped.png: After: as approved');
    expect(pictures).toContain('moh-home-baseline-cropped.png: Before: the old baseline');
    expect(text).toContain('The page as it is now is the new baseline, and the incident is closed.');
  });

  it('unreachable: low priority, since when, and not a defacement', () => {
    const a = alert(
      { kind: 'unreachable', unreachableSince: '2025-03-01T11:19:05.000Z', incident: undefined },
      { verdict: 'unreachable', score: 0, signals: [], reason: 'The site could not be loaded (DNS_FAILED): getaddrinfo ENOTFOUND.' },
    );
    const { text, subject, priority } = composeEmail(a);
    expect(priority).toBe('low');
    expect(subject).toContain('(name does not resolve)');
    expect(text).toMatch(/Unreachable since:\s+2025-03-01 20:19:05 UTC\+09:00 \(Asia\/Tokyo\) \(45 min\)/);
    expect(text).toContain('This is not a defacement verdict');
    expect(text).not.toContain('WHAT WAS SEEN');
  });

  it('reachable: low priority, how long it was down, nothing to do', () => {
    const { text, priority } = composeEmail(
      alert({ kind: 'reachable', unreachableSince: '2025-03-01T11:19:05.000Z', incident: undefined }, { verdict: 'unchanged', score: 0, signals: [] }),
    );
    expect(priority).toBe('low');
    expect(text).toMatch(/Was unreachable from:\s+2025-03-01 20:19:05 UTC\+09:00 \(Asia\/Tokyo\) \(45 min\)/);
    expect(text).toContain('moh-home loads again');
    expect(text).not.toContain('WHAT WAS SEEN');
  });

  it('test: says so first, with the sample below', () => {
    const { text, html } = composeEmail(alert({ kind: 'test' }), images());
    expect(text.startsWith('*** TEST — sample data, no action needed ***')).toBe(true);
    expect(text).toContain('Nothing happened to any site.');
    expect(cheerio.load(html)('img').length).toBe(3);
  });

  it('digest: a table of sites with checks, last reason and max score, highest first', () => {
    const { html, text, attachments, priority } = composeEmail(digest());
    expect(priority).toBe('low');
    expect(attachments).toEqual([]);
    const $ = cheerio.load(html);
    const rows = $('table tr')
      .filter((_, tr) => $(tr).find('th').length === 0 && $(tr).children('td').length === 4)
      .map((_, tr) => [
        $(tr)
          .children('td')
          .map((__, td) => $(td).text().trim())
          .get(),
      ])
      .get();
    expect(rows).toHaveLength(2);
    expect(rows[0]?.[0]).toContain('moh-home');
    expect(rows[0]?.[1]).toBe('2');
    expect(rows[0]?.[2]).toContain('A new banner was inserted at the top of the page.');
    expect(rows[0]?.[3]).toBe('0.35');
    expect(rows[1]?.[0]).toContain('moh-news');
    expect(text).toContain('12 changed checks, 2025-03-01 08:00 – 2025-03-01 17:00, max score 0.21');
    expect(text).toContain('Nobody was paged for them.');
  });

  it('digest: each site with the command that approves its change, on a line of its own', () => {
    const approve = "defacewatch approve moh-news --data /var/lib/defacewatch --reason 'the agency confirmed the change'";
    const { html, text } = composeEmail(digest({ approveCommands: { 'moh-news': approve } }));
    expect(text.split('\n').filter((line) => line.trim() === approve)).toHaveLength(1);
    expect(cheerio.load(html)('body').text()).toContain(approve);
    expect(text).toContain('with the command under it');
    // A digest queued before commands were kept names none, and points at the command in words.
    expect(composeEmail(digest()).text).not.toMatch(/^\s+defacewatch /m);
  });

  it('digest: a longer period names both days', () => {
    expect(composeEmail(digest({ period: { from: '2025-02-27T15:00:00.000Z', to: '2025-03-01T15:00:00.000Z' }, entries: [] })).subject).toBe(
      '[DIGEST] Ministry of Health — 0 sites changed from 2025-02-28 to 2025-03-01',
    );
  });
});

describe('times', () => {
  it('follows daylight saving time', () => {
    expect(formatInTimeZone('2025-07-01T12:00:00.000Z', 'America/New_York').local).toBe('2025-07-01 08:00:00 UTC-04:00 (America/New_York)');
    expect(formatInTimeZone('2025-01-15T12:00:00.000Z', 'America/New_York').local).toBe('2025-01-15 07:00:00 UTC-05:00 (America/New_York)');
  });

  it('shows half-hour offsets', () => {
    expect(formatInTimeZone('2025-03-01T12:04:05.000Z', 'Asia/Kolkata').local).toBe('2025-03-01 17:34:05 UTC+05:30 (Asia/Kolkata)');
  });

  it('falls back to UTC for an unknown zone, and says so', () => {
    const { local, utc } = formatInTimeZone('2025-03-01T12:04:05.000Z', 'Mars/Olympus');
    expect(local).toBe('2025-03-01 12:04:05 UTC+00:00 (UTC) (time zone "Mars/Olympus" is unknown; shown in UTC)');
    expect(utc).toBe('2025-03-01T12:04:05.000Z');
  });

  it('passes an unparseable timestamp through', () => {
    expect(formatInTimeZone('not a date', 'UTC').local).toBe('not a date');
  });

  it('says how long in plain words', () => {
    expect(durationBetween('2025-03-01T12:00:00Z', '2025-03-01T12:00:30Z')).toBe('less than a minute');
    expect(durationBetween('2025-03-01T12:00:00Z', '2025-03-01T12:45:00Z')).toBe('45 min');
    expect(durationBetween('2025-03-01T12:00:00Z', '2025-03-01T15:00:00Z')).toBe('3 h');
    expect(durationBetween('2025-03-01T12:00:00Z', '2025-03-04T16:00:00Z')).toBe('3 days 4 h');
    expect(durationBetween('2025-03-01T12:00:00Z', '2025-03-01T11:00:00Z')).toBe('');
  });
});
