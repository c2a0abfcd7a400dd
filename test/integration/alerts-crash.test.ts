import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defacedPage, normalPage } from '../../tools/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { startSmtp } from '../helpers/smtp.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('an alert written to the outbox survives the daemon being killed', () => {
  it('is delivered after a restart, with the same Message-ID, exactly once per recipient', async () => {
    const site = await startFixtureServer({ '/': normalPage() });
    cleanups.push(() => site.close());
    // The mail server takes the message and never answers: the daemon is killed mid-send.
    const hung = await startSmtp({ stall: true });
    const port = hung.port;
    const every2s = agencyYaml({ 'moh-home': site.url('/') }).replace(/url: (.*)\n/, "url: $1\n    schedule: '*/2 * * * * *'\n");
    const workspace = await makeWorkspace({ 'moh.yaml': every2s });
    cleanups.push(() => workspace.cleanup());
    await writeFile(path.join(workspace.dir, 'defacewatch.yaml'), 'onCall: [oncall@cert.example]\ndelivery:\n  retryBaseSeconds: 0.2\n');
    const env = { DEFACEWATCH_SMTP_URL: `smtp://127.0.0.1:${port}`, DEFACEWATCH_SMTP_FROM: 'defacewatch@soc.example.go.jp' };
    expect((await runCli(['baseline'], { cwd: workspace.dir, env })).code).toBe(0);

    site.setRoute('/', defacedPage());
    const first = startDaemon(workspace.dir, [], env);
    await first.waitFor((line) => line.msg === 'moh-home: defaced', 90_000);
    // The message reached the mail server, which has not answered: the alert is mid-send.
    const deadline = Date.now() + 30_000;
    while (hung.stalled.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hung.stalled).toHaveLength(1);
    const firstMessageId = /^Message-ID:\s*(<[^>]+>)/im.exec(hung.stalled[0]!)?.[1];
    expect(firstMessageId).toBeDefined();
    first.child.kill('SIGKILL');
    await first.exited;
    await hung.close();

    const pending = await runCli(['outbox', '--json'], { cwd: workspace.dir, env });
    const [line] = pending.stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as { alert: string; kind: string; status: string });
    expect(line).toMatchObject({ kind: 'defaced', status: 'pending' });

    const smtp = await startSmtp({ port });
    cleanups.push(() => smtp.close());
    const second = startDaemon(workspace.dir, [], env);
    await smtp.waitFor(1, 60_000);
    await second.waitFor((l) => l.msg === 'moh-home: defaced', 60_000);
    // A few more defaced checks and worker rounds: nothing else may go out.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.parsed.subject).toMatch(/^\[DEFACED\]/);
    expect(mail.rcptTo.sort()).toEqual(['oncall@cert.example', 'soc@test.example.go.jp']);
    expect(mail.parsed.messageId).toBe(firstMessageId);
    expect(mail.raw).toContain(line!.alert);
    expect((await runCli(['outbox'], { cwd: workspace.dir, env })).stdout).toBe('');
  }, 300_000);
});
