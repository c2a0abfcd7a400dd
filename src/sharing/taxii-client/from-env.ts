/**
 * The one hub a member can configure from the environment alone (issue #5's contract):
 * DEFACEWATCH_TAXII_URL (the collection URL), DEFACEWATCH_TAXII_USER, DEFACEWATCH_TAXII_PASSWORD.
 */

import { DEFAULT_TAXII_PULL_SCHEDULE, taxiiCollectionSchema, type TaxiiCollectionConfig, type TaxiiPullConfig } from '../../config/daemon-schema.js';
import { DefacewatchError } from '../../core/errors.js';

export const TAXII_URL_ENV = 'DEFACEWATCH_TAXII_URL';
export const TAXII_USER_ENV = 'DEFACEWATCH_TAXII_USER';
export const TAXII_PASSWORD_ENV = 'DEFACEWATCH_TAXII_PASSWORD';

/** The name the environment's hub goes by in logs and verdicts. */
export const ENV_HUB_NAME = 'env';

/** Collections to publish to and to pull from. */
export interface TaxiiHubs {
  publish: TaxiiCollectionConfig[];
  pull: TaxiiPullConfig[];
}

/**
 * One collection named "env", both published to and pulled from (on the default schedule), when
 * DEFACEWATCH_TAXII_URL is set; nothing otherwise. Basic auth is used when the user or password
 * variable is set (credentialsFromEnv then insists on both). Throws CONFIG_INVALID for a URL that
 * is not a collection URL. The daemon appends these to the config file's `sharing.publish`/`pull`.
 */
export function taxiiHubsFromEnv(env: Readonly<Record<string, string | undefined>>): TaxiiHubs {
  const url = env[TAXII_URL_ENV]?.trim();
  if (!url) return { publish: [], pull: [] };
  const withAuth = Boolean(env[TAXII_USER_ENV]) || Boolean(env[TAXII_PASSWORD_ENV]);
  const parsed = taxiiCollectionSchema.safeParse({
    name: ENV_HUB_NAME,
    url,
    ...(withAuth ? { userEnv: TAXII_USER_ENV, passwordEnv: TAXII_PASSWORD_ENV } : {}),
  });
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new DefacewatchError('CONFIG_INVALID', `${TAXII_URL_ENV}: ${problem}`, {
      hint: `Set ${TAXII_URL_ENV} to the collection URL the hub gave you, ending in "/collections/<id>/".`,
    });
  }
  const collection = Object.freeze(parsed.data);
  return {
    publish: [collection],
    pull: [Object.freeze({ ...collection, schedule: DEFAULT_TAXII_PULL_SCHEDULE })],
  };
}
