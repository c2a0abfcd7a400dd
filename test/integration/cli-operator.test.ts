import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../tools/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

/*
 * An operator's night, through the real CLI in real Chromium with a real SMTP server: a look that
 * changes nothing, a check that pages, then finding what is open, acknowledging it, approving the new
 * page with a reason, and reading later who did what.
 */

interface StatusLine {
  site: string;
  lastVerdict?: string;
  incident?: { id: string; acknowledgedAt?: string };
}

describe('operating by hand', () => {
  let demo: DemoSite;
  let smtp: TestSmtp;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[]) => runCli(args, { cwd: workspace.dir, env, timeoutMs: 120_000 });

  beforeAll(async () => {
    demo = await startDemoSite();
    smtp = await startSmtp();
    workspace = await makeWorkspace({ 'dgov.yaml': agencyYaml({ 'dgov-home': demo.url }) });
    env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp' };
    expect((await cli(['baseline'])).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
    await smtp?.close();
    await workspace?.cleanup();
  });

  it('a plain check only looks: it says so, pages nobody and opens no incident', async () => {
    demo.setDefaced(true);
    const look = await cli(['check', '--json']);
    expect(look.code).toBe(1);
    expect(JSON.parse(look.stdout.trim())).toMatchObject({ site: 'dgov-home', verdict: 'defaced' });
    expect(look.stderr).toMatch(/only looked: no alert sent, no incident opened or closed \(add --alert/u);
    expect(smtp.messages).toHaveLength(0);
    const status = JSON.parse((await cli(['status', '--json'])).stdout.trim()) as StatusLine;
    expect(status.incident).toBeUndefined();
  }, 120_000);

  it('check --alert pages once, and status and incidents show what is open', async () => {
    const paged = await cli(['check', '--alert', '--json']);
    expect(paged.code).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const status = JSON.parse((await cli(['status', '--json'])).stdout.trim()) as StatusLine;
    expect(status).toMatchObject({ site: 'dgov-home', lastVerdict: 'defaced', incident: { id: expect.stringMatching(/^dgov-home-/u) } });
    const open = (await cli(['incidents', '--open', '--json'])).stdout.trim().split('\n');
    expect(open).toHaveLength(1);
    expect(JSON.parse(open[0]!)).toMatchObject({ id: status.incident!.id, status: 'open', site: 'dgov-home' });
    const table = await cli(['status']);
    expect(table.stdout).toMatch(new RegExp(`^dgov-home\\tdefaced\\t\\S+\\t${status.incident!.id} \\(open\\)`, 'mu'));
  }, 120_000);

  it('acknowledge, then approve with a reason, leave an audit trail and a timeline', async () => {
    const ack = await cli(['ack', 'dgov-home', '--by', 'tanaka']);
    expect(ack.code).toBe(0);

    const noReason = await cli(['approve', 'dgov-home', '--yes']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/--reason/u);

    const approved = await cli(['approve', 'dgov-home', '--reason', 'agency confirmed the new page by phone', '--yes', '--by', 'sato']);
    expect(approved.code, approved.stderr).toBe(0);
    // What became the baseline is shown: the capture's time, its title and the last verdict.
    expect(approved.stdout).toMatch(/the capture of \S+ becomes the baseline/u);
    expect(approved.stdout).toMatch(/last check: +defaced/u);
    expect(smtp.messages.map((m) => /^Subject: (.*)$/mu.exec(m.raw)?.[1])).toEqual([expect.stringMatching(/DEFACED/u), expect.stringMatching(/APPROVED/u)]);

    const audit = (await cli(['audit', '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit).toMatchObject([
      { actor: 'tanaka', action: 'acknowledge', site: 'dgov-home' },
      { actor: 'sato', action: 'approve', site: 'dgov-home', reason: 'agency confirmed the new page by phone' },
    ]);

    const id = audit[0]!.incident as string;
    const shown = JSON.parse((await cli(['incidents', 'show', id, '--json'])).stdout) as { incident: { status: string }; timeline: { what: string; actor?: string }[] };
    expect(shown.incident.status).toBe('approved');
    const story = shown.timeline.map((e) => `${e.actor ?? ''}|${e.what}`);
    expect(story[0]).toMatch(/^\|opened: defaced/u);
    expect(story).toContainEqual(expect.stringMatching(/^\|defaced alert delivered by email/u));
    expect(story).toContainEqual('tanaka|acknowledge');
    expect(story).toContainEqual(expect.stringMatching(/^sato\|approve: agency confirmed the new page by phone/u));
    const closed = story.findIndex((line) => line.endsWith('closed as approved'));
    expect(closed).toBeGreaterThan(story.findIndex((line) => line.startsWith('sato|approve')));
    expect(story.findIndex((line) => /^\|approved alert delivered by email/u.test(line))).toBeGreaterThan(closed);
  }, 180_000);

  it('refuses to approve while a check of the site is running in another process', async () => {
    // The approved page is the defaced one now; the agency puts its page back, and a look keeps that capture.
    demo.setDefaced(false);
    const look = await cli(['check', '--json']);
    expect(JSON.parse(look.stdout.trim())).toMatchObject({ verdict: expect.stringMatching(/^(changed|defaced)$/u) });
    // The daemon's check in progress, as it records itself: a row naming a live process.
    const daemon = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const db = new Database(path.join(workspace.dir, 'data', 'defacewatch.db'));
    try {
      db.prepare('INSERT INTO running_checks (site, pid, host, started_at) VALUES (?, ?, ?, ?)').run(
        'dgov-home',
        daemon.pid,
        (await import('node:os')).hostname(),
        new Date().toISOString(),
      );
      const refused = await cli(['approve', 'dgov-home', '--reason', 'new banner', '--yes']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/error SITE_BUSY: dgov-home: a check started at/u);
    } finally {
      daemon.kill('SIGKILL');
      db.close();
    }
    // Once that process is gone, its row no longer blocks.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await cli(['approve', 'dgov-home', '--reason', 'new banner', '--yes'])).code).toBe(0);
  }, 180_000);

  it('names the unknown site and exits 2 everywhere', async () => {
    for (const args of [
      ['status', '--site', 'nope'],
      ['incidents', '--site', 'nope'],
      ['ack', 'nope'],
      ['approve', 'nope', '--reason', 'x', '--yes'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/nope/u);
    }
  }, 120_000);
});
