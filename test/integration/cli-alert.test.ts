import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../tools/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

/** A command line as a shell splits it: words, and '…' quoted as one (the quoting the alerts use). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] === undefined ? m[2]! : m[1].replace(/'\\''/g, "'")));
}

/** The defacewatch commands of a mail's text part: the lines that are one command and nothing else. */
function commandLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.startsWith('defacewatch '));
}

describe('a defacement found by `check` reaches the agency by email', () => {
  let demo: DemoSite;
  let smtp: TestSmtp;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    demo = await startDemoSite();
    smtp = await startSmtp();
    workspace = await makeWorkspace({ 'dgov.yaml': agencyYaml({ 'dgov-home': demo.url }) });
    env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp' };
    expect((await runCli(['baseline'], { cwd: workspace.dir, env })).code).toBe(0);
  });

  afterAll(async () => {
    await demo.close();
    await smtp.close();
    await workspace.cleanup();
  });

  it('sends exactly one email with the evidence when the site turns defaced, none for the next check', async () => {
    demo.setDefaced(true);
    const first = await runCli(['check', '--alert', '--json'], { cwd: workspace.dir, env });
    expect(first.code).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.rcptTo).toEqual(['soc@test.example.go.jp']);
    expect(mail!.envelopeFrom).toBe('defacewatch@soc.example.go.jp');
    expect(mail!.raw).toMatch(/^Subject: .*DEFACED/m);
    expect(mail!.raw).toMatch(/^Message-ID:\s+<[^>]+@[^>]+>/im);
    expect(mail!.raw).toMatch(/Content-Type: image\/png/i);

    const second = await runCli(['check', '--alert', '--json'], { cwd: workspace.dir, env });
    expect(second.code).toBe(1);
    expect(smtp.messages).toHaveLength(1);

    // The commands of the mail, each on its own line, run as written where the checks ran.
    const commands = commandLines(mail!.parsed.text ?? '');
    expect(commands).toEqual(['defacewatch ack dgov-home', "defacewatch approve dgov-home --reason 'the agency confirmed the change'"]);
    const ack = await runCli(shellWords(commands[0]!).slice(1), { cwd: workspace.dir, env });
    expect(ack.code, ack.stderr).toBe(0);
    expect(ack.stdout).toMatch(/^dgov-home: incident dgov-home-\S+ acknowledged/m);
    // Three CLI runs with OCR of the defaced page: room for a busy machine, like the tests below.
  }, 150_000);

  it('keeps the alert as an .eml file when no SMTP server is configured, with commands that name its folders', async () => {
    const ws = await makeWorkspace({ 'dgov.yaml': agencyYaml({ 'dgov-home': demo.url }) });
    const data = ['--data', 'state', '--baselines', 'approved pages'];
    try {
      demo.setDefaced(false);
      expect((await runCli(['baseline', ...data], { cwd: ws.dir })).code).toBe(0);
      demo.setDefaced(true);
      expect((await runCli(['check', '--alert', ...data], { cwd: ws.dir })).code).toBe(1);
      const files = await readdir(path.join(ws.dir, 'state', 'outbox'));
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
      const eml = await readFile(
        path.join(
          ws.dir,
          'state',
          'outbox',
          files.find((f) => f.endsWith('.eml'))!,
        ),
        'utf8',
      );
      expect(eml).toMatch(/^To: soc@test\.example\.go\.jp/m);
      expect(eml).toMatch(/^Subject: .*DEFACED/m);
      const text = (await simpleParser(eml)).text ?? '';
      const [ack, approve] = commandLines(text);
      expect(ack).toBe("defacewatch ack dgov-home --baselines 'approved pages' --data state");
      expect(approve).toBe("defacewatch approve dgov-home --baselines 'approved pages' --data state --reason 'the agency confirmed the change'");
      const run = await runCli(shellWords(ack!).slice(1), { cwd: ws.dir });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await ws.cleanup();
    }
  }, 120_000);
});

describe('defacewatch test-alert', () => {
  it('sends one sample alert to the agency and exits 0, or exits 4 and keeps it when the mail server is down', async () => {
    const smtp = await startSmtp();
    const ws = await makeWorkspace({ 'moh.yaml': agencyYaml({ 'moh-home': 'http://127.0.0.1:9/' }) });
    try {
      const env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp' };
      const sent = await runCli(['test-alert', '--agency', 'moh'], { cwd: ws.dir, env });
      expect(sent.code).toBe(0);
      expect(sent.stdout).toMatch(/^email\tdelivered\t<[^>]+>$/m);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.parsed.subject).toMatch(/^\[TEST\] Test Ministry/);

      const dry = await runCli(['test-alert', '--agency', 'Test Ministry', '--dry-run'], { cwd: ws.dir, env });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^email\tdry-run\t/m);
      expect(smtp.messages).toHaveLength(1);

      await smtp.close();
      const down = await runCli(['test-alert', '--agency', 'moh'], { cwd: ws.dir, env });
      expect(down.code).toBe(4);
      expect(down.stdout).toMatch(/^email\tfailed\t/m);
      const pending = await runCli(['outbox', '--json'], { cwd: ws.dir, env });
      expect(
        pending.stdout
          .trim()
          .split('\n')
          .map((line): unknown => JSON.parse(line)),
      ).toEqual([expect.objectContaining({ kind: 'test', status: 'pending', sink: 'email' })]);

      const unknown = await runCli(['test-alert', '--agency', 'nope'], { cwd: ws.dir, env });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/--agency nope: no agency has this name or file \(known: "Test Ministry" \(moh\.yaml\)\)/);
    } finally {
      await smtp.close().catch(() => undefined);
      await ws.cleanup();
    }
  }, 120_000);
});
