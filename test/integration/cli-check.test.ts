import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../tools/demo/site.js';
import { agencyYaml, CLI, makeWorkspace, runCli } from '../helpers/cli.js';

/** The `check --json` line, exactly these keys in this order: the contract scripts rely on. */
const CONTRACT_KEYS = ['site', 'url', 'verdict', 'score', 'signals', 'reason', 'checkedAt', 'durationMs'];

const STATIC_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Central Hospital</title></head>
<body style="font-family:sans-serif;margin:40px"><h1>Central Hospital</h1><p>Outpatient hours: 8:30 to 17:00.</p>
<ul><li>Departments</li><li>Visiting hours</li><li>Access</li></ul></body></html>`;

function parseJsonLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n');
  expect(lines.pop()).toBe('');
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function serveStatic(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('defacewatch check through the real CLI and Chromium', () => {
  let demo: DemoSite;
  let hospital: { url: string; server: Server };
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;

  beforeAll(async () => {
    demo = await startDemoSite();
    hospital = await serveStatic(STATIC_PAGE);
    workspace = await makeWorkspace({
      'test.yaml': agencyYaml({ ministry: demo.url, hospital: hospital.url }),
    });
    const baseline = await runCli(['baseline'], { cwd: workspace.dir });
    expect(baseline.stderr).not.toMatch(/error/i);
    expect(baseline.code).toBe(0);
    expect(await readdir(path.join(workspace.dir, 'baselines', 'hospital'))).toEqual(['meta.json', 'page.html', 'screenshot.png']);
  });

  afterAll(async () => {
    await demo.close();
    await new Promise((resolve) => hospital.server.close(resolve));
    await workspace.cleanup();
  });

  it('reports an untouched static site as unchanged, exit 0, one contract line per site on stdout', async () => {
    const run = await runCli(['check', '--json', '--site', 'hospital'], { cwd: workspace.dir });
    expect(run.code).toBe(0);
    const [line, ...rest] = parseJsonLines(run.stdout);
    expect(rest).toEqual([]);
    expect(Object.keys(line!)).toEqual(CONTRACT_KEYS);
    expect(line).toMatchObject({ site: 'hospital', url: hospital.url, verdict: 'unchanged' });
    expect(typeof line!.score).toBe('number');
    expect(new Date(String(line!.checkedAt)).toISOString()).toBe(line!.checkedAt);
  });

  it('never calls a site with a live clock and a rotating carousel defaced, across 10 checks', async () => {
    for (let i = 0; i < 10; i++) {
      const run = await runCli(['check', '--json', '--site', 'ministry'], { cwd: workspace.dir });
      const [line] = parseJsonLines(run.stdout);
      expect(line?.verdict, `check ${i + 1}: ${String(line?.reason)}`).not.toBe('defaced');
      expect(run.code).toBe(0);
    }
  }, 240_000);

  it('calls a full-page defacement defaced, exit 1, and approve makes it the baseline', async () => {
    demo.setDefaced(true);
    try {
      const run = await runCli(['check', '--json'], { cwd: workspace.dir });
      expect(run.code).toBe(1);
      const lines = parseJsonLines(run.stdout);
      expect(lines.map((l) => l.site).sort()).toEqual(['hospital', 'ministry']);
      const ministry = lines.find((l) => l.site === 'ministry')!;
      expect(ministry.verdict).toBe('defaced');
      expect(ministry.score).toBeGreaterThan(0.8);
      expect(String(ministry.reason)).toMatch(/hacked by/i);
      expect((ministry.signals as unknown[]).length).toBeGreaterThan(0);
      const evidence = await readdir(path.join(workspace.dir, 'data', 'evidence'));
      expect(evidence).toEqual(expect.arrayContaining(['ministry-actual.png', 'ministry-diff.png']));

      const approve = await runCli(['approve', 'ministry', '--reason', 'test: the new page is legitimate', '--yes'], { cwd: workspace.dir });
      expect(approve.code).toBe(0);
      const after = await runCli(['check', '--json', '--site', 'ministry'], { cwd: workspace.dir });
      expect(parseJsonLines(after.stdout)[0]?.verdict).not.toBe('defaced');
      expect(after.code).toBe(0);
    } finally {
      demo.setDefaced(false);
      await runCli(['baseline', '--site', 'ministry'], { cwd: workspace.dir });
    }
  });

  it('calls a site that went down unreachable, not defaced, exit 0', async () => {
    const site = await serveStatic(STATIC_PAGE);
    const ws = await makeWorkspace({ 'clinic.yaml': agencyYaml({ clinic: site.url }) });
    try {
      expect((await runCli(['baseline'], { cwd: ws.dir })).code).toBe(0);
      await new Promise((resolve) => site.server.close(resolve));
      const run = await runCli(['check', '--json'], { cwd: ws.dir });
      expect(run.code).toBe(0);
      const [line] = parseJsonLines(run.stdout);
      expect(line).toMatchObject({ site: 'clinic', verdict: 'unreachable', score: 0 });
      expect(String(line!.reason)).toMatch(/could not be loaded|refused|unreachable/i);
    } finally {
      await ws.cleanup();
    }
  });

  it('refuses a loopback URL without --allow-private, naming the site and the address', async () => {
    const ws = await makeWorkspace({ 'intranet.yaml': agencyYaml({ intranet: hospital.url }, '') });
    try {
      const refused = await runCli(['baseline'], { cwd: ws.dir });
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/intranet: .*127\.0\.0\.1.*loopback/);
      expect(refused.stderr).toMatch(/--allow-private/);
      const allowed = await runCli(['baseline', '--allow-private'], { cwd: ws.dir });
      expect(allowed.code).toBe(0);
    } finally {
      await ws.cleanup();
    }
  });
});

const SITE = (id: string, more = '') => `  - id: ${id}\n    url: https://www.example.go.jp/\n${more}`;
const AGENCY = (sites: string) => `agency: MoH\ncontacts: [soc@moh.example.go.jp]\nsites:\n${sites}`;

/** The six ways a targets file goes wrong most often, each with the line a person must see. */
const BAD_CONFIGS: [string, Record<string, string>, RegExp][] = [
  ['YAML syntax', { 'moh.yaml': 'agency: MoH\ncontacts: [soc@moh.example.go.jp\nsites: []\n' }, /^targets\/moh\.yaml: line \d+, column \d+: YAML syntax error: /],
  ['missing url', { 'moh.yaml': AGENCY('  - id: home\n') }, /^targets\/moh\.yaml: sites\[0\]\.url: is required/],
  ['bad cron', { 'moh.yaml': AGENCY(SITE('home', "    schedule: '*/5 * * *'\n")) }, /^targets\/moh\.yaml: sites\[0\]\.schedule: "\*\/5 \* \* \*" has 4 fields/],
  [
    'duplicate id across files',
    { 'a.yaml': AGENCY(SITE('home')), 'b.yaml': AGENCY(SITE('home')).replace('agency: MoH', 'agency: MoF') },
    /^targets\/b\.yaml: sites\[0\]\.id: "home" is already used in targets\/a\.yaml/,
  ],
  ['unknown key', { 'moh.yaml': AGENCY(SITE('home', '    sectr: bank\n')) }, /^targets\/moh\.yaml: sites\[0\]\.sectr: unknown field \(did you mean "sector"\?\)/],
  ['bad email', { 'moh.yaml': 'agency: MoH\ncontacts: [soc-at-moh]\nsites:\n' + SITE('home') }, /^targets\/moh\.yaml: contacts\[0\]: not an email address/],
];

describe('defacewatch --version', () => {
  it("prints the package's version, from package.json, run outside any npm script", async () => {
    const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version'], { cwd: path.dirname(CLI), env: { npm_package_version: '' } });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(manifest.version);
  });
});

describe('defacewatch validate', () => {
  it.each(BAD_CONFIGS)('reports %s as one line naming file and field, exit 2', async (_name, files, expected) => {
    const ws = await makeWorkspace(files);
    try {
      const run = await runCli(['validate'], { cwd: ws.dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(expected);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await ws.cleanup();
    }
  });

  it('prints one line naming file and field for a bad config, exit 2, no stack trace', async () => {
    const ws = await makeWorkspace({
      'moh.yaml': 'agency: MoH\ncontacts: [soc@moh.example]\nsites:\n  - id: home\n    url: https://a.example/\n  - id: news\n    url: gopher://a.example/\n',
    });
    try {
      const run = await runCli(['validate'], { cwd: ws.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('targets/moh.yaml: sites[1].url: not an http(s) URL (write it like "https://www.example.go.jp/")\n');
      expect(run.stdout).toBe('');
    } finally {
      await ws.cleanup();
    }
  });

  it('exits 2 on an unknown flag', async () => {
    const ws = await makeWorkspace({ 'a.yaml': agencyYaml({ a: 'https://a.example/' }) });
    try {
      const run = await runCli(['check', '--jsonn'], { cwd: ws.dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
    } finally {
      await ws.cleanup();
    }
  });
});
