/**
 * TAXII and STIX timestamps as numbers, so they compare by value rather than by spelling
 * ("…:00Z" and "…:00.000Z" are the same instant).
 */

// RFC 3339 in UTC with the "Z" designation, any number of fractional digits (STIX 2.1 §3.2 allows
// any precision; TAXII 2.1 §2 requires six). Offsets other than Z are refused: both specs demand Z.
const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/**
 * Microseconds since the epoch of an RFC 3339 UTC timestamp, or null when it is not one (or names
 * a day that does not exist). Digits past the sixth are dropped: TAXII 2.1 §2 counts in microseconds.
 */
export function parseTimestampMicros(value: string): number | null {
  const m = RFC3339_UTC.exec(value);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 February over into March: refuse days the month does not have.
  if (new Date(ms).getUTCDate() !== day) return null;
  const micros = Number((frac + '000000').slice(0, 6));
  return ms * 1000 + micros;
}

/**
 * A TAXII timestamp (TAXII 2.1 §2: `YYYY-MM-DDTHH:MM:SS.ssssssZ`, microsecond precision) for a
 * count of microseconds since the epoch.
 */
export function formatTaxiiTimestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  const iso = new Date(ms).toISOString(); // …T03:00:00.123Z
  return `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
