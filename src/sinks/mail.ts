/**
 * An agency's mail: sent over SMTP when the daemon or the agency sets SMTP up, written as .eml files
 * in the data folder otherwise (nothing is lost on a machine not yet wired to a mail server).
 */
import { createEmailSink } from './email.js';
import { createEmlFileSink } from './eml-file.js';
import { smtpSettingsFor, type SmtpFileSettings } from './smtp-settings.js';
import type { SinkKind } from './types.js';

export const mailKind: SinkKind = {
  name: 'mail',
  scope: 'agency',
  build: ({ config, env, dataDir, logger }, agency) => {
    const smtp: SmtpFileSettings = { ...config.smtp, ...agency.smtp };
    const settings = smtpSettingsFor(smtp, env);
    return [
      settings === null
        ? createEmlFileSink({ dataDir, from: env[smtp.fromEnv ?? 'DEFACEWATCH_SMTP_FROM'] || smtp.from || undefined, logger })
        : createEmailSink({ smtp: settings, logger }),
    ];
  },
};
