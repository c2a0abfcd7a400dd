import type { DomDiff } from '../../src/core/types.js';

/** A DOM diff that found nothing (same title, text and origins); override what the test is about. */
export function domDiff(over: Partial<DomDiff> = {}): DomDiff {
  return {
    identical: false,
    titleBefore: 'Ministry of Examples',
    titleAfter: 'Ministry of Examples',
    titleChanged: false,
    textAdded: [],
    textRemoved: [],
    textSimilarity: 1,
    removedTextFraction: 0,
    newOrigins: { scripts: [], iframes: [], images: [] },
    ...over,
  };
}
