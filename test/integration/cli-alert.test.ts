import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo/site.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

async function startSmtp(): Promise<{ port: number; messages: Received[]; close(): Promise<void> }> {
  const messages: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a defacement found by `check` reaches the agency by email', () => {
  let demo: DemoSite;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
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
    const first = await runCli(['check', '--json'], { cwd: workspace.dir, env });
    expect(first.code).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.to).toEqual(['soc@test.example.go.jp']);
    expect(mail!.from).toBe('defacewatch@soc.example.go.jp');
    expect(mail!.raw).toMatch(/^Subject: .*DEFACED/m);
    expect(mail!.raw).toMatch(/^Message-ID:\s+<[^>]+@[^>]+>/im);
    expect(mail!.raw).toMatch(/Content-Type: image\/png/i);

    const second = await runCli(['check', '--json'], { cwd: workspace.dir, env });
    expect(second.code).toBe(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('keeps the alert as an .eml file when no SMTP server is configured', async () => {
    const ws = await makeWorkspace({ 'dgov.yaml': agencyYaml({ 'dgov-home': demo.url }) });
    try {
      demo.setDefaced(false);
      expect((await runCli(['baseline'], { cwd: ws.dir })).code).toBe(0);
      demo.setDefaced(true);
      expect((await runCli(['check'], { cwd: ws.dir })).code).toBe(1);
      const files = await readdir(path.join(ws.dir, 'data', 'outbox'));
      expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
      const eml = await readFile(path.join(ws.dir, 'data', 'outbox', files.find((f) => f.endsWith('.eml'))!), 'utf8');
      expect(eml).toMatch(/^To: soc@test\.example\.go\.jp/m);
      expect(eml).toMatch(/^Subject: .*DEFACED/m);
    } finally {
      await ws.cleanup();
    }
  });
});
