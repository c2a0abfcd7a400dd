/**
 * TAXII 2.1 and STIX 2.1 media types, and the content negotiation both sides of the wire use.
 * TAXII 2.1 §1.6.8: versions are negotiated with the `version` parameter of the media type, in
 * Accept and Content-Type alike; strict servers answer 406 or 415 to anything else.
 */

/** The TAXII 2.1 media type, exactly as requests and responses carry it (TAXII 2.1 §1.6.8.2). */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** The STIX 2.1 media type, as collections list it in `media_types` (TAXII 2.1 §5.2.1). */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** One media type or media range, lower-cased, with its parameters (values unquoted). */
export interface MediaType {
  type: string;
  subtype: string;
  params: Record<string, string>;
}

// RFC 7230 §3.2.6 token characters.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses `type/subtype; name=value; …` (RFC 7231 §3.1.1.1). Returns null for anything that is
 * not one well-formed media type, so a caller can answer 406/415 instead of guessing.
 */
export function parseMediaType(value: string): MediaType | null {
  const parts = splitOutsideQuotes(value, ';');
  const head = parts.shift()?.trim() ?? '';
  const slash = head.indexOf('/');
  if (slash <= 0) return null;
  const type = head.slice(0, slash).toLowerCase();
  const subtype = head.slice(slash + 1).toLowerCase();
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return null;
  const params: Record<string, string> = {};
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const name = part.slice(0, eq).trim().toLowerCase();
    let val = part.slice(eq + 1).trim();
    if (!TOKEN.test(name)) return null;
    if (val.startsWith('"')) {
      if (val.length < 2 || !val.endsWith('"')) return null;
      val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    } else if (!TOKEN.test(val)) {
      return null;
    }
    params[name] = val;
  }
  return { type, subtype, params };
}

/**
 * True when a Content-Type names TAXII 2.1: `application/taxii+json` with `version=2.1`, or with
 * no version (TAXII 2.1 §1.6.8.2: "latest version the server supports", which for us is 2.1).
 */
export function isTaxii21MediaType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const media = parseMediaType(contentType);
  return media !== null && isTaxiiRange(media);
}

/**
 * True when an Accept header allows a TAXII 2.1 response. TAXII 2.1 §3.1: every request MUST carry
 * at least one TAXII media range, so `*\/*` or `application/json` alone is not enough; a range
 * with `q=0` is a refusal (RFC 7231 §5.3.1).
 */
export function acceptsTaxii21(accept: string | null | undefined): boolean {
  if (!accept) return false;
  for (const range of splitOutsideQuotes(accept, ',')) {
    const media = parseMediaType(range);
    if (media === null || !isTaxiiRange(media)) continue;
    const q = media.params.q;
    if (q !== undefined && !(Number(q) > 0)) continue;
    return true;
  }
  return false;
}

function isTaxiiRange(media: MediaType): boolean {
  if (media.type !== 'application' || media.subtype !== 'taxii+json') return false;
  const version = media.params.version;
  return version === undefined || version === '2.1';
}

/** Splits on `separator` except inside double quotes (parameter values may contain it). */
function splitOutsideQuotes(value: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && quoted && i + 1 < value.length) {
      current += ch + (value[i + 1] as string);
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}
