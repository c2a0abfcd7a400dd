/**
 * SMTP settings from environment variables. Secrets never sit in config files: a config names
 * the variables, this reads them. The password is kept off JSON and logs.
 */

import addressparser from 'nodemailer/lib/addressparser';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type { SMTPTransportOptions } from 'nodemailer';
import { DefacewatchError } from '../core/errors.js';
import { DEFAULT_FROM } from './mail-message.js';

/** Names of the environment variables to read; a config file may name others per agency. */
export interface SmtpEnvNames {
  /** nodemailer URL form, e.g. `smtp://alerts@mail.example:587` or `smtps://…:465`. */
  urlVar?: string;
  /** Password for the URL's user; overrides a password written in the URL. */
  passwordVar?: string;
  /** From header, e.g. `Defacewatch <alerts@cert.example>`. */
  fromVar?: string;
}

export const DEFAULT_SMTP_ENV_NAMES: Readonly<Required<SmtpEnvNames>> = Object.freeze({
  urlVar: 'DEFACEWATCH_SMTP_URL',
  passwordVar: 'DEFACEWATCH_SMTP_PASSWORD',
  fromVar: 'DEFACEWATCH_SMTP_FROM',
});

export interface SmtpSettings {
  /** The connection URL without any password: safe to show and log. */
  url: string;
  host: string;
  port: number;
  /** True for smtps:// (TLS from the first byte); smtp:// upgrades with STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (config `tls: starttls`). */
  requireTLS?: boolean;
  /** Never try STARTTLS (config `tls: none`, for loopback relays). */
  ignoreTLS?: boolean;
  user?: string | undefined;
  /** Not enumerable: JSON.stringify and loggers do not see it. */
  password?: string;
  from: string;
  /** The variables these settings came from, for error messages. */
  env: Readonly<Required<SmtpEnvNames>>;
}

/** Variable names as a config block gives them: any may be unset. */
type LooseSmtpEnvNames = { [K in keyof SmtpEnvNames]?: SmtpEnvNames[K] | undefined };

/**
 * Reads SMTP settings from `env`. Returns null when the URL variable is unset or empty, so the
 * caller can fall back to writing .eml files. Throws CONFIG_INVALID, naming the variable (never
 * its value), when a variable is set but unusable.
 *
 * Without a From variable, the sender is the URL's user when that is an address, else
 * `<user or "defacewatch">@<smtp host>`.
 */
export function smtpSettingsFromEnv(env: Readonly<Record<string, string | undefined>>, names: LooseSmtpEnvNames = {}): SmtpSettings | null {
  const vars = Object.freeze({ ...DEFAULT_SMTP_ENV_NAMES, ...definedOnly(names) });
  const rawUrl = env[vars.urlVar]?.trim() ?? '';
  if (rawUrl === '') return null;

  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    // No cause: Node's URL error carries the input, which may hold a password.
    throw invalid(vars.urlVar, 'is not a URL', 'Use the form smtp://user@host:587 or smtps://user@host:465.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw invalid(vars.urlVar, `has scheme "${url.protocol}" instead of smtp: or smtps:`, 'Use the form smtp://user@host:587.');
  }
  const parsed = parseConnectionUrl(rawUrl);
  const host = parsed.host ?? '';
  if (host === '') throw invalid(vars.urlVar, 'has no host', 'Use the form smtp://user@host:587.');
  const secure = url.protocol === 'smtps:';
  const port = parsed.port ?? (secure ? 465 : 587);
  const user = parsed.auth?.user === undefined || parsed.auth.user === '' ? undefined : parsed.auth.user;
  const envPassword = env[vars.passwordVar];
  const urlPassword = parsed.auth?.pass === '' ? undefined : parsed.auth?.pass;
  const password = envPassword !== undefined && envPassword !== '' ? envPassword : urlPassword;

  url.password = '';
  const from = senderFrom(env[vars.fromVar], vars.fromVar, user, host);
  const settings: SmtpSettings = { url: url.toString(), host, port, secure, from, env: vars };
  if (user !== undefined) settings.user = user;
  if (password !== undefined) {
    Object.defineProperty(settings, 'password', { value: password, enumerable: false });
  }
  return Object.freeze(settings);
}

/** The SMTP block of a config file (daemon, merged with the agency's overrides). */
export interface SmtpFileSettings {
  host?: string | undefined;
  port?: number | undefined;
  tls?: 'starttls' | 'implicit' | 'none' | undefined;
  user?: string | undefined;
  from?: string | undefined;
  urlEnv?: string | undefined;
  passwordEnv?: string | undefined;
  fromEnv?: string | undefined;
}

/**
 * SMTP settings from a config block: its `host` (port, TLS, user, password from `passwordEnv`)
 * when set, else the URL variable it names (or DEFACEWATCH_SMTP_URL). Null when neither is set:
 * alerts are then written as files.
 */
export function smtpSettingsFor(config: SmtpFileSettings, env: Readonly<Record<string, string | undefined>>): SmtpSettings | null {
  const names: LooseSmtpEnvNames = { urlVar: config.urlEnv, passwordVar: config.passwordEnv, fromVar: config.fromEnv };
  if (config.host === undefined) return smtpSettingsFromEnv(env, names);
  const vars = Object.freeze({ ...DEFAULT_SMTP_ENV_NAMES, ...definedOnly(names) });
  const tls = config.tls ?? 'starttls';
  const secure = tls === 'implicit';
  const port = config.port ?? (secure ? 465 : 587);
  const password = env[vars.passwordVar] || undefined;
  const from = config.from ?? senderFrom(env[vars.fromVar], vars.fromVar, config.user, config.host);
  const url = new URL(`${secure ? 'smtps' : 'smtp'}://${config.host}:${port}`);
  if (config.user !== undefined) url.username = config.user;
  const settings: SmtpSettings = {
    url: url.toString(),
    host: config.host,
    port,
    secure,
    from,
    env: vars,
    ...(tls === 'starttls' ? { requireTLS: true } : {}),
    ...(tls === 'none' ? { ignoreTLS: true } : {}),
    ...(config.user === undefined ? {} : { user: config.user }),
  };
  if (password !== undefined) Object.defineProperty(settings, 'password', { value: password, enumerable: false });
  return Object.freeze(settings);
}

/** nodemailer SMTP transport options for these settings, with alert-friendly timeouts. */
export function smtpTransportOptions(settings: SmtpSettings): SMTPTransportOptions {
  // Query parameters only are taken from the URL; auth comes from the settings themselves.
  const fromUrl = parseConnectionUrl(settings.url);
  const options: SMTPTransportOptions = {
    // An alert must not hang for nodemailer's default of minutes; URL query parameters
    // (e.g. ?connectionTimeout=60000) still win.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(fromUrl as SMTPTransportOptions),
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.requireTLS ? { requireTLS: true } : {}),
    ...(settings.ignoreTLS ? { ignoreTLS: true } : {}),
    logger: false,
  };
  delete options.auth;
  if (settings.user !== undefined || settings.password !== undefined) {
    options.auth = { user: settings.user ?? '', pass: settings.password ?? '' };
  }
  return options;
}

function senderFrom(value: string | undefined, fromVar: string, user: string | undefined, host: string): string {
  const given = value?.trim() ?? '';
  if (given !== '') {
    const addresses = addressparser(given, { flatten: true });
    if (addresses.length !== 1 || !addresses[0]?.address.includes('@')) {
      throw invalid(fromVar, 'is not one email address', 'Use the form "Defacewatch <alerts@cert.example>".');
    }
    return given;
  }
  if (user?.includes('@')) return user;
  if (/[a-z]/i.test(host) && host.includes('.')) return `${user ?? 'defacewatch'}@${host}`;
  return DEFAULT_FROM;
}

function invalid(variable: string, what: string, hint: string): DefacewatchError {
  return new DefacewatchError('CONFIG_INVALID', `Environment variable ${variable} ${what}`, { hint });
}

function definedOnly(names: LooseSmtpEnvNames): SmtpEnvNames {
  const out: SmtpEnvNames = {};
  if (names.urlVar) out.urlVar = names.urlVar;
  if (names.passwordVar) out.passwordVar = names.passwordVar;
  if (names.fromVar) out.fromVar = names.fromVar;
  return out;
}
