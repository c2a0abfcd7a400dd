/**
 * What another member of the sharing network told us to look for, reduced to what the detectors can
 * compare: slogans, perceptual hashes of defacement pages and images, and malicious origins. Plain
 * data: the STIX parser (sharing/stix) builds it from untrusted input, the shared-indicators detector
 * reads it.
 */

/** One indicator shared by a peer, validated and reduced to what our detectors understand. */
export interface SharedIndicator {
  /** The STIX id, e.g. `indicator--…`. */
  id: string;
  /** Its name, for people (`matches indicator "<name>" shared by …`); the id when it had none. */
  name: string;
  /** Name of the identity that created it, when that identity came in the same pull or is known. */
  createdBy?: string | undefined;
  /** The pull source (configured collection name) it came from. */
  source: string;
  /** Phrases shown on a defaced page, folded (NFKC, lower case, white space collapsed). */
  slogans: string[];
  /** 64-bit perceptual hashes (16 lower-case hex) of defacement pages' first screens or of their images. */
  screenshotHashes: string[];
  /**
   * Origins a defacement loaded scripts, frames or images from: `scheme://host[:port]`, or a bare
   * host name or IP address that matches any origin on that host.
   */
  origins: string[];
  validFrom: string;
  validUntil?: string;
  modified: string;
}

/** At most this many indicators are kept from one pull; the rest are refused. */
export const MAX_SHARED_INDICATORS = 5_000;
/** At most this many slogans, hashes and origins each per indicator. */
export const MAX_SLOGANS_PER_INDICATOR = 50;
export const MAX_HASHES_PER_INDICATOR = 50;
export const MAX_ORIGINS_PER_INDICATOR = 100;
/** Longest slogan kept, in characters (a slogan is a line of a page, not the page). */
export const MAX_SLOGAN_LENGTH = 300;
/**
 * A slogan weighs at least this much (see sloganWeight) or it is refused: "中国" or "hacked" alone would
 * match ordinary news.
 */
export const MIN_SLOGAN_WEIGHT = 8;
/** From this weight a slogan is specific enough to say "defaced" on its own. */
export const DECISIVE_SLOGAN_WEIGHT = 12;

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * How specific a slogan is: letters and digits count 1, characters of scripts written without
 * spaces (Chinese, Japanese, Thai…) count 2, since each carries about a word. "hacked by team x" weighs
 * 13, "钓鱼岛是中国的" 14, "中国" 4.
 */
export function sloganWeight(slogan: string): number {
  let weight = 0;
  for (const ch of slogan) {
    if (UNSPACED.test(ch)) weight += 2;
    else if (/[\p{L}\p{N}]/u.test(ch)) weight += 1;
  }
  return weight;
}
