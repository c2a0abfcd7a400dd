/**
 * The mail sinks against a real SMTP server (smtp-server on 127.0.0.1) and a real file system, with
 * realistic evidence pictures (the sample alert's). Messages are read back with a small MIME reader
 * below, the way a mail client would.
 */

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import sharp from 'sharp';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { createEmailSink, smtpSettingsFromEnv } from '../../src/sinks/email.js';
import { createEmlFileSink, outboxDir } from '../../src/sinks/eml-file.js';
import { messageIdFor } from '../../src/sinks/mail-message.js';
import { sampleAlert } from '../../src/sinks/sample-alert.js';
import type { DigestAlert, SiteAlert } from '../../src/sinks/types.js';

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
        const creds = (session as unknown as { creds?: Received['auth'] }).creds;
        received.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('latin1'),
          ...(creds ? { auth: creds } : {}),
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

const AGENCY = { name: 'Ministry of Health', contacts: ['soc@moh.example', 'ciso@moh.example'], timezone: 'Asia/Tokyo' };
const NOW = new Date('2025-03-01T12:04:09.000Z');
/** What an attacker put in the page title. */
const TITLE = '<script>alert(1)</script><img src=x onerror=alert(2)>"><b>pwned</b>';
const FROM = 'Defacewatch <alerts@cert.example>';

let evidenceDir: string;
let dir: string;
let sample: SiteAlert;

beforeAll(async () => {
  // Drawn once: the pictures are only read.
  evidenceDir = await mkdtemp(join(tmpdir(), 'defacewatch-email-evidence-'));
  sample = await sampleAlert(AGENCY, NOW, evidenceDir, { kind: 'defaced', site: 'moh-home' });
});

afterAll(async () => {
  await rm(evidenceDir, { recursive: true, force: true });
});

beforeEach(async () => {
  received = [];
  dir = await mkdtemp(join(tmpdir(), 'defacewatch-email-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function alert(overrides: Partial<SiteAlert> = {}): SiteAlert {
  return { ...sample, page: { title: TITLE, finalUrl: sample.result.url }, ...overrides };
}

const SUBJECT = '[DEFACED] Ministry of Health — moh-home — flag, defacer message and slogan detected, page replaced (score 0.99)';

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
      kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
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

/** Parts shown inline by Content-ID, as a mail client resolves `cid:` references. */
function inlineParts(message: MimePart): Map<string, MimePart> {
  const parts = new Map<string, MimePart>();
  for (const part of leaves(message)) {
    const id = part.headers.get('content-id');
    if (id) parts.set(id.replace(/^<|>$/g, ''), part);
  }
  return parts;
}

/** Parts offered for download, by file name. */
function attachedFiles(message: MimePart): Map<string, MimePart> {
  const files = new Map<string, MimePart>();
  for (const part of leaves(message)) {
    const disposition = part.headers.get('content-disposition') ?? '';
    const name = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    if (disposition.startsWith('attachment') && name) files.set(name, part);
  }
  return files;
}

/** What a person would check in the delivered message. */
async function expectTheAlertMessage(raw: string): Promise<MimePart> {
  const message = parseMime(raw);
  expect(decodeHeader(message.headers.get('subject') ?? '')).toBe(SUBJECT);
  expect(decodeHeader(message.headers.get('from') ?? '')).toBe(FROM);
  expect(message.headers.get('to')).toBe('soc@moh.example, ciso@moh.example');
  expect(message.headers.get('message-id')).toBe(messageIdFor(sample.id, FROM));
  expect(message.headers.get('auto-submitted')).toBe('auto-generated');
  expect(message.headers.get('x-priority')).toMatch(/^1\b/);
  expect(message.headers.get('x-defacewatch-alert-id')).toBe(sample.id);
  expect(message.headers.get('x-defacewatch-kind')).toBe('defaced');
  expect(message.headers.get('x-defacewatch-site')).toBe('moh-home');
  expect(message.headers.get('x-defacewatch-incident')).toBe(sample.incident?.id);
  expect(message.headers.get('references')).toMatch(/^<incident\.moh-home-\S+@cert\.example>$/);

  // The page title is text in the HTML part, never markup.
  const html = leaf(message, 'text/html').body.toString('utf8');
  const $ = cheerio.load(html);
  expect($('body').text()).toContain(TITLE);
  expect($('script, b, iframe').length).toBe(0);

  // Three cropped pictures inline, each referenced by the HTML and no wider than the layout.
  const srcs = $('img')
    .map((_, el) => $(el).attr('src'))
    .get();
  expect(srcs).toHaveLength(3);
  const inline = inlineParts(message);
  expect(inline.size).toBe(3);
  for (const src of srcs) {
    const part = inline.get(src.replace(/^cid:/, ''));
    expect(part, src).toBeDefined();
    expect(part!.headers.get('content-disposition')).toMatch(/^inline/);
    const meta = await sharp(part!.body).metadata();
    expect(meta.width).toBeLessThanOrEqual(640);
    expect(part!.body.length).toBeLessThanOrEqual(200_000);
  }

  // The full pages attached as files, byte for byte.
  const files = attachedFiles(message);
  expect([...files.keys()]).toEqual(['moh-home-current-full-page.png', 'moh-home-baseline-full-page.png', 'moh-home-diff-full-page.png']);
  expect(files.get('moh-home-current-full-page.png')!.body.equals(await readFile(sample.evidence.actualPng!))).toBe(true);
  expect(files.get('moh-home-baseline-full-page.png')!.body.equals(await readFile(sample.evidence.baselinePng!))).toBe(true);

  const text = leaf(message, 'text/plain').body.toString('utf8');
  expect(text).toContain('defacewatch approve moh-home');
  expect(text).toContain('defacewatch ack moh-home');
  expect(text).toContain('2025-03-01 21:04:05 UTC+09:00 (Asia/Tokyo)');
  return message;
}

// ---- the tests -----------------------------------------------------------------------------

describe('email sink', () => {
  it('delivers exactly one message to the contacts, with headers, three inline pictures and the full pages', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    const receipt = await sink.send(alert());

    expect(receipt).toEqual({ sink: 'email', delivered: true, detail: messageIdFor(sample.id, FROM) });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.from).toBe('alerts@cert.example');
    expect(mail?.to).toEqual(['soc@moh.example', 'ciso@moh.example']);
    expect(mail?.auth).toEqual({ user: 'alerts', pass: 'hunter2' });
    await expectTheAlertMessage(mail?.raw ?? '');
  });

  it('sends a retried alert with the same Message-ID', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    await sink.send(alert());
    await sink.send(alert());
    const ids = received.map((m) => parseMime(m.raw).headers.get('message-id'));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toBe(messageIdFor(sample.id, FROM));
  });

  it('still sends the alert when an evidence picture is gone', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    await sink.send(alert({ evidence: { ...sample.evidence, diffPng: join(dir, 'gone-diff.png') } }));
    expect(received).toHaveLength(1);
    const message = parseMime(received[0]?.raw ?? '');
    expect([...inlineParts(message).keys()].map((id) => id.split('.')[0]).sort()).toEqual(['baseline', 'current']);
    expect([...attachedFiles(message).keys()]).toEqual(['moh-home-current-full-page.png', 'moh-home-baseline-full-page.png']);
    expect(leaf(message, 'text/plain').body.toString('utf8')).toContain('The changes: the file is missing.');
  });

  it('marks an unreachable notice as low priority', async () => {
    const sink = createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! });
    const notice = alert({
      kind: 'unreachable',
      id: 'moh-home-unreachable-1',
      evidence: {},
      incident: undefined,
      unreachableSince: '2025-03-01T11:00:00.000Z',
      result: { ...sample.result, verdict: 'unreachable', score: 0, signals: [], reason: 'The site could not be loaded (CAPTURE_TIMEOUT): too slow.' },
    });
    await sink.send(notice);
    const message = parseMime(received[0]?.raw ?? '');
    expect(decodeHeader(message.headers.get('subject') ?? '')).toBe('[UNREACHABLE] Ministry of Health — moh-home — cannot be loaded for 1 h 4 min (timed out)');
    expect(message.headers.get('x-priority')).toMatch(/^5\b/);
    expect(inlineParts(message).size).toBe(0);
  });

  it('sends a digest to the agency, without pictures', async () => {
    const digest: DigestAlert = {
      id: 'digest-moh-2025-03-01',
      kind: 'digest',
      agency: AGENCY,
      createdAt: '2025-03-01T23:00:00.000Z',
      period: { from: '2025-02-28T15:00:00.000Z', to: '2025-03-01T15:00:00.000Z' },
      entries: [
        {
          site: 'moh-news',
          url: 'https://www.moh.example/news/',
          checks: 4,
          firstAt: '2025-03-01T01:00:00.000Z',
          lastAt: '2025-03-01T02:00:00.000Z',
          lastReason: 'News added.',
          maxScore: 0.2,
        },
      ],
    };
    await createEmailSink({ smtp: smtpSettingsFromEnv(smtpEnv())! }).send(digest);
    const message = parseMime(received[0]?.raw ?? '');
    expect(decodeHeader(message.headers.get('subject') ?? '')).toBe('[DIGEST] Ministry of Health — 1 site changed on 2025-03-01');
    expect(message.headers.has('x-defacewatch-site')).toBe(false);
    expect(leaves(message).map((p) => (p.headers.get('content-type') ?? '').split(';')[0])).toEqual(['text/plain', 'text/html']);
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
    const error = await caught(sink.send(alert({ agency: { ...AGENCY, contacts: [] } })));
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
    await expectTheAlertMessage(raw);
  });

  it('keeps the alert of an agency without contacts', async () => {
    const sink = createEmlFileSink({ dataDir: dir, from: FROM });
    const receipt = await sink.send(alert({ agency: { ...AGENCY, contacts: [] } }));
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
