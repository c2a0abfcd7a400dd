import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defacedPage, normalPage } from '../../tools/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { header, startSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp.js';

/**
 * The incident lifecycle as on-call staff live it, through the real CLI, real Chromium and a
 * real SMTP server: one page per defacement, silence while it lasts, one message when it ends.
 */

const HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>';
const HOSTILE_TEXT = '"><b onclick=alert(2)>HACKED BY x</b><a href="javascript:alert(3)">click</a>';

/** The demo ministry page; defaced with a title and text that try to inject markup into the alert. */
function hostileDefacement(): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return defacedPage()
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${escape(HOSTILE_TITLE)}</title>`)
    .replace(/<body([^>]*)>/, `<body$1><p style="font-size:28px">${escape(HOSTILE_TEXT)}</p>`);
}

function subjects(mails: readonly ReceivedMail[]): string[] {
  return mails.map((mail) => mail.parsed.subject ?? '');
}

describe('alerts follow the incident: defaced, silent, restored, approved', () => {
  let site: FixtureServer;
  let smtp: TestSmtp;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let env: NodeJS.ProcessEnv;
  const check = () => runCli(['check', '--alert', '--json'], { cwd: workspace.dir, env, timeoutMs: 120_000 });

  beforeAll(async () => {
    site = await startFixtureServer({ '/': normalPage() });
    smtp = await startSmtp();
    workspace = await makeWorkspace({ 'moh.yaml': agencyYaml({ 'moh-home': site.url('/') }) });
    await writeFile(path.join(workspace.dir, 'defacewatch.yaml'), 'onCall: [oncall@cert.example]\n');
    env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp' };
    expect((await runCli(['baseline'], { cwd: workspace.dir, env })).code).toBe(0);
  });

  afterAll(async () => {
    await site?.close();
    await smtp?.close();
    await workspace?.cleanup();
  });

  it('sends exactly one email with three inline pictures when the site is defaced, and none for ten more defaced checks', async () => {
    site.setRoute('/', hostileDefacement());
    expect((await check()).code).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.rcptTo.sort()).toEqual(['oncall@cert.example', 'soc@test.example.go.jp']);
    expect(mail.envelopeFrom).toBe('defacewatch@soc.example.go.jp');
    expect(mail.parsed.subject).toMatch(/^\[DEFACED\] Test Ministry — moh-home — .+ \(score \d\.\d\d\)$/);
    expect(mail.parsed.messageId).toMatch(/^<[^@>]+@soc\.example\.go\.jp>$/);
    expect(header(mail, 'auto-submitted')).toBe('auto-generated');
    const inline = mail.parsed.attachments.filter((a) => a.contentDisposition === 'inline' && a.contentType.startsWith('image/'));
    expect(inline).toHaveLength(3);
    const html = mail.parsed.html || '';
    for (const picture of inline) expect(html).toContain(`cid:${picture.cid}`);
    // The commands as run where the daemon runs, each alone on its line of the text part.
    const lines = (mail.parsed.text ?? '').split('\n').map((line) => line.trim());
    const commands = ['defacewatch ack moh-home', "defacewatch approve moh-home --reason 'the agency confirmed the change'"];
    expect(lines).toEqual(expect.arrayContaining(commands));
    const $ = load(html);
    const shown = $('div')
      .toArray()
      .map((div) => $(div).text());
    expect(shown).toEqual(expect.arrayContaining(commands));

    for (let i = 0; i < 10; i++) expect((await check()).code).toBe(1);
    expect(smtp.messages).toHaveLength(1);
  }, 600_000);

  it('shows what the attacker wrote as text, never as markup', () => {
    const mail = smtp.messages[0]!;
    const $ = load(mail.parsed.html || '');
    expect($('script, iframe, object, embed, form, b[onclick], [onerror], [onclick], a[href^="javascript:"]')).toHaveLength(0);
    expect(
      $('img')
        .toArray()
        .every((img) => ($(img).attr('src') ?? '').startsWith('cid:')),
    ).toBe(true);
    expect($.root().text()).toContain(HOSTILE_TITLE);
    expect(mail.parsed.text).toContain(HOSTILE_TITLE);
  });

  it('sends one "restored" email when the site is clean again, after two clean checks', async () => {
    site.setRoute('/', normalPage());
    expect((await check()).code).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect((await check()).code).toBe(0);
    expect(subjects(smtp.messages.slice(1))).toEqual([expect.stringMatching(/^\[RESTORED\] Test Ministry — moh-home/)]);
    // It describes the page as it is now, not the defaced one the incident opened on.
    expect(smtp.messages[1]!.parsed.text).toMatch(/Page title now:\s+Digital Agency — デジタル庁/);
    expect(smtp.messages[1]!.parsed.text).not.toContain(HOSTILE_TITLE);
    expect((await check()).code).toBe(0);
    expect(smtp.messages).toHaveLength(2);
  }, 300_000);

  it('sends one "approved" email when the operator approves a new defaced-looking page', async () => {
    site.setRoute('/', defacedPage());
    expect((await check()).code).toBe(1);
    expect(subjects(smtp.messages.slice(2))).toEqual([expect.stringMatching(/^\[DEFACED\]/)]);
    const ack = await runCli(['ack', 'moh-home'], { cwd: workspace.dir, env });
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(/^moh-home: incident moh-home-\d{8}T\d{6}Z acknowledged at .+; no more reminders$/m);
    // The agency puts its new page up; it is the capture approve promotes.
    site.setRoute('/', normalPage().replace(/<title>[^<]*<\/title>/, '<title>Digital Agency — new portal</title>'));
    expect((await check()).code).toBe(0);
    const approve = await runCli(['approve', 'moh-home', '--reason', 'the ministry confirmed the new page', '--yes'], { cwd: workspace.dir, env });
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/incident moh-home-\d{8}T\d{6}Z closed as approved/);
    expect(subjects(smtp.messages.slice(3))).toEqual([expect.stringMatching(/^\[APPROVED\] Test Ministry — moh-home/)]);
    expect(smtp.messages[3]!.parsed.text).toMatch(/Page title now:\s+Digital Agency — new portal/);
    expect(smtp.messages[3]!.parsed.text).not.toMatch(/Page title now:\s+Hacked/);
    // The approved page is the baseline now.
    expect((await check()).code).toBe(0);
    expect(smtp.messages).toHaveLength(4);
    const nothingOpen = await runCli(['ack', 'moh-home'], { cwd: workspace.dir, env });
    expect(nothingOpen.code).toBe(2);
    expect(nothingOpen.stderr).toMatch(/NO_OPEN_INCIDENT: moh-home: no incident is open/);
  }, 300_000);
});

describe('alerts survive a mail outage', () => {
  it('delivers every alert once, in order, when the SMTP server comes back', async () => {
    const site = await startFixtureServer({ '/': normalPage() });
    const first = await startSmtp();
    const port = first.port;
    await first.close(); // the mail server is down: connections are refused
    const workspace = await makeWorkspace({ 'moh.yaml': agencyYaml({ 'moh-home': site.url('/') }) });
    await writeFile(path.join(workspace.dir, 'defacewatch.yaml'), 'delivery:\n  retryBaseSeconds: 0.1\n  retryMaxMinutes: 0.01\n');
    const env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp' };
    const check = () => runCli(['check', '--alert'], { cwd: workspace.dir, env, timeoutMs: 120_000 });
    let smtp: TestSmtp | undefined;
    try {
      expect((await runCli(['baseline'], { cwd: workspace.dir, env })).code).toBe(0);
      site.setRoute('/', defacedPage());
      expect((await check()).code).toBe(1);
      site.setRoute('/', normalPage());
      await check();
      await check();
      site.setRoute('/', defacedPage());
      expect((await check()).code).toBe(1);

      const pending = await runCli(['outbox', '--json'], { cwd: workspace.dir, env });
      const lines = pending.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { kind: string; status: string; attempts: number });
      expect(lines.map((line) => [line.kind, line.status])).toEqual([
        ['defaced', 'pending'],
        ['restored', 'pending'],
        ['defaced', 'pending'],
      ]);
      expect(lines[0]!.attempts).toBeGreaterThanOrEqual(1);

      smtp = await startSmtp({ port });
      await check();
      expect(subjects(smtp.messages).map((subject) => subject.split(']')[0])).toEqual(['[DEFACED', '[RESTORED', '[DEFACED']);
      expect(new Set(smtp.messages.map((mail) => mail.parsed.messageId)).size).toBe(3);
      await check();
      expect(smtp.messages).toHaveLength(3);
      expect((await runCli(['outbox'], { cwd: workspace.dir, env })).stdout).toBe('');
    } finally {
      await site.close();
      await smtp?.close();
      await workspace.cleanup();
    }
  }, 600_000);
});

describe('a webhook receiver that fails once', () => {
  it('gets the event exactly once, signed, after answering 500 then 200', async () => {
    const { verifyWebhookSignature } = await import('../../src/sinks/webhook.js');
    const site = await startFixtureServer({ '/': normalPage() });
    const received: Array<{ body: string; headers: Record<string, string | string[] | undefined> }> = [];
    let answers = [500];
    let requests = 0;
    const receiver = await startFixtureServer({
      '/hook': (req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          requests += 1;
          const status = answers.shift() ?? 200;
          if (status === 200) received.push({ body, headers: req.headers });
          res.writeHead(status).end();
        });
      },
    });
    const workspace = await makeWorkspace({ 'moh.yaml': agencyYaml({ 'moh-home': site.url('/') }) });
    await writeFile(
      path.join(workspace.dir, 'defacewatch.yaml'),
      `delivery:\n  retryBaseSeconds: 0.1\nwebhooks:\n  - name: chatops\n    url: ${receiver.url('/hook')}\n    secretEnv: CHATOPS_SECRET\n`,
    );
    const env = { CHATOPS_SECRET: 's3cret-key' };
    try {
      expect((await runCli(['baseline'], { cwd: workspace.dir, env })).code).toBe(0);
      site.setRoute('/', defacedPage());
      for (let i = 0; i < 3; i++) expect((await runCli(['check', '--alert'], { cwd: workspace.dir, env })).code).toBe(1);
      expect(requests).toBe(2);
      expect(received).toHaveLength(1);
      const [event] = received;
      const headerOf = (name: string) => String(event!.headers[name] ?? '');
      expect(
        verifyWebhookSignature({
          secret: 's3cret-key',
          body: event!.body,
          timestamp: headerOf('x-defacewatch-timestamp'),
          signature: headerOf('x-defacewatch-signature'),
          now: new Date(),
        }),
      ).toBe(true);
      expect(JSON.parse(event!.body)).toMatchObject({ kind: 'defaced', site: { id: 'moh-home' } });
    } finally {
      answers = [];
      await site.close();
      await receiver.close();
      await workspace.cleanup();
    }
  }, 300_000);
});
