import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DefacewatchError } from '../core/errors.js';
import { parseYamlConfig } from './parse-yaml.js';
import { readConfigText } from './read-config-file.js';
import { agencyAlertPolicySchema, smtpSchema } from './daemon-schema.js';
import { maintenanceWindowSchema } from './maintenance.js';
import { agencySchema, siteSchema, viewportSchema, type AgencyConfig, type SiteConfig } from './schema.js';

/** An agency as loaded: its file and settings, without the site list. */
export interface Agency extends Omit<AgencyConfig, 'sites'> {
  /** The file it came from, as shown in messages. */
  file: string;
}

/** A site with its agency attached, ready to check. */
export interface Site extends SiteConfig {
  agency: Agency;
}

export interface Targets {
  agencies: readonly Agency[];
  sites: readonly Site[];
}

const KNOWN_FIELDS = [
  ...Object.keys(agencySchema.shape),
  ...Object.keys(siteSchema.shape),
  ...Object.keys(viewportSchema.shape),
  ...Object.keys(smtpSchema.shape),
  ...Object.keys(agencyAlertPolicySchema.shape),
  ...Object.keys(maintenanceWindowSchema.shape),
];

/** Shows a path relative to the working directory when it is inside it, as people typed it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Freezes a loaded config all the way down: it is validated once and never changed. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Parses and validates one agency file's text; returns the config or the problems, one line each. */
export function parseAgencyFile(file: string, text: string): { config?: AgencyConfig; problems: string[] } {
  return parseYamlConfig(file, text, agencySchema, KNOWN_FIELDS, 'write an agency with "agency", "contacts" and "sites"');
}

/**
 * Loads every `*.yaml` / `*.yml` file of a folder, validates each, and checks what spans files
 * (site ids are unique across all of them). Throws CONFIG_INVALID with every problem found, one
 * line each, so a person fixes them all in one pass.
 */
export async function loadTargets(dir: string): Promise<Targets> {
  const names = await agencyFileNames(dir);

  const problems: string[] = [];
  const agencies: Agency[] = [];
  const sites: Site[] = [];
  const firstFileOfId = new Map<string, string>();

  for (const name of names) {
    const file = displayPath(path.join(dir, name));
    const read = await readConfigText(path.join(dir, name), file, {
      folder: `rename the folder so that its name does not end in .yaml or .yml, or move it out of ${displayPath(dir)}`,
    });
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const parsed = parseAgencyFile(file, read.text);
    problems.push(...parsed.problems);
    if (!parsed.config) continue;
    const { sites: siteConfigs, ...agencyFields } = parsed.config;
    const namesake = agencies.find((other) => other.agency === agencyFields.agency);
    if (namesake !== undefined) {
      // Alerts and the outbox know an agency by its name: two files with one name would share sinks.
      problems.push(`${file}: agency: "${agencyFields.agency}" is already the name of ${namesake.file} (give each agency file its own name)`);
      continue;
    }
    const agency: Agency = { ...agencyFields, file };
    agencies.push(agency);
    siteConfigs.forEach((site, index) => {
      const earlier = firstFileOfId.get(site.id);
      if (earlier !== undefined) {
        problems.push(`${file}: sites[${index}].id: "${site.id}" is already used in ${earlier} (site ids must be unique across all agency files)`);
        return;
      }
      firstFileOfId.set(site.id, file);
      sites.push({ ...site, agency });
    });
  }

  if (problems.length > 0) throw new DefacewatchError('CONFIG_INVALID', problems.join('\n'));
  return deepFreeze({ agencies, sites });
}

/** The `*.yaml` / `*.yml` names in the targets folder, sorted; throws CONFIG_NOT_FOUND naming the folder and the fix. */
async function agencyFileNames(dir: string): Promise<string[]> {
  const shown = displayPath(dir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw targetsFolderError(shown, err as NodeJS.ErrnoException);
  }
  const agencyFiles = names.filter((name) => /\.ya?ml$/i.test(name)).sort();
  if (agencyFiles.length === 0) {
    throw new DefacewatchError('CONFIG_NOT_FOUND', `${shown}: the targets folder holds no *.yaml agency file`, {
      hint: `Add one YAML file per agency to ${shown} (see the README), or point --targets at the folder that holds them.`,
    });
  }
  return agencyFiles;
}

function targetsFolderError(shown: string, err: NodeJS.ErrnoException): DefacewatchError {
  const options = { cause: err, hint: 'Point --targets at the folder of agency YAML files; the default is targets/ in the working directory.' };
  switch (err.code) {
    case 'ENOENT':
      return new DefacewatchError('CONFIG_NOT_FOUND', `${shown}: the targets folder does not exist`, options);
    case 'ENOTDIR':
      return new DefacewatchError('CONFIG_NOT_FOUND', `${shown}: is a file, not the targets folder`, {
        ...options,
        hint: `Point --targets at the folder that holds the agency files; for this file, --targets ${path.dirname(shown)}.`,
      });
    case 'EACCES':
    case 'EPERM':
      return new DefacewatchError('CONFIG_NOT_FOUND', `${shown}: the targets folder cannot be read (permission denied)`, {
        ...options,
        hint: 'Let the user running defacewatch read the folder, or point --targets at another one.',
      });
    default:
      return new DefacewatchError('CONFIG_NOT_FOUND', `${shown}: the targets folder cannot be read: ${err.message}`, options);
  }
}

/** The sites named by `--site` (all when none), failing on an unknown id. */
export function selectSites(targets: Targets, ids: readonly string[]): Site[] {
  if (ids.length === 0) return [...targets.sites];
  return ids.map((id) => {
    const site = targets.sites.find((s) => s.id === id);
    if (!site) {
      const known = targets.sites.map((s) => s.id).join(', ');
      throw new DefacewatchError('SITE_UNKNOWN', `--site ${id}: no site has this id (known: ${known})`);
    }
    return site;
  });
}
