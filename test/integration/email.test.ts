/**
 * The mail sinks against a real SMTP server (smtp-server on 127.0.0.1) and a real file system.
 * Messages are read back with a small MIME reader below, the way a mail client would.
 */

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { createEmailSink, smtpSettingsFromEnv } from '../../src/sinks/email.js';
import { createEmlFileSink, outboxDir } from '../../src/sinks/eml-file.js';
import { mailSinkFromEnv } from '../../src/sinks/from-env.js';
import { messageIdFor } from '../../src/sinks/mail-message.js';
import type { Alert } from '../../src/sinks/types.js';

// ---- a real SMTP server that keeps what it receives ----------------------------------------

interface Received {
  from: string;
  to: string[];
  raw: string;
  auth?: { user: string; pass: string };
}

let server: SMTPServer;
let port: number;
let received: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, session, callback) {
      (session as unknown as { creds: Received['auth'] }).creds = { user: auth.username ?? '', pass: auth.password ?? '' };
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('latin1'),
          ...((session as unknown as { creds?: Received['auth'] }).creds ? { auth: (session as unknown as { creds: Received['auth'] }).creds } : {}),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---- fixtures ------------------------------------------------------------------------------

// A valid 1×1 PNG per image, each a different colour so the parts can be told apart.
const PNG = {
  actual: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
  diff: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  expected: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
};

let dir: string;

beforeEach(async () => {
  received = [];
  dir = await mkdtemp(join(tmpdir(), 'defacewatch-email-'));
  await writeFile(join(dir, 'moh-home-actual.png'), PNG.actual);
  await writeFile(join(dir, 'moh-home-diff.png'), PNG.diff);
  await writeFile(join(dir, 'moh-home-expected.png'), PNG.expected);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'moh-home-2025-03-01T12:04:05.000Z',
    kind: 'defaced',
    agency: { name: 'Ministry of Health', contacts: ['soc@moh.example', 'ciso@moh.example'], timezone: 'Asia/Tokyo' },
    result: {
      site: 'moh-home',
      url: 'https://www.moh.example/',
      verdict: 'defaced',
      score: 0.97,
      signals: [{ detector: 'phrases', score: 0.95, summary: 'defacer phrase "hacked by" added', evidence: {} }],
      reason: 'Title now says <script>alert(1)</script>',
      checkedAt: '2025-03-01T12:04:05.000Z',
      durationMs: 900,
    },
    evidence: {
      actualPng: join(dir, 'moh-home-actual.png'),
      diffPng: join(dir, 'moh-home-diff.png'),
      baselinePng: join(dir, 'moh-home-expected.png'),
    },
    page: { title: 'Hacked', finalUrl: 'https://www.moh.example/' },
    ...overrides,
  };
}

const FROM = 'Defacewatch <alerts@cert.example>';
const SUBJECT = '[DEFACED] Ministry of Health — moh-home — Title now says <script>alert(1)</script> (score 0.97)';

function smtpEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DEFACEWATCH_SMTP_URL: `smtp://alerts@127.0.0.1:${port}`,
    DEFACEWATCH_SMTP_PASSWORD: 'hunter2',
    DEFACEWATCH_SMTP_FROM: FROM,
    ...overrides,
  };
}

async function closedPort(): Promise<number> {
  const probe = new SMTPServer({ logger: false });
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const free = (probe.server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

async function caught(promise: Promise<unknown>): Promise<DefacewatchError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DefacewatchError);
    return err as DefacewatchError;
  }
  throw new Error('expected the send to fail');
}

// ---- a small MIME reader (RFC 2045/2046/2047), enough for what nodemailer writes -------------

interface MimePart {
  headers: Map<string, string>;
  body: Buffer;
  parts: MimePart[];
}

function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const rawBody = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const key = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
    }
  }
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = rawBody.split(`--${boundary}`);
    const parts = sections.slice(1, -1).map((section) => parseMime(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    return { headers, body: Buffer.alloc(0), parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  return { headers, body: decodeBody(rawBody, encoding), parts: [] };
}

function decodeBody(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return Buffer.from(body, 'latin1');
}

function decodeQuotedPrintable(body: string): Buffer {
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(soft.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

function decodeHeader(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

function leaf(message: MimePart, type: string): MimePart {
  const found = leaves(message).find((p) => (p.headers.get('content-type') ?? '').toLowerCase().startsWith(type));
  if (!found) throw new Error(`no ${type} part`);
  return found;
}

function inlineImages(message: MimePart): Map<string, Buffer> {
  const images = new Map<string, Buffer>();
  for (const part of leaves(message)) {
    if (!(part.headers.get('content-type') ?? '').startsWith('image/png')) continue;
    expect(part.headers.get('content-disposition') ?? '').toMatch(/^inline/);
    images.set(part.headers.get('content-id') ?? '', part.body);
  }
  return images;
}

/** What a person would check in the delivered message. */
function expectTheAlertMessage(raw: string): MimePart {
  const message = parseMime(raw);
  expect(decodeHeader(message.headers.get('subject') ?? '')).toBe(SUBJECT);
  expect(decodeHeader(message.headers.get('from') ?? '')).toBe(FROM);
  expect(message.headers.get('to')).toBe('soc@moh.example, ciso@moh.example');
  expect(message.headers.get('message-id')).toBe(messageIdFor('moh-home-2025-03-01T12:04:05.000Z', FROM));
  expect(message.headers.get('auto-submitted')).toBe('auto-generated');

  const html = leaf(message, 'text/html').body.toString('utf8');
  expect(html).toContain('Title now says &lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).not.toMatch(/<script/i);
  for (const cid of ['actual', 'diff', 'expected']) expect(html).toContain(`src="cid:${cid}@defacewatch"`);
  const text = leaf(message, 'text/plain').body.toString('utf8');
  expect(text).toContain('defacewatch approve moh-home');
  expect(text).toContain('2025-03-01 21:04:05 UTC+09:00 (Asia/Tokyo)');

  const images = inlineImages(message);
  expect([...images.keys()].sort()).toEqual(['<actual@defacewatch>', '<diff@defacewatch>', '<expected@defacewatch>']);
  expect(images.get('<actual@defacewatch>')).toEqual(PNG.actual);
  expect(images.get('<diff@defacewatch>')).toEqual(PNG.diff);
  expect(images.get('<expected@defacewatch>')).toEqual(PNG.expected);
  return message;
}

// ---- the tests -----------------------------------------------------------------------------

describe('email sink', () => {
  it('delivers exactly one message to the contacts, with subject, From, Message-ID and inline images', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    const receipt = await sink.send(alert());

    expect(receipt).toEqual({
      sink: 'email',
      delivered: true,
      detail: messageIdFor('moh-home-2025-03-01T12:04:05.000Z', FROM),
    });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.from).toBe('alerts@cert.example');
    expect(mail?.to).toEqual(['soc@moh.example', 'ciso@moh.example']);
    expect(mail?.auth).toEqual({ user: 'alerts', pass: 'hunter2' });
    expectTheAlertMessage(mail?.raw ?? '');
  });

  it('sends a retried alert with the same Message-ID', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    await sink.send(alert());
    await sink.send(alert());
    const ids = received.map((m) => parseMime(m.raw).headers.get('message-id'));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('still sends the alert when an evidence image is gone', async () => {
    await rm(join(dir, 'moh-home-diff.png'));
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    await sink.send(alert());
    expect(received).toHaveLength(1);
    const message = parseMime(received[0]?.raw ?? '');
    expect([...inlineImages(message).keys()].sort()).toEqual(['<actual@defacewatch>', '<expected@defacewatch>']);
    expect(leaf(message, 'text/html').body.toString('utf8')).not.toContain('cid:diff@defacewatch');
  });

  it('fails with ALERT_FAILED, the cause and no password when the server is not there', async () => {
    const wrongPort = await closedPort();
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv({ DEFACEWATCH_SMTP_URL: `smtp://alerts@127.0.0.1:${wrongPort}` }))! });
    const error = await caught(sink.send(alert()));
    expect(error.code).toBe('ALERT_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('moh-home');
    expect(error.message).toContain(`127.0.0.1:${wrongPort}`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain('ECONNREFUSED');
    expect(`${error.message} ${error.hint}`).not.toContain('hunter2');
  });

  it('sends nothing on a dry run', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    const receipt = await sink.send(alert(), { dryRun: true });
    expect(receipt.delivered).toBe(false);
    expect(receipt.detail).toContain('dry run');
    expect(received).toHaveLength(0);
  });

  it('sends nothing once cancelled, and says so', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    const error = await caught(sink.send(alert(), { signal: AbortSignal.abort() }));
    expect(error.code).toBe('ALERT_FAILED');
    expect(received).toHaveLength(0);
  });

  it('refuses an agency without contacts', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    const base = alert();
    const error = await caught(sink.send({ ...base, agency: { ...base.agency, contacts: [] } }));
    expect(error.code).toBe('ALERT_FAILED');
    expect(received).toHaveLength(0);
  });
});

describe('eml-file sink', () => {
  it('writes the message as a parseable .eml file and leaves no temporary file', async () => {
    const sink = createEmlFileSink({ dataDir: dir, from: FROM });
    const receipt = await sink.send(alert());

    expect(receipt.sink).toBe('eml-file');
    expect(receipt.delivered).toBe(true);
    expect(receipt.detail.startsWith(outboxDir(dir))).toBe(true);
    expect(receipt.detail.endsWith('.eml')).toBe(true);
    expect(await readdir(outboxDir(dir))).toEqual([receipt.detail.slice(outboxDir(dir).length + 1)]);

    const raw = (await readFile(receipt.detail)).toString('latin1');
    // RFC 5322 §2.1: every line ends in CRLF.
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(parseMime(raw).headers.get('date')).toMatch(/\d{4} \d\d:\d\d:\d\d [+-]\d{4}$/);
    expectTheAlertMessage(raw);
  });

  it('keeps the alert of an agency without contacts', async () => {
    const sink = createEmlFileSink({ dataDir: dir, from: FROM });
    const base = alert();
    const receipt = await sink.send({ ...base, agency: { ...base.agency, contacts: [] } });
    const message = parseMime((await readFile(receipt.detail)).toString('latin1'));
    expect(message.headers.has('to')).toBe(false);
    expect(decodeHeader(message.headers.get('subject') ?? '')).toBe(SUBJECT);
  });

  it('replaces the file when the same alert is written again', async () => {
    const sink = createEmlFileSink({ dataDir: dir, from: FROM });
    const first = await sink.send(alert());
    const second = await sink.send(alert());
    expect(second.detail).toBe(first.detail);
    expect(await readdir(outboxDir(dir))).toHaveLength(1);
  });

  it('writes nothing on a dry run', async () => {
    const sink = createEmlFileSink({ dataDir: dir, from: FROM });
    const receipt = await sink.send(alert(), { dryRun: true });
    expect(receipt.delivered).toBe(false);
    await expect(readdir(outboxDir(dir))).rejects.toThrow(/ENOENT/);
  });

  it('fails with ALERT_FAILED when the outbox cannot be written', async () => {
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const sink = createEmlFileSink({ dataDir: join(dir, 'not-a-dir') });
    const error = await caught(sink.send(alert()));
    expect(error.code).toBe('ALERT_FAILED');
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('mailSinkFromEnv', () => {
  it('emails when an SMTP URL is set', async () => {
    const sink = mailSinkFromEnv(smtpEnv(), { dataDir: dir });
    expect(sink.name).toBe('email');
    await sink.send(alert());
    expect(received).toHaveLength(1);
  });

  it('writes .eml files when no SMTP URL is set', async () => {
    const sink = mailSinkFromEnv({ DEFACEWATCH_SMTP_FROM: FROM }, { dataDir: dir });
    expect(sink.name).toBe('eml-file');
    const receipt = await sink.send(alert());
    expectTheAlertMessage((await readFile(receipt.detail)).toString('latin1'));
  });

  it('reads the variables an agency names', async () => {
    const env = { MOH_SMTP_URL: `smtp://moh@127.0.0.1:${port}`, MOH_SMTP_PASSWORD: 'moh-pass', MOH_SMTP_FROM: FROM };
    const sink = mailSinkFromEnv(env, {
      dataDir: dir,
      names: { urlVar: 'MOH_SMTP_URL', passwordVar: 'MOH_SMTP_PASSWORD', fromVar: 'MOH_SMTP_FROM' },
    });
    await sink.send(alert());
    expect(received[0]?.auth).toEqual({ user: 'moh', pass: 'moh-pass' });
  });

  it('keeps a failed email as a file and still throws ALERT_FAILED', async () => {
    const wrongPort = await closedPort();
    const sink = mailSinkFromEnv(smtpEnv({ DEFACEWATCH_SMTP_URL: `smtp://alerts@127.0.0.1:${wrongPort}` }), { dataDir: dir });
    const error = await caught(sink.send(alert()));
    expect(error.code).toBe('ALERT_FAILED');
    const files = await readdir(outboxDir(dir));
    expect(files).toHaveLength(1);
    expect(error.hint).toContain(join(outboxDir(dir), files[0] ?? ''));
    expectTheAlertMessage((await readFile(join(outboxDir(dir), files[0] ?? ''))).toString('latin1'));
  });
});
