import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DefacewatchError } from '../core/errors.js';
import { parseYamlConfig } from './parse-yaml.js';
import { agencyAlertPolicySchema, smtpSchema } from './daemon-schema.js';
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
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name)).sort();
  } catch (err) {
    throw new DefacewatchError('CONFIG_NOT_FOUND', `${displayPath(dir)}: cannot read the targets folder (${(err as Error).message})`, {
      cause: err,
    });
  }
  if (names.length === 0) {
    throw new DefacewatchError('CONFIG_NOT_FOUND', `${displayPath(dir)}: no *.yaml agency files found`);
  }

  const problems: string[] = [];
  const agencies: Agency[] = [];
  const sites: Site[] = [];
  const firstFileOfId = new Map<string, string>();

  for (const name of names) {
    const file = displayPath(path.join(dir, name));
    const text = await readFile(path.join(dir, name), 'utf8');
    const parsed = parseAgencyFile(file, text);
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
