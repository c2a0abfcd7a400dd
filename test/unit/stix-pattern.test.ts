import { describe, expect, it } from 'vitest';
import { PatternError, buildPattern, quote, readPattern } from '../../src/sharing/stix/pattern.js';

describe('STIX patterns we write', () => {
  it('escapes quotes and backslashes in string literals (STIX 2.1 §9.2)', () => {
    expect(quote("we're back")).toBe("'we\\'re back'");
    expect(quote('C:\\defaced')).toBe("'C:\\\\defaced'");
  });

  it('puts page terms in one observation and each host in its own, of the right type', () => {
    expect(buildPattern({ phashes: ['00ff00ff00ff00ff'], phrases: ['hacked by team x'], hosts: ['evil.example', '198.51.100.9', '2001:db8::1'] })).toBe(
      "[x-defacewatch-page:first_screen_phash = '00ff00ff00ff00ff' OR x-defacewatch-page:phrases[*] = 'hacked by team x']" +
        " OR [domain-name:value = 'evil.example'] OR [ipv4-addr:value = '198.51.100.9'] OR [ipv6-addr:value = '2001:db8::1']",
    );
    expect(() => buildPattern({})).toThrow(RangeError);
  });

  it('reads back what it writes, quotes and all', () => {
    const terms = { phashes: ['00ff00ff00ff00ff'], phrases: ["we're back \\o/", '钓鱼岛是中国的'], hosts: ['evil.example'], urls: ['http://evil.example/x.js'] };
    expect(readPattern(buildPattern(terms))).toEqual({ ...terms, skipped: [] });
  });
});

describe('STIX patterns we read', () => {
  it('takes the equality tests it understands from a disjunction and skips the others', () => {
    const read = readPattern(
      "[file:hashes.'SHA-256' = 'aa'] OR ([url:value = 'http://evil.example/x.js'] OR [domain-name:value LIKE '%.evil.example']) OR [x-defacewatch-page:phrases[0] = 'pwned by crew']",
    );
    expect(read.urls).toEqual(['http://evil.example/x.js']);
    expect(read.phrases).toEqual(['pwned by crew']);
    expect(read.hosts).toEqual([]);
    expect(read.skipped).toEqual(['file:hashes.SHA-256 =', 'domain-name:value LIKE']);
  });

  it('skips negations, sets, typed literals and EXISTS', () => {
    const read = readPattern(
      "[domain-name:value NOT = 'a.example' OR domain-name:value IN ('b.example', 'c.example') OR artifact:payload_bin = b'AAAA' OR EXISTS url:value OR ipv4-addr:value != '1.2.3.4']",
    );
    expect(read.hosts).toEqual([]);
    expect(read.skipped).toHaveLength(5);
  });

  it.each([
    ["[url:value = 'a' AND url:value = 'b']", /AND/],
    ["[url:value = 'a'] AND [domain-name:value = 'b.example']", /AND/],
    ["[url:value = 'a'] FOLLOWEDBY [url:value = 'b']", /FOLLOWEDBY/],
    ["[url:value = 'a'] WITHIN 300 SECONDS", /WITHIN/],
    ["[url:value = 'a'] REPEATS 5 TIMES", /REPEATS/],
    ["[url:value = 'a'", /ends too soon|expected/],
    ["[url:value = 'a]", /not closed/],
    ["url:value = 'a'", /expected "\["/],
    ["[url:value = 'a\\n']", /bad escape/],
    ["[url:value = 'a'] ; DROP TABLE", /unexpected/],
    ['[' + '('.repeat(40) + "url:value = 'a'" + ')'.repeat(40) + ']', /nested too deeply/],
    [`[url:value = '${'a'.repeat(40_000)}']`, /longer than/],
  ])('refuses %#: %s', (pattern, reason) => {
    expect(() => readPattern(pattern)).toThrow(PatternError);
    expect(() => readPattern(pattern)).toThrow(reason);
  });
});
