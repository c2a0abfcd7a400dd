/**
 * The file sink: with no SMTP server configured, each alert becomes an RFC 5322 `.eml` file under
 * `<dataDir>/outbox/` — byte for byte the message the email sink would send — so nothing is lost
 * and any mail client can open or forward it.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { DefacewatchError } from '../core/errors.js';
import { silentLogger, type Logger } from '../log.js';
import { alertToken, buildAlertMessage, DEFAULT_FROM } from './mail-message.js';
import { alertSite, alertSubjectLabel, type Alert, type Receipt, type SendOptions, type Sink } from './types.js';

export interface EmlFileSinkOptions {
  /** The daemon's data directory; files go to `<dataDir>/outbox/`. */
  dataDir: string;
  /** From header of the written messages; defaults to DEFAULT_FROM. */
  from?: string | undefined;
  /** Defaults to "eml-file". */
  name?: string;
  logger?: Logger;
}

/** The folder the file sink writes to. */
export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/** The file an alert is written to. One file per alert id: a retry replaces it, never duplicates it. */
export function emlPathFor(dataDir: string, alertId: string): string {
  return join(outboxDir(dataDir), `${alertToken(alertId)}.eml`);
}

/** Creates the file sink. A receipt's detail is the path of the written file. */
export function createEmlFileSink(options: EmlFileSinkOptions): Sink {
  const name = options.name ?? 'eml-file';
  const from = options.from ?? DEFAULT_FROM;
  const dir = outboxDir(options.dataDir);
  const logger = (options.logger ?? silentLogger()).child({ sink: name });
  // RFC 5322 §2.1: lines end in CRLF.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  const fail = (alert: Alert, what: string, cause?: unknown): DefacewatchError =>
    new DefacewatchError('ALERT_FAILED', `Could not write the ${alert.kind} alert for ${alertSubjectLabel(alert)} to ${dir}: ${what}`, {
      ...(cause === undefined ? {} : { cause }),
      hint: `Check that ${dir} exists or can be created, is writable and has free space.`,
    });

  async function send(alert: Alert, sendOptions: SendOptions = {}): Promise<Receipt> {
    const { signal, dryRun = false } = sendOptions;
    if (signal?.aborted) throw fail(alert, 'cancelled before writing', signal.reason);
    const path = emlPathFor(options.dataDir, alert.id);
    const log = logger.child({ alert: alert.id, kind: alert.kind, site: alertSite(alert) });

    let bytes: Buffer;
    try {
      const built = await buildAlertMessage(alert, from);
      if (built.missingEvidence.length > 0) {
        log.warn({ missing: built.missingEvidence }, 'evidence images missing; writing the alert without them');
      }
      const info = await composer.sendMail(built.options);
      if (!Buffer.isBuffer(info.message)) throw new Error('the mail composer did not return a buffer');
      bytes = info.message;
    } catch (err) {
      throw fail(alert, `the message could not be built: ${messageOf(err)}`, err);
    }
    if (dryRun) return { sink: name, delivered: false, detail: `dry run: would write ${path}` };

    try {
      await writeFileAtomic(path, bytes, signal);
    } catch (err) {
      throw fail(alert, messageOf(err), err);
    }
    log.info({ path, bytes: bytes.length }, 'alert written to the outbox');
    return { sink: name, delivered: true, detail: path };
  }

  return Object.freeze({ name, send });
}

/**
 * Writes `data` to `path` so that readers see either no file or the whole file: write a temporary
 * file in the same folder, flush it to disk, rename it over the target, then flush the folder.
 */
async function writeFileAtomic(path: string, data: Buffer, signal?: AbortSignal): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  // Dot-prefixed and .tmp-suffixed so that outbox readers skip it.
  const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    signal?.throwIfAborted();
    await rename(temp, path);
  } catch (err) {
    // The temporary file may not exist (open failed) or be gone already; the error to report is `err`.
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
}

/**
 * Flushes a folder, which makes a rename or a new file name in it durable. Not every platform can
 * fsync a folder; the file's data is already safe then.
 */
export async function syncDir(dir: string): Promise<void> {
  // Where a folder cannot be opened or fsynced, only the name's durability is lost: the data is safe (see above).
  const handle = await open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
