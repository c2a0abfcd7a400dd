/**
 * The email sink: sends each alert to the agency's contacts over SMTP with nodemailer.
 */

import nodemailer from 'nodemailer';
import { DefacewatchError } from '../core/errors.js';
import { silentLogger, type Logger } from '../log.js';
import { buildAlertMessage } from './mail-message.js';
import { smtpTransportOptions, type SmtpSettings } from './smtp-settings.js';
import { alertSite, alertSubjectLabel, type Alert, type Receipt, type SendOptions, type Sink } from './types.js';

export { smtpSettingsFromEnv, DEFAULT_SMTP_ENV_NAMES } from './smtp-settings.js';
export type { SmtpSettings, SmtpEnvNames } from './smtp-settings.js';

export interface EmailSinkOptions {
  smtp: SmtpSettings;
  /** Defaults to "email". */
  name?: string;
  logger?: Logger;
}

/**
 * Creates an SMTP sink. Each send opens one connection, sends one message with a Message-ID
 * derived from the alert id (so a retry is recognisable as the same alert), and closes it.
 */
export function createEmailSink(options: EmailSinkOptions): Sink {
  const name = options.name ?? 'email';
  const { smtp } = options;
  const logger = (options.logger ?? silentLogger()).child({ sink: name });
  const transporter = nodemailer.createTransport(smtpTransportOptions(smtp));
  const server = `${smtp.host}:${smtp.port}`;

  const fail = (alert: Alert, what: string, cause?: unknown, hint?: string): DefacewatchError =>
    new DefacewatchError('ALERT_FAILED', `Could not email the ${alert.kind} alert for ${alertSubjectLabel(alert)} via ${server}: ${what}`, {
      ...(cause === undefined ? {} : { cause }),
      hint: hint ?? `Check that ${server} accepts mail from this host and that ${smtp.env.urlVar}, ${smtp.env.passwordVar} and ${smtp.env.fromVar} are right.`,
    });

  async function send(alert: Alert, sendOptions: SendOptions = {}): Promise<Receipt> {
    const { signal, dryRun = false } = sendOptions;
    if (signal?.aborted) throw fail(alert, 'cancelled before sending', signal.reason);
    if (alert.agency.contacts.length === 0) {
      throw fail(alert, `agency "${alert.agency.name}" has no contacts`, undefined, 'Add contacts to the agency file.');
    }
    let built;
    try {
      built = await buildAlertMessage(alert, smtp.from);
    } catch (err) {
      throw fail(alert, `the message could not be built: ${messageOf(err)}`, err);
    }
    const log = logger.child({ alert: alert.id, kind: alert.kind, site: alertSite(alert), messageId: built.messageId });
    if (built.missingEvidence.length > 0) {
      log.warn({ missing: built.missingEvidence }, 'evidence images missing; sending the alert without them');
    }
    const recipients = alert.agency.contacts.length;
    if (dryRun) {
      return {
        sink: name,
        delivered: false,
        detail: `dry run: would send ${built.messageId} to ${recipients} contact(s) via ${server}`,
      };
    }

    let info;
    try {
      info = await transporter.sendMail(signal === undefined ? built.options : { ...built.options, signal });
    } catch (err) {
      log.error({ err: { message: messageOf(err), code: codeOf(err) } }, 'alert email failed');
      throw fail(alert, messageOf(err), err);
    }
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length > 0) {
      // The server took the message for some contacts: the alert is out, but the rest must be fixed.
      log.warn({ rejected }, 'some contacts were rejected by the mail server');
    }
    log.info({ accepted: info.accepted?.length ?? 0, server }, 'alert emailed');
    return {
      sink: name,
      delivered: true,
      detail: rejected.length > 0 ? `${info.messageId} (rejected: ${rejected.join(', ')})` : info.messageId,
    };
  }

  return Object.freeze({ name, send });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
