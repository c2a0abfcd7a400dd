import { describe, expect, it } from 'vitest';
import { DEFACER_PHRASES } from '../../src/detectors/data/defacer-phrases.js';
import { SELF_CLAIM_WEIGHT } from '../../src/detectors/data/self-claims.js';
import { signClaims } from '../../src/detectors/signed-claims.js';

/** A bare "has been hacked" and a crew's signature read in one picture (signed-claims.ts). */

const entry = (text: string) => {
  const found = DEFACER_PHRASES.find((e) => e.text === text);
  if (!found) throw new Error(`no phrase entry "${text}"`);
  return found;
};
const hit = (text: string, share = 1) => ({ entry: entry(text), weight: entry(text).weight * share });

describe('a claim signed by a crew', () => {
  it('makes a bare fall a self-claim when the crew signs the same picture, in any listed language', () => {
    for (const fall of ['has been hacked', 'telah diretas', 'na-hack', '被駭客入侵']) {
      const [claim, crew] = signClaims([hit(fall), hit('cyber army')]);
      expect(claim, fall).toMatchObject({ weight: SELF_CLAIM_WEIGHT, signedBy: 'cyber army' });
      expect(crew).toEqual(hit('cyber army'));
    }
  });

  it('keeps the share a misread match lost', () => {
    const [claim] = signClaims([hit('has been hacked', 0.8), hit('was here')]);
    expect(claim!.weight).toBeCloseTo(0.8 * SELF_CLAIM_WEIGHT);
  });

  it('leaves a fall alone without a signature, and a signature without a fall', () => {
    expect(signClaims([hit('has been hacked')])).toEqual([hit('has been hacked')]);
    expect(signClaims([hit('cyber army'), hit('we are anonymous')])).toEqual([hit('cyber army'), hit('we are anonymous')]);
  });
});
