import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoSite } from '../../tools/demo/site.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';

/** A site that answers slowly and counts how many of its requests are open at once. */
async function slowSite(delayMs: number, counter: { now: number; max: number }): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    counter.now += 1;
    counter.max = Math.max(counter.max, counter.now);
    setTimeout(() => {
      counter.now -= 1;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Slow but steady</h1></body></html>');
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('defacewatch run (the daemon)', () => {
  it('baselines a new site, alerts when it turns defaced, logs verdicts as JSON, stops cleanly on SIGTERM', async () => {
    const demo = await startDemoSite();
    cleanups.push(() => demo.close());
    const ws = await makeWorkspace({
      'dgov.yaml': `agency: Digital Agency\ncontacts: [soc@dgov.example.go.jp]\nallowPrivateNetworks: true\nsites:\n  - id: dgov\n    url: ${demo.url}\n    schedule: '*/2 * * * * *'\n`,
    });
    cleanups.push(() => ws.cleanup());
    const daemon = startDaemon(ws.dir);
    cleanups.push(async () => {
      daemon.child.kill('SIGKILL');
    });

    await daemon.waitFor((l) => l.msg === 'baseline stored', 30_000);
    await daemon.waitFor((l) => l.site === 'dgov' && typeof l.verdict === 'string', 30_000);
    demo.setDefaced(true);
    const defaced = await daemon.waitFor((l) => l.verdict === 'defaced', 30_000);
    expect(defaced).toMatchObject({ level: 30, site: 'dgov', msg: 'dgov: defaced' });
    expect(String(defaced.reason)).toMatch(/hacked by/i);
    await daemon.waitFor((l) => l.msg === 'alert delivered' && l.kind === 'defaced', 10_000);
    expect((await readdir(path.join(ws.dir, 'data', 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(1);

    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(daemon.lines.at(-1)?.msg).toBe('daemon stopped');
  });

  it('refuses a second daemon on the same data folder, says the first is healthy, and frees the folder on stop', async () => {
    const demo = await startDemoSite();
    cleanups.push(() => demo.close());
    const ws = await makeWorkspace({
      'dgov.yaml': `agency: Digital Agency\ncontacts: [soc@dgov.example.go.jp]\nallowPrivateNetworks: true\nsites:\n  - id: dgov\n    url: ${demo.url}\n    schedule: '0 0 1 1 *'\n`,
    });
    cleanups.push(() => ws.cleanup());
    expect((await runCli(['health'], { cwd: ws.dir })).code).toBe(1);
    const first = startDaemon(ws.dir);
    cleanups.push(async () => {
      first.child.kill('SIGKILL');
    });
    await first.waitFor((l) => l.msg === 'daemon started', 30_000);

    const second = await runCli(['run'], { cwd: ws.dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`error DAEMON_RUNNING: another defacewatch daemon (process ${first.child.pid}`);
    const health = await runCli(['health'], { cwd: ws.dir });
    expect(health.code).toBe(0);
    expect(health.stdout).toMatch(new RegExp(`^daemon process ${first.child.pid} on \\S+ is running since`, 'u'));

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const after = await runCli(['health'], { cwd: ws.dir });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('no defacewatch daemon runs');
  });

  it('never runs two checks of one site at once, and at most --concurrency pages overall', async () => {
    const perSite = [
      { now: 0, max: 0 },
      { now: 0, max: 0 },
      { now: 0, max: 0 },
    ];
    const all = { now: 0, max: 0 };
    const sites = await Promise.all(perSite.map((counter) => slowSite(2_500, counter)));
    for (const site of sites) {
      site.server.on('request', () => {
        all.now += 1;
        all.max = Math.max(all.max, all.now);
      });
      site.server.on('request', (_req, res) => res.on('finish', () => (all.now -= 1)));
      cleanups.push(() => new Promise((resolve) => site.server.close(resolve)));
    }
    // One baseline sample each: the daemon baselines these sites first, and that must not take the whole test.
    const list = sites.map((s, i) => `  - id: slow-${i}\n    url: ${s.url}\n    schedule: '* * * * * *'\n    baselineSamples: 1\n`).join('');
    const ws = await makeWorkspace({ 'slow.yaml': `agency: Slow\ncontacts: [soc@slow.example]\nallowPrivateNetworks: true\nsites:\n${list}` });
    cleanups.push(() => ws.cleanup());
    const daemon = startDaemon(ws.dir, ['--concurrency', '2']);
    cleanups.push(async () => {
      daemon.child.kill('SIGKILL');
    });

    await daemon.waitFor((l) => typeof l.msg === 'string' && l.msg.includes('still queued or running'), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(perSite.map((c) => c.max)).toEqual([1, 1, 1]);
    expect(all.max).toBeLessThanOrEqual(2);
  });
});
