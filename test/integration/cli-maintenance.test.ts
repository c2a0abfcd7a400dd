import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../tools/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

/*
 * An agency announces a redesign, through the real CLI in real Chromium with a real SMTP server:
 * while the window is open the new page pages nobody, a defacement with a signature on another site
 * in maintenance still pages, and once the window is over one message asks to approve the new page.
 */

const APPROVED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Central Hospital</title></head>
<body style="font-family:sans-serif;margin:40px"><h1>Central Hospital</h1><p>Outpatient hours: 8:30 to 17:00, Monday to Friday.</p>
<ul><li>Departments and clinics</li><li>Visiting hours and rules</li><li>Access by bus and train</li></ul>
<p>Emergency department open around the clock. Call 119 for an ambulance.</p></body></html>`;

const REDESIGN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Central Hospital | Caring for the city since 1952</title></head>
<body style="font-family:Georgia,serif;margin:0;background:#eef4f8"><header style="background:#0d5c63;color:#fff;padding:30px 60px">
<h1 style="margin:0">Central Hospital</h1><p>Caring for the city since 1952</p></header>
<main style="padding:30px 60px;display:grid;grid-template-columns:1fr 1fr;gap:40px">
<section><h2>Find a doctor</h2><p>Search our specialists by name, department or condition, and book an appointment online.</p></section>
<section><h2>Patients and visitors</h2><p>Plan your visit: parking, wards, the cafeteria and the pharmacy on the ground floor.</p></section>
<section><h2>News</h2><p>The new maternity wing opens in spring, with twelve family rooms.</p></section>
<section><h2>Careers</h2><p>Nurses, technicians and volunteers: join a team of 1,400 people.</p></section>
</main></body></html>`;

interface StatusLine {
  site: string;
  lastVerdict?: string;
  incident?: { id: string };
  maintenance?: { from: string; until: string; reason: string };
  awaitingApproval?: { askedAt: string; reason: string };
}

describe('maintenance windows through the CLI', () => {
  let demo: DemoSite;
  let hospital: FixtureServer;
  let smtp: TestSmtp;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let env: NodeJS.ProcessEnv;
  let page = APPROVED;
  const cli = (args: string[]) => runCli(args, { cwd: workspace.dir, env, timeoutMs: 180_000 });
  const subjects = () => smtp.messages.map((mail) => mail.parsed.subject ?? '');
  const statuses = async () =>
    (await cli(['status', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as StatusLine);

  beforeAll(async () => {
    demo = await startDemoSite();
    hospital = await startFixtureServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    smtp = await startSmtp();
    workspace = await makeWorkspace({ 'city.yaml': agencyYaml({ hospital: hospital.url('/'), ministry: demo.url }) });
    env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp', DEFACEWATCH_CONFIG: '' };
    const baseline = await cli(['baseline']);
    expect(baseline.code, baseline.stderr).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
    await hospital?.close();
    await smtp?.close();
    await workspace?.cleanup();
  });

  it('starts windows by hand, with who and why, and shows them in status and the list', async () => {
    for (const site of ['hospital', 'ministry']) {
      const started = await cli(['maintenance', site, '--for', '2h', '--reason', 'redesign announced by the city', '--by', 'tanaka']);
      expect(started.code, started.stderr).toBe(0);
      expect(started.stdout).toMatch(new RegExp(`^${site}: in maintenance until \\S+Z \\(redesign announced by the city\\)`, 'u'));
    }
    const listed = (await cli(['maintenance', '--list', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(listed).toEqual([
      expect.objectContaining({ site: 'hospital', inEffect: true, source: 'command', by: 'tanaka', reason: 'redesign announced by the city' }),
      expect.objectContaining({ site: 'ministry', inEffect: true, source: 'command', by: 'tanaka' }),
    ]);
    const [hospitalStatus] = await statuses();
    expect(hospitalStatus?.maintenance).toEqual({ from: listed[0]!.from, until: listed[0]!.until, reason: 'redesign announced by the city' });
    expect((await cli(['status'])).stdout).toMatch(/^hospital\tnever checked\t-\t-\tin maintenance until \S+Z \(redesign announced by the city\)$/mu);
  }, 180_000);

  it('in a window, the new page pages nobody, and a defacement with a signature still pages', async () => {
    page = REDESIGN;
    demo.setDefaced(true);
    const run = await cli(['check', '--alert', '--json']);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { site: string; verdict: string });
    // The checks still run and say what they saw: the redesign is far from the baseline.
    expect(lines.find((line) => line.site === 'hospital')?.verdict).toMatch(/^(changed|defaced)$/u);
    expect(lines.find((line) => line.site === 'ministry')?.verdict).toBe('defaced');
    expect(subjects()).toEqual([expect.stringMatching(/^\[DEFACED\] Test Ministry — ministry — /u)]);

    const [hospitalStatus, ministryStatus] = await statuses();
    expect(hospitalStatus).toMatchObject({
      lastVerdict: lines.find((line) => line.site === 'hospital')!.verdict,
      maintenance: { reason: 'redesign announced by the city' },
    });
    expect(hospitalStatus?.incident).toBeUndefined();
    expect(ministryStatus?.incident?.id).toMatch(/^ministry-/u);
  }, 240_000);

  it('after the window, one message asks the agency to approve the new page, with the evidence', async () => {
    const ended = await cli(['maintenance', '--end', 'hospital', '--by', 'sato']);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toMatch(/^hospital: maintenance ended at \S+Z/u);

    expect((await cli(['check', '--alert', '--site', 'hospital'])).code).not.toBe(70);
    expect(subjects()).toEqual([expect.stringMatching(/^\[DEFACED\]/u), '[APPROVE?] Test Ministry — hospital — changed during maintenance: approve the new page']);
    const request = smtp.messages[1]!;
    expect(request.rcptTo).toEqual(['soc@test.example.go.jp']);
    expect(request.parsed.text).toContain('redesign announced by the city');
    expect(request.parsed.text).toMatch(/defacewatch approve\s+hospital\s+--reason/u);
    expect(request.raw).toMatch(/Content-Type: image\/png/iu);

    // The next checks of the unapproved page page nobody, and the request is not repeated.
    await cli(['check', '--alert', '--site', 'hospital']);
    expect(smtp.messages).toHaveLength(2);
    const [hospitalStatus] = await statuses();
    expect(hospitalStatus?.maintenance).toBeUndefined();
    expect(hospitalStatus?.awaitingApproval).toMatchObject({ reason: 'redesign announced by the city' });
    expect(hospitalStatus?.incident).toBeUndefined();

    const outbox = (await cli(['outbox', '--all', '--json'])).stdout.trim().split('\n');
    expect(outbox.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ kind: 'approval-request', site: 'hospital', status: 'delivered' }),
    );
    const audit = (await cli(['audit', '--site', 'hospital', '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit).toMatchObject([
      { actor: 'tanaka', action: 'maintenance', site: 'hospital', reason: 'redesign announced by the city' },
      { actor: 'sato', action: 'maintenance', site: 'hospital', detail: 'maintenance window ended early' },
    ]);

    // Approved: the new page is the baseline and nothing waits any more (no incident was open, so no message).
    const approved = await cli(['approve', 'hospital', '--reason', 'the city confirmed its new site', '--yes']);
    expect(approved.code, approved.stderr).toBe(0);
    expect((await statuses())[0]?.awaitingApproval).toBeUndefined();
    expect(smtp.messages).toHaveLength(2);
  }, 300_000);
});
