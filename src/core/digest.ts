/**
 * A digest entry: one site's `changed` verdicts folded over a period. Plain data shared by the
 * store, which keeps the entries until the digest goes out, and the sinks, which show them.
 */

/** One site's `changed` verdicts in a digest. */
export interface DigestEntry {
  site: string;
  url: string;
  /** How many checks said `changed` in the period. */
  checks: number;
  firstAt: string;
  lastAt: string;
  /** The most recent reason, and the highest score, in the period. */
  lastReason: string;
  maxScore: number;
}
