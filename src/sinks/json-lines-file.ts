/**
 * The JSON-lines file sink: appends each alert to `<dataDir>/alerts.jsonl` as one line holding the
 * same event a webhook receives (see AlertEvent), for log shippers (Filebeat, Vector, Fluent Bit)
 * and machines without SMTP. An alert already in the file is not written again, so an outbox
 * retry after a crash leaves one line per alert.
 */

import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DefacewatchError } from '../core/errors.js';
import { silentLogger, type Logger } from '../log.js';
import { syncDir } from './eml-file.js';
import { alertSite, alertSubjectLabel, type Alert, type Receipt, type SendOptions, type Sink, type SinkKind } from './types.js';
import { alertEventJson } from './webhook.js';

export interface JsonLinesFileSinkOptions {
  /** The daemon's data directory; events go to `<dataDir>/alerts.jsonl`. */
  dataDir: string;
  /** Defaults to "json-lines". */
  name?: string;
  logger?: Logger;
}

/** The file the sink appends to. */
export function alertsJsonlPath(dataDir: string): string {
  return join(dataDir, 'alerts.jsonl');
}

/** Creates the sink. A receipt's detail is the file path, or says the alert was there already. */
export function createJsonLinesFileSink(options: JsonLinesFileSinkOptions): Sink {
  const name = options.name ?? 'json-lines';
  const path = alertsJsonlPath(options.dataDir);
  const logger = (options.logger ?? silentLogger()).child({ sink: name });
  // Sends of one sink run one after another: two concurrent sends of one alert must not both
  // find it absent and both append it.
  let queue: Promise<unknown> = Promise.resolve();

  const fail = (alert: Alert, what: string, cause?: unknown): DefacewatchError =>
    new DefacewatchError('ALERT_FAILED', `Could not append the ${alert.kind} alert for ${alertSubjectLabel(alert)} to ${path}: ${what}`, {
      ...(cause === undefined ? {} : { cause }),
      hint: `Check that ${dirname(path)} exists or can be created, is writable and has free space.`,
    });

  async function write(alert: Alert, sendOptions: SendOptions): Promise<Receipt> {
    const { signal, dryRun = false } = sendOptions;
    if (signal?.aborted) throw fail(alert, 'cancelled before writing', signal.reason);
    const line = alertEventJson(alert);
    let existing: string;
    try {
      existing = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
    } catch (err) {
      throw fail(alert, `the file could not be read: ${messageOf(err)}`, err);
    }
    if (idsIn(existing).has(alert.id)) {
      return { sink: name, delivered: !dryRun, detail: `already in ${path}: not written again` };
    }
    if (dryRun) return { sink: name, delivered: false, detail: `dry run: would append to ${path}` };
    // A crash mid-write can leave a last line without its newline: start on a fresh line.
    const prefix = existing !== '' && !existing.endsWith('\n') ? '\n' : '';
    try {
      await mkdir(dirname(path), { recursive: true });
      const handle = await open(path, 'a', 0o640);
      try {
        await handle.writeFile(`${prefix}${line}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (existing === '') await syncDir(dirname(path));
    } catch (err) {
      throw fail(alert, messageOf(err), err);
    }
    logger.info({ alert: alert.id, kind: alert.kind, site: alertSite(alert), path }, 'alert appended');
    return { sink: name, delivered: true, detail: path };
  }

  function send(alert: Alert, sendOptions: SendOptions = {}): Promise<Receipt> {
    const result = queue.then(() => write(alert, sendOptions));
    // The queue only orders the sends: a failure is the caller's, through `result`, and must not stop the next send.
    queue = result.catch(() => undefined);
    return result;
  }

  return Object.freeze({ name, send });
}

/** Alert ids of the lines in a file's text; lines that are not events (a torn last line) are passed over. */
function idsIn(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const id = (JSON.parse(line) as { id?: unknown }).id;
      if (typeof id === 'string') ids.add(id);
    } catch {
      // A torn line from a crash: its alert was not delivered, so it is written again.
    }
  }
  return ids;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One JSON line per alert in the data folder, when the daemon config says `alertsFile: true`. */
export const alertsFileKind: SinkKind = {
  name: 'alerts-file',
  scope: 'daemon',
  build: ({ config, dataDir, logger }) => (config.alertsFile ? [createJsonLinesFileSink({ dataDir, logger })] : []),
};
