/**
 * Picks the mail sink from the environment: SMTP when a URL is set, otherwise `.eml` files.
 */

import { DefacewatchError } from '../core/errors.js';
import { silentLogger, type Logger } from '../log.js';
import { createEmailSink } from './email.js';
import { createEmlFileSink } from './eml-file.js';
import { DEFAULT_FROM } from './mail-message.js';
import { DEFAULT_SMTP_ENV_NAMES, smtpSettingsFromEnv, type SmtpEnvNames } from './smtp-settings.js';
import type { Alert, Receipt, SendOptions, Sink } from './types.js';

export interface MailSinkFromEnvOptions {
  /** The daemon's data directory: `.eml` files go to `<dataDir>/outbox/`. */
  dataDir: string;
  /** Other variable names, e.g. per agency; unset names keep the DEFACEWATCH_SMTP_* defaults. */
  names?: SmtpEnvNames;
  /** Sink name; defaults to "email" or "eml-file". */
  name?: string;
  logger?: Logger;
}

/**
 * The email sink when the URL variable (DEFACEWATCH_SMTP_URL by default) is set, else the
 * `.eml` file sink. An email that fails is also written as a file before the failure is thrown,
 * so the message survives until someone or something sends it. Throws CONFIG_INVALID on
 * unusable settings.
 */
export function mailSinkFromEnv(env: Readonly<Record<string, string | undefined>>, options: MailSinkFromEnvOptions): Sink {
  const logger = options.logger ?? silentLogger();
  const smtp = smtpSettingsFromEnv(env, options.names);
  if (smtp === null) {
    const fromVar = options.names?.fromVar || DEFAULT_SMTP_ENV_NAMES.fromVar;
    const from = env[fromVar]?.trim() || DEFAULT_FROM;
    logger.info(
      { urlVar: options.names?.urlVar || DEFAULT_SMTP_ENV_NAMES.urlVar },
      'no SMTP URL set; alerts will be written as .eml files',
    );
    return createEmlFileSink({ dataDir: options.dataDir, from, logger, ...(options.name ? { name: options.name } : {}) });
  }
  const email = createEmailSink({ smtp, logger, ...(options.name ? { name: options.name } : {}) });
  const file = createEmlFileSink({ dataDir: options.dataDir, from: smtp.from, logger, name: `${email.name}-fallback` });
  return withFileFallback(email, file, logger);
}

/**
 * Wraps a sink so that when it fails, the alert is also handed to `fallback` (e.g. written as a
 * file). The original failure is still thrown — the caller must know the alert did not go out —
 * with a hint saying where the copy is. Dry runs go to the primary sink only.
 */
export function withFileFallback(primary: Sink, fallback: Sink, logger: Logger = silentLogger()): Sink {
  async function send(alert: Alert, options: SendOptions = {}): Promise<Receipt> {
    try {
      return await primary.send(alert, options);
    } catch (err) {
      if (options.dryRun) throw err;
      const original = err instanceof DefacewatchError ? err : null;
      // Keep the copy even when the send was cancelled (e.g. shutting down): a local write is quick.
      const kept = await fallback.send(alert).then(
        (receipt) => receipt.detail,
        (fallbackErr: unknown) => {
          logger.error(
            { sink: fallback.name, alert: alert.id, err: { message: String((fallbackErr as Error)?.message ?? fallbackErr) } },
            'could not keep a copy of the failed alert',
          );
          return null;
        },
      );
      const message = original?.message ?? (err instanceof Error ? err.message : String(err));
      const hint = original?.hint ?? 'Check the sink settings.';
      throw new DefacewatchError('ALERT_FAILED', message, {
        cause: original?.cause ?? err,
        hint: kept === null ? `${hint} No copy could be kept either.` : `${hint} A copy of the message was kept at ${kept}.`,
      });
    }
  }
  return Object.freeze({ name: primary.name, send });
}

/** The `smtp` block of an agency file: names of the variables holding its SMTP settings. */
export interface AgencySmtpEnv {
  urlEnv?: string;
  passwordEnv?: string;
  fromEnv?: string;
}

/**
 * The mail sink for one agency: its own SMTP variables when its file names them, the
 * DEFACEWATCH_SMTP_* ones otherwise (see mailSinkFromEnv).
 */
export function sinkForAgency(
  agency: { smtp?: AgencySmtpEnv },
  options: { env: Readonly<Record<string, string | undefined>>; dataDir: string; logger?: Logger },
): Sink {
  const names: SmtpEnvNames = {};
  if (agency.smtp?.urlEnv) names.urlVar = agency.smtp.urlEnv;
  if (agency.smtp?.passwordEnv) names.passwordVar = agency.smtp.passwordEnv;
  if (agency.smtp?.fromEnv) names.fromVar = agency.smtp.fromEnv;
  return mailSinkFromEnv(options.env, {
    dataDir: options.dataDir,
    names,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
