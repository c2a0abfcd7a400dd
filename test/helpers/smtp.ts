import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the test SMTP server accepted. */
export interface ReceivedMail {
  envelopeFrom: string;
  rcptTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  port: number;
  /** Messages accepted so far (a stalled one is not among them: its sender never got an answer). */
  messages: ReceivedMail[];
  /** Resolves when `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Raw messages whose DATA arrived but was never answered (the `stall` mode). */
  stalled: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1. With `stall`, it reads each
 * message and never answers, as a mail server that hangs mid-transaction would.
 */
export async function startSmtp(options: { port?: number; stall?: boolean } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const stalled: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (options.stall) {
          stalled.push(raw);
          return;
        }
        // keepCidLinks: the HTML as sent, with its cid: references (not inlined data URLs).
        void simpleParser(raw, { keepCidLinks: true }).then((parsed) => {
          messages.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
          });
          for (const wake of waiters.splice(0)) wake();
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    stalled,
    async waitFor(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} message(s), got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () =>
      new Promise((resolve) => {
        // Drop hung connections too, or close waits for them.
        for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) connection.close();
        server.close(() => resolve());
      }),
  };
}

/** The header value of a received mail, as text. */
export function header(mail: ReceivedMail, name: string): string {
  const value = mail.parsed.headers.get(name.toLowerCase());
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}
