import { DefacewatchError } from '../core/errors.js';
import {
  alertPolicySchema,
  daemonConfigSchema,
  deliverySchema,
  organisationSchema,
  sharingSchema,
  smtpSchema,
  taxiiPullSchema,
  taxiiServerSchema,
  webhookSchema,
  type DaemonConfig,
} from './daemon-schema.js';
import { deepFreeze, displayPath } from './load-targets.js';
import { parseYamlConfig } from './parse-yaml.js';
import { readConfigText } from './read-config-file.js';

/** The file read when neither --config nor DEFACEWATCH_CONFIG names one (it may be absent). */
export const DEFAULT_DAEMON_CONFIG_FILE = 'defacewatch.yaml';

const KNOWN_FIELDS = [
  daemonConfigSchema,
  organisationSchema,
  smtpSchema,
  alertPolicySchema,
  deliverySchema,
  webhookSchema,
  sharingSchema,
  taxiiPullSchema,
  taxiiServerSchema,
].flatMap((schema) => Object.keys(schema.shape));

/** The daemon config with every default applied, as used when there is no file. */
export function defaultDaemonConfig(): DaemonConfig {
  return deepFreeze(daemonConfigSchema.parse({}));
}

/**
 * Loads the daemon config: the file `explicit` names (the --config flag), else DEFACEWATCH_CONFIG,
 * else `defacewatch.yaml` in the working directory when it exists, else the defaults. A file named
 * on purpose must exist. Throws CONFIG_INVALID with every problem, one line each.
 */
export async function loadDaemonConfig(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ config: DaemonConfig; file?: string }> {
  const fromEnv = env.DEFACEWATCH_CONFIG?.trim() || undefined;
  const named = explicit ?? fromEnv;
  const file = named ?? DEFAULT_DAEMON_CONFIG_FILE;
  const shown = displayPath(file);
  // How the file was named, so the message points at what to change.
  const source = explicit !== undefined ? `--config ${shown}` : fromEnv !== undefined ? `DEFACEWATCH_CONFIG=${shown}` : shown;
  const read = await readConfigText(file, source, { folder: 'name the YAML file itself, not its folder' });
  if ('problem' in read) {
    if (read.missing && named === undefined) return { config: defaultDaemonConfig() };
    if (read.missing) {
      throw new DefacewatchError('CONFIG_NOT_FOUND', `${source}: the daemon config file does not exist`, {
        hint: 'Pass an existing file with --config, or leave --config and DEFACEWATCH_CONFIG unset to use the defaults.',
      });
    }
    throw new DefacewatchError('CONFIG_INVALID', read.problem);
  }
  const parsed = parseYamlConfig(shown, read.text, daemonConfigSchema, KNOWN_FIELDS, 'write daemon settings such as "onCall" or "alerts", or delete the file');
  if (parsed.config === undefined) throw new DefacewatchError('CONFIG_INVALID', parsed.problems.join('\n'));
  return { config: deepFreeze(parsed.config), file: shown };
}
