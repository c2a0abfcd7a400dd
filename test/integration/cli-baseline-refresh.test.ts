import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';

const GOOD_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ministry of Health</title></head>
<body style="font-family:sans-serif;margin:40px"><h1>Ministry of Health</h1>
<p>Vaccination centres are open from 9:00 to 16:00 on weekdays.</p>
<ul><li>Policies</li><li>Press releases</li><li>Contact</li></ul></body></html>`;

const DEFACED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hacked by Shadow Panda</title></head>
<body style="background:#000;color:#0f0;font-family:monospace;margin:40px;text-align:center">
<h1>HACKED BY SHADOW PANDA</h1><p>Your security is an illusion. Greetz to all crews.</p></body></html>`;

interface Meta {
  versions: { chromium: string; pixelmatch: string; detectors?: Record<string, string> };
  capturedAt: string;
}

/** A page whose HTML the test swaps, served on 127.0.0.1. */
async function serveSwitchable(): Promise<{ url: string; server: Server; set(html: string): void }> {
  let html = GOOD_PAGE;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    server,
    set: (next) => {
      html = next;
    },
  };
}

describe('defacewatch baseline --refresh through the real CLI and Chromium', () => {
  let site: Awaited<ReturnType<typeof serveSwitchable>>;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let folder: string;
  const metaFile = () => path.join(folder, 'meta.json');
  const readMeta = async () => JSON.parse(await readFile(metaFile(), 'utf8')) as Meta;
  const snapshotBytes = async () =>
    Object.fromEntries(await Promise.all((await readdir(folder)).sort().map(async (name) => [name, await readFile(path.join(folder, name))] as const)));

  /** What an older defacewatch with an older Chromium wrote: another Chromium, no detector versions. */
  async function ageMeta(): Promise<void> {
    const meta = JSON.parse(await readFile(metaFile(), 'utf8')) as Meta & Record<string, unknown>;
    meta.versions = { chromium: '120.0.6099.0', pixelmatch: meta.versions.pixelmatch };
    await writeFile(metaFile(), `${JSON.stringify(meta, null, 2)}\n`);
  }

  beforeAll(async () => {
    site = await serveSwitchable();
    workspace = await makeWorkspace({ 'moh.yaml': agencyYaml({ 'moh-home': site.url }) });
    folder = path.join(workspace.dir, 'baselines', 'moh-home');
    const baseline = await runCli(['baseline'], { cwd: workspace.dir });
    expect(baseline.code, baseline.stderr).toBe(0);
  });

  afterAll(async () => {
    await new Promise((resolve) => site.server.close(resolve));
    await workspace.cleanup();
  });

  it('records the Chromium, pixelmatch and every detector version with a new baseline', async () => {
    const { versions } = await readMeta();
    // As Playwright reports it, e.g. HeadlessChrome/156.0.8078.129.
    expect(versions.chromium).toMatch(/\d+\.\d+\.\d+/);
    expect(versions.pixelmatch).toMatch(/^\d+\.\d+\.\d+$/);
    expect(versions.detectors).toMatchObject({ 'defacer-phrases': expect.any(String), 'national-flag': expect.any(String) });
  });

  it('names the drift in the check reason, with the same JSON line shape, then a refresh re-records the versions', async () => {
    const running = (await readMeta()).versions;
    const chromium = running.chromium.replace(/^\D*\//, '');
    await ageMeta();

    const check = await runCli(['check', '--json'], { cwd: workspace.dir });
    expect(check.code, check.stderr).toBe(0);
    const line = JSON.parse(check.stdout.trim()) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['site', 'url', 'verdict', 'score', 'signals', 'reason', 'checkedAt', 'durationMs']);
    expect(line.verdict).toBe('unchanged');
    expect(line.reason).toContain(
      `the baseline was captured with Chromium 120.0.6099.0 and is compared with Chromium ${chromium}: run \`defacewatch baseline --refresh moh-home\``,
    );
    // The log line names the drift in fields a log shipper can filter on.
    const logged = check.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => Array.isArray(l.drift));
    expect(logged).toMatchObject({
      site: 'moh-home',
      drift: [{ tool: 'chromium', baseline: '120.0.6099.0', current: running.chromium }],
      refresh: 'defacewatch baseline --refresh moh-home',
    });

    const before = await readMeta();
    const refresh = await runCli(['baseline', '--refresh', 'moh-home'], { cwd: workspace.dir });
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stdout).toBe(`moh-home: baseline refreshed (Chromium 120.0.6099.0 → ${chromium}, detector versions recorded for the first time)\n`);
    const after = await readMeta();
    expect(after.versions).toEqual(running);
    expect(after.capturedAt > before.capturedAt).toBe(true);

    const again = await runCli(['check', '--json', '--site', 'moh-home'], { cwd: workspace.dir });
    const next = JSON.parse(again.stdout.trim()) as { verdict: string; reason: string };
    expect(next.verdict).toBe('unchanged');
    expect(next.reason).not.toContain('--refresh');
  }, 120_000);

  it('refuses to refresh while the page is defaced, exit 1, and keeps the old baseline byte for byte', async () => {
    await ageMeta();
    const kept = await snapshotBytes();
    site.set(DEFACED_PAGE);
    try {
      const refresh = await runCli(['baseline', '--refresh', 'moh-home'], { cwd: workspace.dir });
      expect(refresh.code).toBe(1);
      expect(refresh.stdout).toBe('');
      expect(refresh.stderr).toMatch(
        /error BASELINE_REFRESH_REFUSED: moh-home: the page is defaced against its approved baseline \(.*hacked by.*\); the baseline was kept as it was/i,
      );
      expect(await snapshotBytes()).toEqual(kept);
    } finally {
      site.set(GOOD_PAGE);
    }
  }, 120_000);

  it('refuses a page whose content changed legitimately too (exit 3), and plain baseline still stores it', async () => {
    site.set(GOOD_PAGE.replace('<ul>', '<p>Registration for the spring vaccination campaign opens on 1 March for all residents.</p><ul>'));
    try {
      const kept = await snapshotBytes();
      const refresh = await runCli(['baseline', '--refresh'], { cwd: workspace.dir });
      expect(refresh.code).toBe(3);
      expect(refresh.stderr).toMatch(/error BASELINE_REFRESH_REFUSED: moh-home: the page is changed against its approved baseline/);
      expect(refresh.stderr).toContain('defacewatch approve <id> --reason');
      expect(await snapshotBytes()).toEqual(kept);

      const baseline = await runCli(['baseline', '--site', 'moh-home'], { cwd: workspace.dir });
      expect(baseline.code, baseline.stderr).toBe(0);
      expect(baseline.stdout).toBe('moh-home: baseline stored\n');
      expect(await snapshotBytes()).not.toEqual(kept);
    } finally {
      site.set(GOOD_PAGE);
    }
  }, 120_000);
});
