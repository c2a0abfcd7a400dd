/**
 * Reading indicators other members share: untrusted STIX objects in, SharedIndicators the detectors
 * can use out. Nothing is trusted: every object is validated (zod) with bounded sizes, counts and
 * string lengths; only STIX 2.1 indicators with a STIX pattern we understand are kept (see
 * pattern.ts); revoked and expired ones are dropped; of several versions of one indicator the latest
 * counts. What is refused is listed with a short reason (never echoing more than a few characters of
 * the input), so the poller can log it.
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { isPerceptualHash } from '../../compare/perceptual-hash.js';
import { foldText } from '../../compare/text.js';
import {
  MAX_HASHES_PER_INDICATOR,
  MAX_ORIGINS_PER_INDICATOR,
  MAX_SHARED_INDICATORS,
  MAX_SLOGAN_LENGTH,
  MAX_SLOGANS_PER_INDICATOR,
  MIN_SLOGAN_WEIGHT,
  sloganWeight,
  type SharedIndicator,
} from '../../core/shared-indicator.js';
import { MAX_PATTERN_LENGTH, PatternError, readPattern } from './pattern.js';

/** At most this many objects are read from one call; the rest are refused in one entry. */
export const MAX_SHARED_OBJECTS = 20_000;
/** Longest name kept (indicator or identity), in characters. */
const MAX_NAME_LENGTH = 200;
const MAX_URL_LENGTH = 2_048;

/** Options of parseSharedObjects. */
export interface ParseOptions {
  /** The time expiry is judged at; default now. */
  now?: Date | string;
  /** Identity names known from earlier pages or pulls, by id (an indicator's creator may come on another page). */
  identities?: Readonly<Record<string, string>>;
}

/** One object that was not kept, and why. */
export interface RejectedObject {
  id?: string;
  reason: string;
}

/** What parseSharedObjects returns. */
export interface ParsedSharedObjects {
  indicators: SharedIndicator[];
  rejected: RejectedObject[];
  /** Identity names found in these objects, by id: pass them on with the next page. */
  identities: Record<string, string>;
}

// STIX 2.1 §2.9: an RFC 4122 UUID (the OASIS schema accepts upper-case hex too).
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const identifier = (type: string) =>
  z
    .string()
    .max(300)
    .regex(new RegExp(`^${type}--${UUID}$`), `not a ${type} identifier`);
// STIX 2.1 §2.11 timestamp: RFC 3339, UTC ("Z"), optional fraction.
const timestamp = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/, 'not a STIX timestamp')
  .refine((s) => Number.isFinite(Date.parse(s)), 'not a real date');

const indicatorSchema = z.looseObject({
  type: z.literal('indicator'),
  spec_version: z.literal('2.1', 'not STIX 2.1'),
  id: identifier('indicator'),
  created: timestamp,
  modified: timestamp,
  created_by_ref: identifier('identity').optional(),
  name: z.string().max(10_000).optional(),
  pattern: z.string().max(MAX_PATTERN_LENGTH, `longer than ${MAX_PATTERN_LENGTH} characters`),
  pattern_type: z.string().max(100),
  valid_from: timestamp,
  valid_until: timestamp.optional(),
  revoked: z.boolean().optional(),
});

const identitySchema = z.looseObject({
  type: z.literal('identity'),
  id: identifier('identity'),
  name: z.string().min(1).max(10_000),
});

type IndicatorObject = z.output<typeof indicatorSchema>;

/** Control characters and the like never reach a log or an alert. */
function clean(s: string, max: number): string {
  const flat = s
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id to name in a rejection, only when it looks like a STIX id (never arbitrary input). */
function safeId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z][a-z0-9-]{0,60}--[0-9a-fA-F-]{36}$/.test(value) ? value : undefined;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return clean(`${path === '' ? '' : `${path}: `}${issue.message}`, 120);
}

/** A host name or address as we compare it, or undefined when it is not one worth matching. */
export function normaliseHost(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (v.length === 0 || v.length > 253) return undefined;
  if (isIP(v) === 4) return v;
  if (isIP(v) === 6) return new URL(`http://[${v}]/`).hostname.slice(1, -1);
  const ascii = domainToASCII(v.replace(/\.$/, ''));
  // A registrable name at least: "com" or "localhost" would match far too much.
  if (ascii === '' || !ascii.includes('.')) return undefined;
  const labels = ascii.split('.');
  return labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?$/.test(l)) ? ascii : undefined;
}

/** The origin of an http(s) URL, or undefined. */
function originOf(value: string): string | undefined {
  if (value.length > MAX_URL_LENGTH) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return normaliseHost(url.hostname.replace(/^\[(.*)\]$/, '$1')) === undefined ? undefined : url.origin;
  } catch {
    // A peer's URL that does not parse is one we cannot use, like a non-http(s) one: dropped, the indicator's other terms kept.
    return undefined;
  }
}

/** A slogan as the detector compares it, or undefined when too long or too unspecific. */
function normaliseSlogan(value: string): string | undefined {
  if (value.length > MAX_SLOGAN_LENGTH * 4) return undefined;
  const folded = foldText(clean(value, Number.MAX_SAFE_INTEGER));
  if (folded.length > MAX_SLOGAN_LENGTH || sloganWeight(folded) < MIN_SLOGAN_WEIGHT) return undefined;
  return folded;
}

function unique(values: (string | undefined)[], max: number): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))].slice(0, max);
}

/** The usable content of one validated indicator, or the reason it has none. */
function reduce(indicator: IndicatorObject, source: string, names: Readonly<Record<string, string>>, now: number): SharedIndicator | string {
  if (indicator.revoked === true) return 'revoked';
  if (indicator.pattern_type !== 'stix') return `pattern type "${clean(indicator.pattern_type, 20)}" is not read (only "stix")`;
  if (indicator.valid_until !== undefined && Date.parse(indicator.valid_until) <= now) return 'expired';
  if (indicator.valid_until !== undefined && Date.parse(indicator.valid_until) <= Date.parse(indicator.valid_from)) return 'valid_until is not after valid_from';
  let terms;
  try {
    terms = readPattern(indicator.pattern);
  } catch (err) {
    if (err instanceof PatternError) return clean(`pattern: ${err.message}`, 120);
    throw err;
  }
  const slogans = unique(terms.phrases.map(normaliseSlogan), MAX_SLOGANS_PER_INDICATOR);
  const screenshotHashes = unique(terms.phashes.map((h) => h.toLowerCase()).filter(isPerceptualHash), MAX_HASHES_PER_INDICATOR);
  const origins = unique([...terms.hosts.map(normaliseHost), ...terms.urls.map(originOf)], MAX_ORIGINS_PER_INDICATOR);
  if (slogans.length + screenshotHashes.length + origins.length === 0) {
    const skipped = terms.skipped.length > 0 ? ` (skipped: ${clean(terms.skipped.slice(0, 3).join(', '), 80)})` : '';
    return `no slogan, perceptual hash or origin we can use${skipped}`;
  }
  const name = clean(indicator.name ?? '', MAX_NAME_LENGTH);
  const createdBy = indicator.created_by_ref === undefined ? undefined : names[indicator.created_by_ref];
  return {
    id: indicator.id,
    name: name === '' ? indicator.id : name,
    ...(createdBy === undefined ? {} : { createdBy }),
    source,
    slogans,
    screenshotHashes,
    origins,
    validFrom: indicator.valid_from,
    ...(indicator.valid_until === undefined ? {} : { validUntil: indicator.valid_until }),
    modified: indicator.modified,
  };
}

/**
 * Validates objects pulled from `source` (a configured collection name) and keeps the indicators our
 * detectors can use. Objects of other types are ignored, except identities, whose names label the
 * indicators they created. Never throws on bad input.
 */
export function parseSharedObjects(objects: unknown[], source: string, options: ParseOptions = {}): ParsedSharedObjects {
  const rejected: RejectedObject[] = [];
  const identities: Record<string, string> = {};
  if (!Array.isArray(objects)) return { indicators: [], rejected: [{ reason: 'not a list of objects' }], identities };
  const now = options.now === undefined ? Date.now() : new Date(options.now).getTime();
  const list = objects.slice(0, MAX_SHARED_OBJECTS);
  if (objects.length > list.length) rejected.push({ reason: `${objects.length - list.length} objects beyond the first ${MAX_SHARED_OBJECTS} were not read` });

  for (const object of list) {
    if (!isRecord(object) || object.type !== 'identity') continue;
    const parsed = identitySchema.safeParse(object);
    if (parsed.success) {
      const name = clean(parsed.data.name, MAX_NAME_LENGTH);
      if (name !== '') identities[parsed.data.id] = name;
    }
  }
  const names = { ...options.identities, ...identities };

  // The latest version of each indicator (STIX 2.1 §3.6: same id, later `modified`).
  const latest = new Map<string, IndicatorObject>();
  for (const object of list) {
    if (!isRecord(object)) {
      rejected.push({ reason: 'not an object' });
      continue;
    }
    if (object.type !== 'indicator') continue;
    const parsed = indicatorSchema.safeParse(object);
    if (!parsed.success) {
      const id = safeId(object.id);
      rejected.push({ ...(id === undefined ? {} : { id }), reason: firstIssue(parsed.error) });
      continue;
    }
    const held = latest.get(parsed.data.id);
    if (held === undefined || Date.parse(parsed.data.modified) > Date.parse(held.modified)) latest.set(parsed.data.id, parsed.data);
  }

  const indicators: SharedIndicator[] = [];
  for (const indicator of latest.values()) {
    const reduced = reduce(indicator, source, names, now);
    if (typeof reduced === 'string') rejected.push({ id: indicator.id, reason: reduced });
    else if (indicators.length >= MAX_SHARED_INDICATORS) rejected.push({ id: indicator.id, reason: `more than ${MAX_SHARED_INDICATORS} indicators` });
    else indicators.push(reduced);
  }
  return { indicators, rejected, identities };
}
