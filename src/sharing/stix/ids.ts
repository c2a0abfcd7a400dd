/**
 * Identifiers and timestamps of the STIX objects defacewatch writes. Every id is deterministic, so
 * sending the same incident twice yields the same objects and a TAXII server or a peer sees one
 * object, not two: SCOs as STIX 2.1 §2.9 prescribes, our SDOs from the incident and the object's role.
 */
import { v5 as uuidv5 } from 'uuid';

/** STIX 2.1 §2.9: the namespace of deterministic SCO ids (UUIDv5). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * defacewatch's own UUIDv5 namespace for the SDOs, SROs, bundles and MISP uuids it derives from an
 * incident (drawn once at random; never change it, or every re-send becomes a new object).
 */
export const DEFACEWATCH_NAMESPACE = '934aa08b-22f1-49d6-87d9-b37708bffff2';

/** A STIX identifier: `<type>--<uuid>`. */
export type StixId = `${string}--${string}`;

/**
 * JSON canonical form (RFC 8785, the JCS that STIX 2.1 §2.9 names): object keys sorted by UTF-16
 * code units, no white space, strings and numbers as ECMAScript's JSON.stringify writes them (which
 * is what RFC 8785 §3.2.2 specifies for both).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('JCS cannot encode a non-finite number');
    const out = JSON.stringify(value);
    if (out === undefined) throw new TypeError(`JCS cannot encode a ${typeof value}`);
    return out;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The deterministic id of a STIX Cyber-observable Object (STIX 2.1 §2.9): UUIDv5 in the SCO
 * namespace over the canonical JSON of its ID contributing properties (§6: `value` for url,
 * domain-name, ipv4-addr and ipv6-addr; `hashes` and `payload_bin` for artifact).
 */
export function scoId(type: string, contributing: Record<string, unknown>): StixId {
  return `${type}--${uuidv5(canonicalJson(contributing), STIX_SCO_NAMESPACE)}`;
}

/** A stable UUID for one of our objects: UUIDv5 in defacewatch's namespace over its name parts. */
export function stableUuid(...parts: string[]): string {
  // JSON keeps the parts apart: ("a/b", "c") and ("a", "b/c") are different names.
  return uuidv5(JSON.stringify(parts), DEFACEWATCH_NAMESPACE);
}

/** A stable STIX id for one of our SDOs, SROs or bundles, e.g. `sdoId('indicator', incident.id, 'content')`. */
export function sdoId(type: string, ...parts: string[]): StixId {
  return `${type}--${stableUuid(type, ...parts)}`;
}

const ID_SHAPE = /^([a-z][a-z0-9-]*[a-z0-9])--([0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

/** Whether a string is a STIX 2.1 identifier (§2.9: type, two hyphens, an RFC 4122 UUID). */
export function isStixId(s: string, type?: string): boolean {
  const m = ID_SHAPE.exec(s.toLowerCase());
  return m !== null && s === s.toLowerCase() && (type === undefined || m[1] === type);
}

/**
 * A time as a STIX timestamp: UTC, `Z`, exactly three fractional digits (STIX 2.1 §3.2: created and
 * modified are precise to the millisecond; we write every timestamp the same way). Throws a
 * RangeError on a string that is not a date.
 */
export function stixTime(time: string | Date | number): string {
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${String(time)}`);
  return date.toISOString();
}

/** The later of some times (ISO strings), as a STIX timestamp. */
export function latestTime(...times: (string | undefined)[]): string {
  const ms = times
    .filter((t): t is string => t !== undefined)
    .map((t) => Date.parse(t))
    .filter(Number.isFinite);
  if (ms.length === 0) throw new RangeError('no valid time given');
  return stixTime(Math.max(...ms));
}
