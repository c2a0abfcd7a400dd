/**
 * How our TAXII client authenticates to a hub or peer: HTTP Basic (TAXII 2.1 §8.5.1: every client
 * MUST support it) or a bearer token, with the secrets read from the environment variables the
 * config names — never from the config itself.
 */

import { DefacewatchError } from '../../core/errors.js';

/** Credentials for one collection, resolved once at start-up. */
export type TaxiiCredentials = { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string } | { kind: 'none' };

/** The auth part of a collection's config: names of environment variables. */
export interface TaxiiAuthEnvNames {
  name: string;
  userEnv?: string | undefined;
  passwordEnv?: string | undefined;
  tokenEnv?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the collection's credentials from `env`. No variables named: anonymous access. Throws
 * CONFIG_INVALID, naming the collection and the variable, when a named variable is unset, when
 * only one of `userEnv`/`passwordEnv` is given, or when both basic and bearer are.
 */
export function credentialsFromEnv(config: TaxiiAuthEnvNames, env: Env): TaxiiCredentials {
  const invalid = (what: string, hint: string): DefacewatchError => new DefacewatchError('CONFIG_INVALID', `TAXII collection "${config.name}": ${what}`, { hint });
  const read = (variable: string): string => {
    const value = env[variable];
    if (value === undefined || value === '') {
      throw invalid(`environment variable ${variable} is not set`, `Set ${variable} in the daemon's environment, or remove it from the collection's config.`);
    }
    return value;
  };
  const basic = config.userEnv !== undefined || config.passwordEnv !== undefined;
  if (config.tokenEnv !== undefined && basic) {
    throw invalid('both a bearer token and a user/password are configured', 'Keep either `tokenEnv` or `userEnv` + `passwordEnv`.');
  }
  if (config.tokenEnv !== undefined) return { kind: 'bearer', token: read(config.tokenEnv) };
  if (!basic) return { kind: 'none' };
  if (config.userEnv === undefined || config.passwordEnv === undefined) {
    throw invalid('HTTP basic auth needs both `userEnv` and `passwordEnv`', 'Name both variables, or neither for anonymous access.');
  }
  const user = read(config.userEnv);
  // RFC 7617 §2: the user-id cannot contain a colon.
  if (user.includes(':')) throw invalid(`the user name in ${config.userEnv} contains ":"`, 'HTTP basic user names cannot contain a colon (RFC 7617).');
  return { kind: 'basic', user, password: read(config.passwordEnv) };
}

/** The Authorization header value for these credentials, or undefined for anonymous access. */
export function authorizationHeader(credentials: TaxiiCredentials): string | undefined {
  switch (credentials.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${credentials.token}`;
    case 'none':
      return undefined;
  }
}
