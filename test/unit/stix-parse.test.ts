import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/incident.js';
import { MAX_SHARED_INDICATORS } from '../../src/core/shared-indicator.js';
import { MAX_SHARED_OBJECTS, incidentBundle, parseSharedObjects, type SharingContext } from '../../src/sharing/stix/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = '2026-12-01T00:00:00Z';

function fixture(): { incident: Incident; context: SharingContext } {
  const f = JSON.parse(readFileSync(join(ROOT, 'test/golden/stix/incident-input.json'), 'utf8')) as {
    incident: Incident;
    context: SharingContext;
    screenshot: { phash: string };
  };
  return { incident: f.incident, context: { ...f.context, screenshot: { phash: f.screenshot.phash } } };
}

let serial = 0;
/** A STIX 2.1 indicator as another tool might write it; override what the test is about. */
function indicator(pattern: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${String(serial).padStart(8, '0')}-1111-4111-8111-111111111111`,
    created: '2026-11-01T00:00:00.000Z',
    modified: '2026-11-01T00:00:00.000Z',
    name: 'Bad script host',
    pattern,
    pattern_type: 'stix',
    valid_from: '2026-11-01T00:00:00Z',
    ...over,
  };
}

function parse(objects: unknown[]) {
  return parseSharedObjects(objects, 'asean-hub', { now: NOW });
}

describe('parseSharedObjects: what incidentBundle emits', () => {
  it('round-trips: the indicator comes back with its slogans, hash, origin and creator', () => {
    const { incident, context } = fixture();
    const bundle = incidentBundle(incident, context);
    const result = parse(bundle.objects);
    expect(result.rejected).toEqual([]);
    expect(result.indicators).toEqual([
      {
        id: bundle.objects.find((o) => o.type === 'indicator')!.id,
        name: 'Defacement "hacked by team x" on www.moh.example.go.jp',
        createdBy: 'Example National CSIRT',
        source: 'asean-hub',
        slogans: ['hacked by team x', '钓鱼岛是中国的'],
        screenshotHashes: ['d051f7c4904b2de7'],
        origins: ['cdn.evil.example'],
        validFrom: '2026-11-25T03:15:00.123Z',
        validUntil: '2027-02-23T03:45:00.000Z',
        modified: '2026-11-25T03:45:00.000Z',
      },
    ]);
    expect(Object.values(result.identities)).toEqual(['Example National CSIRT', 'Ministry of Health']);
  });

  it('drops the report of an incident approved as a legitimate change (revoked)', () => {
    const { incident, context } = fixture();
    const open = incidentBundle(incident, context);
    const approved = incidentBundle({ ...incident, status: 'approved', closedAt: '2026-11-26T00:00:00Z' }, context);
    // Both versions pulled (in either order): the later, revoked one wins.
    for (const objects of [
      [...open.objects, ...approved.objects],
      [...approved.objects, ...open.objects],
    ]) {
      const result = parse(objects);
      expect(result.indicators).toEqual([]);
      expect(result.rejected).toEqual([{ id: approved.objects.find((o) => o.type === 'indicator')!.id, reason: 'revoked' }]);
    }
  });

  it('keeps the latest version of an indicator', () => {
    const a = indicator("[domain-name:value = 'old.example']");
    const b = { ...a, modified: '2026-11-02T00:00:00.000Z', pattern: "[domain-name:value = 'new.example']" };
    expect(parse([b, a]).indicators.map((i) => i.origins)).toEqual([['new.example']]);
    expect(parse([a, b]).indicators.map((i) => i.origins)).toEqual([['new.example']]);
  });

  it('names the creator from identities of earlier pages, and else says nothing', () => {
    const ref = 'identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    const objects = [indicator("[domain-name:value = 'evil.example']", { created_by_ref: ref })];
    expect(parseSharedObjects(objects, 'hub', { now: NOW, identities: { [ref]: 'CERT Beta' } }).indicators[0]!.createdBy).toBe('CERT Beta');
    expect(parse(objects).indicators[0]!.createdBy).toBeUndefined();
  });
});

describe('parseSharedObjects: indicators from other tools', () => {
  it('reads URL, domain and address indicators as origins', () => {
    const result = parse([
      indicator("[url:value = 'http://evil.example/x.js']"),
      indicator("[domain-name:value = 'Cdn.Evil.Example.']"),
      indicator("[ipv4-addr:value = '198.51.100.9'] OR [ipv6-addr:value = '2001:DB8:0:0::1']"),
      indicator("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e'] OR [url:value = 'https://bad.example:8443/a?b=c']"),
      indicator("[domain-name:value = 'пример.example']"),
    ]);
    expect(result.rejected).toEqual([]);
    expect(result.indicators.map((i) => i.origins)).toEqual([
      ['http://evil.example'],
      ['cdn.evil.example'],
      ['198.51.100.9', '2001:db8::1'],
      ['https://bad.example:8443'],
      ['xn--e1afmkfd.example'],
    ]);
    expect(result.indicators.every((i) => i.slogans.length === 0 && i.screenshotHashes.length === 0)).toBe(true);
  });

  it('folds slogans (case, width, white space) and keeps only specific ones', () => {
    const [read] = parse([
      indicator(
        "[x-defacewatch-page:phrases[*] = '  ＨＡＣＫＥＤ   by\tTeam Ｘ ' OR x-defacewatch-page:phrases[*] = '中国' OR x-defacewatch-page:phrases[*] = 'hacked'" +
          " OR x-defacewatch-page:first_screen_phash = 'D051F7C4904B2DE7' OR x-defacewatch-page:first_screen_phash = 'not-a-hash']",
      ),
    ]).indicators;
    expect(read!.slogans).toEqual(['hacked by team x']);
    expect(read!.screenshotHashes).toEqual(['d051f7c4904b2de7']);
  });
});

describe('parseSharedObjects: hostile or broken input', () => {
  it.each([
    ['AND', indicator("[url:value = 'http://a.example/' AND url:value = 'http://b.example/']"), /AND/],
    ['a qualifier', indicator("[url:value = 'http://a.example/'] WITHIN 60 SECONDS"), /WITHIN/],
    ['another pattern language', indicator('rule x { condition: true }', { pattern_type: 'yara' }), /pattern type "yara"/],
    ['only patterns we do not read', indicator("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"), /no slogan, perceptual hash or origin.*file:hashes\.MD5/],
    ['STIX 2.0', indicator("[url:value = 'http://a.example/']", { spec_version: '2.0' }), /spec_version/],
    ['a wrong id', indicator("[url:value = 'http://a.example/']", { id: 'indicator--1' }), /id: not a indicator identifier/],
    ['a pattern of the wrong type', indicator("[url:value = 'http://a.example/']", { pattern: 42 }), /pattern/],
    ['a date that is not one', indicator("[url:value = 'http://a.example/']", { valid_from: 'yesterday' }), /valid_from/],
    ['a date in no calendar', indicator("[url:value = 'http://a.example/']", { valid_from: '2026-02-31T99:00:00Z' }), /valid_from/],
    ['a huge pattern', indicator(`[url:value = 'http://a.example/${'a'.repeat(100_000)}']`), /pattern/],
    ['a huge name', indicator("[url:value = 'http://a.example/']", { name: 'n'.repeat(1_000_000) }), /name/],
    ['a slogan of a megabyte', indicator(`[x-defacewatch-page:phrases[*] = '${'slogan '.repeat(3_000)}']`), /no slogan/],
    ['expired', indicator("[url:value = 'http://a.example/']", { valid_until: '2026-11-15T00:00:00Z' }), /^expired$/],
    ['revoked', indicator("[url:value = 'http://a.example/']", { revoked: true }), /^revoked$/],
    [
      'valid_until before valid_from',
      indicator("[url:value = 'http://a.example/']", { valid_until: '2026-10-01T00:00:00Z', valid_from: '2027-01-01T00:00:00Z' }),
      /expired|not after/,
    ],
    ['a too broad host', indicator("[domain-name:value = 'com'] OR [domain-name:value = 'localhost']"), /no slogan/],
    ['a script URL', indicator("[url:value = 'javascript:alert(1)'] OR [url:value = 'data:text/html,x']"), /no slogan/],
  ])('refuses %s', (_, object, reason) => {
    const result = parse([object]);
    expect(result.indicators).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.reason).toMatch(reason);
  });

  it('never echoes much of the input, nor control characters, in a reason or a name', () => {
    const nasty = `\u0000\u001b[31m${'x'.repeat(5_000)}\u202e`;
    const result = parse([
      indicator(`[${nasty}:value = 'a']`),
      indicator("[url:value = 'http://a.example/']", { pattern_type: nasty }),
      indicator("[url:value = 'http://a.example/']", { name: `\u001b[2J evil\nname ${'y'.repeat(500)}` }),
      { type: 'indicator', id: nasty },
    ]);
    for (const r of result.rejected) {
      expect(r.reason.length).toBeLessThanOrEqual(150);
      expect(r.reason).not.toMatch(/[\u0000-\u001f\u202e]/);
      if (r.id !== undefined) expect(r.id).toMatch(/^indicator--/);
    }
    const name = result.indicators[0]!.name;
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).not.toMatch(/[\u0000-\u001f]/);
  });

  it('survives anything: wrong types, nulls, arrays, prototypes', () => {
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'indicator',
      [],
      [indicator("[url:value = 'http://a.example/']")],
      { type: 'indicator' },
      { type: 'indicator', __proto__: { pattern: "[url:value = 'http://a.example/']" } },
      JSON.parse('{"type":"indicator","__proto__":{"x":1}}'),
      { type: 'identity', id: 'identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', name: ['not', 'a', 'string'] },
      { type: { toString: () => 'indicator' } },
    ];
    const result = parse(junk);
    expect(result.indicators).toEqual([]);
    expect(result.rejected.length).toBeGreaterThan(0);
    expect(parseSharedObjects('not a list' as unknown as unknown[], 'x').rejected).toEqual([{ reason: 'not a list of objects' }]);
  });

  it('bounds how much it reads', () => {
    const many = Array.from({ length: MAX_SHARED_OBJECTS + 10 }, (_, i) => ({ type: 'note', id: `note--${i}` }));
    expect(parse(many).rejected).toEqual([{ reason: `10 objects beyond the first ${MAX_SHARED_OBJECTS} were not read` }]);
    const indicators = Array.from({ length: MAX_SHARED_INDICATORS + 3 }, () => indicator("[domain-name:value = 'evil.example']"));
    const result = parse(indicators);
    expect(result.indicators).toHaveLength(MAX_SHARED_INDICATORS);
    expect(result.rejected).toHaveLength(3);
    expect(result.rejected[0]!.reason).toMatch(/more than/);
  });
});
