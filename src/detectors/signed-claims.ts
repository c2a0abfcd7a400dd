/**
 * A claim signed by a crew. "Has been hacked" (telah diretas, na-hack, 被駭客入侵) names no site and is
 * weak alone: news says it of other sites every day. A crew's signature ("Garuda Cyber Team", "X was
 * here") is weak alone too. Lettered together on one picture of the site, a line each, they are
 * the crew saying it took this site: a self-referencing claim, decisive like "hacked by X".
 */
import type { PhraseEntry } from './data/phrase-entry.js';
import { SELF_CLAIM_WEIGHT } from './data/self-claims.js';

/** A phrase found, with what it weighs so far. */
export interface WeighedHit {
  entry: PhraseEntry;
  weight: number;
}

/** A site falling, said of no site in particular. */
function bareFall(entry: PhraseEntry): boolean {
  return entry.claim === true && entry.weight < SELF_CLAIM_WEIGHT;
}

/** A crew's signature: a defacer phrase that goes with a name ("… Cyber Team", "… was here"). */
function signature(entry: PhraseEntry): boolean {
  return entry.kind === 'defacer' && entry.anywhere === true && entry.claim !== true;
}

/**
 * The hits of one picture with every bare fall raised to a self-claim's weight (keeping its share
 * for a misread match) when a crew's signature was read in the same picture; `signedBy` names the
 * signature. Hits of other kinds are returned as they were.
 */
export function signClaims<H extends WeighedHit>(hits: readonly H[]): (H & { signedBy?: string })[] {
  const crew = hits.find((h) => signature(h.entry));
  if (!crew) return [...hits];
  return hits.map((h) => (bareFall(h.entry) ? { ...h, weight: (h.weight / h.entry.weight) * SELF_CLAIM_WEIGHT, signedBy: crew.entry.text } : h));
}
