import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTargets, selectSites } from '../../src/config/load-targets.js';
import { DefacewatchError } from '../../src/core/errors.js';

const GOOD = `
agency: Ministry of Health
contacts: [soc@moh.example.go.jp]
timezone: Asia/Tokyo
sites:
  - id: moh-home
    url: https://www.moh.example.go.jp/
    sector: government
    ignore: ['#clock']
  - id: moh-news
    url: https://www.moh.example.go.jp/news
    schedule: '*/30 * * * * *'
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  try {
    await loadTargets(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(DefacewatchError);
    expect((err as DefacewatchError).code).toBe('CONFIG_INVALID');
    return (err as DefacewatchError).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
}

describe('loadTargets', () => {
  it('loads a valid agency file with defaults applied, frozen', async () => {
    await writeFile(path.join(dir, 'moh.yaml'), GOOD);
    const targets = await loadTargets(dir);
    expect(targets.sites.map((s) => s.id)).toEqual(['moh-home', 'moh-news']);
    const [home, news] = targets.sites;
    expect(home?.schedule).toBe('*/5 * * * *');
    expect(home?.sector).toBe('government');
    expect(home?.timeoutMs).toBe(30_000);
    expect(home?.maxScreenshotHeight).toBe(10_000);
    expect(home?.agency.timezone).toBe('Asia/Tokyo');
    expect(home?.agency.allowPrivateNetworks).toBe(false);
    expect(news?.schedule).toBe('*/30 * * * * *');
    expect(news?.sector).toBe('other');
    expect(Object.isFrozen(home)).toBe(true);
    expect(Object.isFrozen(home?.ignore)).toBe(true);
  });

  it('reports a YAML syntax error with file and line', async () => {
    const lines = await problemsOf({ 'moh.yaml': 'agency: MoH\ncontacts: [a@b.example\nsites: []\n' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/moh\.yaml: line \d+, column \d+: YAML syntax error/);
  });

  it('reports a missing url', async () => {
    const lines = await problemsOf({
      'moh.yaml': 'agency: MoH\ncontacts: [a@b.example]\nsites:\n  - id: one\n    url: https://a.example/\n  - id: two\n',
    });
    expect(lines).toEqual([expect.stringMatching(/moh\.yaml: sites\[1\]\.url: is required/)]);
  });

  it('reports a URL that is not http(s)', async () => {
    const lines = await problemsOf({
      'moh.yaml': 'agency: MoH\ncontacts: [a@b.example]\nsites:\n  - id: one\n    url: ftp://a.example/\n',
    });
    expect(lines).toEqual([expect.stringMatching(/moh\.yaml: sites\[0\]\.url: not an http\(s\) URL/)]);
  });

  it('reports a bad cron expression', async () => {
    const lines = await problemsOf({
      'moh.yaml': "agency: MoH\ncontacts: [a@b.example]\nsites:\n  - id: one\n    url: https://a.example/\n    schedule: '61 * * * *'\n",
    });
    expect(lines).toEqual([expect.stringMatching(/moh\.yaml: sites\[0\]\.schedule: "61 \* \* \* \*" is not a valid cron/)]);
  });

  it('reports a cron expression with the wrong number of fields', async () => {
    const lines = await problemsOf({
      'moh.yaml': "agency: MoH\ncontacts: [a@b.example]\nsites:\n  - id: one\n    url: https://a.example/\n    schedule: '* * *'\n",
    });
    expect(lines).toEqual([expect.stringMatching(/sites\[0\]\.schedule: "\* \* \*" has 3 fields/)]);
  });

  it('reports a site id used in two files, naming both', async () => {
    const site = (agency: string, id: string) => `agency: ${agency}\ncontacts: [a@b.example]\nsites:\n  - id: ${id}\n    url: https://a.example/\n`;
    const lines = await problemsOf({ 'a.yaml': site('A', 'home'), 'b.yaml': site('B', 'home') });
    expect(lines).toEqual([expect.stringMatching(/b\.yaml: sites\[0\]\.id: "home" is already used in .*a\.yaml/)]);
  });

  it('reports an agency name used by two files (alerts and digests know agencies by name)', async () => {
    const site = (id: string) => `agency: A\ncontacts: [a@b.example]\nsites:\n  - id: ${id}\n    url: https://a.example/\n`;
    const lines = await problemsOf({ 'a.yaml': site('home'), 'b.yaml': site('news') });
    expect(lines).toEqual([expect.stringMatching(/b\.yaml: agency: "A" is already the name of .*a\.yaml \(give each agency file its own name\)/)]);
  });

  it('reports an unknown key with a suggestion', async () => {
    const lines = await problemsOf({
      'moh.yaml': "agency: MoH\ncontacts: [a@b.example]\nsites:\n  - id: one\n    url: https://a.example/\n    shedule: '* * * * *'\n",
    });
    expect(lines).toEqual([expect.stringMatching(/moh\.yaml: sites\[0\]\.shedule: unknown field \(did you mean "schedule"\?\)/)]);
  });

  it('reports a bad email address', async () => {
    const lines = await problemsOf({
      'moh.yaml': 'agency: MoH\ncontacts: [soc@moh.example, not-an-email]\nsites:\n  - id: one\n    url: https://a.example/\n',
    });
    expect(lines).toEqual([expect.stringMatching(/moh\.yaml: contacts\[1\]: not an email address/)]);
  });

  it('reports every problem of every file at once', async () => {
    const lines = await problemsOf({
      'a.yaml': 'agency: A\ncontacts: [x]\ntimezone: Mars/Base\nsites:\n  - id: Bad_Id\n    url: https://a.example/\n    sector: army\n',
      'b.yaml': 'agency: B\n',
    });
    expect(lines).toEqual([
      expect.stringMatching(/a\.yaml: contacts\[0\]: not an email/),
      expect.stringMatching(/a\.yaml: timezone: not an IANA time zone/),
      expect.stringMatching(/a\.yaml: sites\[0\]\.id: use only lowercase/),
      expect.stringMatching(/a\.yaml: sites\[0\]\.sector: must be one of "government", "bank", "hospital", "other"/),
      expect.stringMatching(/b\.yaml: contacts: is required/),
      expect.stringMatching(/b\.yaml: sites: is required/),
    ]);
  });

  it('fails clearly on an empty folder', async () => {
    await expect(loadTargets(dir)).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
  });

  it('selects sites by id and rejects unknown ids', async () => {
    await writeFile(path.join(dir, 'moh.yaml'), GOOD);
    const targets = await loadTargets(dir);
    expect(selectSites(targets, ['moh-news']).map((s) => s.id)).toEqual(['moh-news']);
    expect(selectSites(targets, [])).toHaveLength(2);
    expect(() => selectSites(targets, ['nope'])).toThrow(/--site nope: no site has this id/);
  });
});
