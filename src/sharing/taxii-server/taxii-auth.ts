/**
 * Who may read this sensor's TAXII collection: HTTP Basic accounts (TAXII 2.1 §8.2.2: servers
 * SHOULD implement it) and bearer tokens, both read from the environment variables the config
 * names. Credentials are compared as SHA-256 digests in constant time, against every account,
 * so neither a password nor the existence of a user name leaks through timing.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { TaxiiServerConfig } from '../../config/daemon-schema.js';
import { DefacewatchError } from '../../core/errors.js';

/** Who a request authenticated as, for the access log: never the secret. */
export type TaxiiPrincipal = { scheme: 'basic'; user: string } | { scheme: 'bearer'; token: number };

export interface TaxiiAuthenticator {
  /** The principal an Authorization header proves, or null. */
  authenticate(authorization: string | undefined): TaxiiPrincipal | null;
  /** WWW-Authenticate challenges for a 401 (RFC 7235 §4.1), one per scheme accepted. */
  readonly challenges: readonly string[];
}

const REALM = 'defacewatch TAXII';

/**
 * Reads the accounts and tokens. Throws CONFIG_INVALID when a named variable is unset, or when
 * there is neither an account nor a token (the server never serves anonymously).
 */
export function createTaxiiAuthenticator(config: Pick<TaxiiServerConfig, 'users' | 'tokensEnv'>, env: Readonly<Record<string, string | undefined>>): TaxiiAuthenticator {
  const read = (variable: string): string => {
    const value = env[variable];
    if (value === undefined || value === '') {
      throw new DefacewatchError('CONFIG_INVALID', `TAXII server: environment variable ${variable} is not set`, {
        hint: `Set ${variable} in the daemon's environment, or remove it from sharing.server in the config.`,
      });
    }
    return value;
  };
  const users = config.users.map(({ userEnv, passwordEnv }) => {
    const user = read(userEnv);
    return { user, userDigest: digest(user), passwordDigest: digest(read(passwordEnv)) };
  });
  const tokens =
    config.tokensEnv === undefined
      ? []
      : read(config.tokensEnv)
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t !== '')
          .map(digest);
  if (users.length === 0 && tokens.length === 0) {
    throw new DefacewatchError('CONFIG_INVALID', 'TAXII server: no peer accounts or tokens are configured', {
      hint: 'Add sharing.server.users (userEnv/passwordEnv) or sharing.server.tokensEnv: the collection is never served anonymously.',
    });
  }
  const challenges = [...(users.length > 0 ? [`Basic realm="${REALM}", charset="UTF-8"`] : []), ...(tokens.length > 0 ? [`Bearer realm="${REALM}"`] : [])];

  function authenticate(header: string | undefined): TaxiiPrincipal | null {
    if (header === undefined) return null;
    const space = header.indexOf(' ');
    if (space <= 0) return null;
    // RFC 7235 §2.1: the scheme is case-insensitive.
    const scheme = header.slice(0, space).toLowerCase();
    const credentials = header.slice(space + 1).trim();
    if (scheme === 'basic' && users.length > 0) {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      const user = digest(decoded.slice(0, colon));
      const password = digest(decoded.slice(colon + 1));
      let found: string | null = null;
      for (const account of users) {
        // Both comparisons for every account, whatever matched before.
        const match = timingSafeEqual(user, account.userDigest) && timingSafeEqual(password, account.passwordDigest);
        if (match && found === null) found = account.user;
      }
      return found === null ? null : { scheme: 'basic', user: found };
    }
    if (scheme === 'bearer' && tokens.length > 0) {
      const token = digest(credentials);
      let found = -1;
      tokens.forEach((candidate, index) => {
        if (timingSafeEqual(token, candidate) && found < 0) found = index;
      });
      return found < 0 ? null : { scheme: 'bearer', token: found };
    }
    return null;
  }

  return Object.freeze({ authenticate, challenges: Object.freeze(challenges) });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
