import { describe, expect, it } from 'vitest';
import { foldText, isVolatileText, jaccard, multisetMinus, removedFraction, shingles, textShape, textUnits } from '../../src/compare/text.js';

describe('text measures', () => {
  it('folds full-width letters and case', () => {
    expect(foldText('  ＨＡＣＫＥＤ\u3000 By ')).toBe('hacked by');
  });

  it('makes 5-word shingles, one shingle for a short block', () => {
    expect([...shingles(['one two three four five six'])]).toEqual(['one two three four five', 'two three four five six']);
    expect([...shingles(['Hello world'])]).toEqual(['hello world']);
  });

  it('cuts Chinese and Japanese into character trigrams and keeps Latin words apart', () => {
    const s = shingles(['ABC 钓鱼岛是中国 def']);
    expect(s.has('钓鱼岛')).toBe(true);
    expect(s.has('中国')).toBe(false);
    expect(s.has('岛是中')).toBe(true);
    expect(s.has('abc')).toBe(true);
    expect(s.has('def')).toBe(true);
  });

  it('computes Jaccard similarity', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set())).toBe(1);
    expect(jaccard(new Set(['a']), new Set())).toBe(0);
  });

  it('weights removed words by length', () => {
    const before = textUnits(['keep this sentence', 'gone']);
    const after = textUnits(['keep this sentence']);
    expect(removedFraction(before, after)).toBeCloseTo(4 / (4 + 4 + 8 + 4));
    expect(removedFraction(textUnits([]), after)).toBe(0);
  });

  it('subtracts multisets keeping order', () => {
    expect(multisetMinus(['a', 'b', 'a', 'c'], ['a', 'c', 'd'])).toEqual(['b', 'a']);
  });
});

describe('isVolatileText', () => {
  const clock = (line: string) => textShape(line);
  const volatility = {
    textShapes: [clock('Lunes, Disyembre 7, 2026, 11:45:02 PM'), clock('Miyerkules, Disyembre 9, 2026, 2:52:33 AM'), clock('Disaster drill in all provinces on Monday')],
  };

  it('knows a line the samples showed, at any time', () => {
    expect(isVolatileText('Lunes, Disyembre 7, 2026, 10:05:59 PM', volatility)).toBe(true);
  });

  it('takes a clock line whose weekday and AM/PM the samples showed varying, in a combination they never showed', () => {
    expect(isVolatileText('Martes, Disyembre 8, 2026, 12:01:23 AM', volatility)).toBe(true);
  });

  it('never takes new text of the same length for a learnt line', () => {
    expect(isVolatileText('Hacked by Shadow Panda team on Monday', volatility)).toBe(false);
    expect(isVolatileText('Martes, Disyembre 8, 2026, hacked by Panda', volatility)).toBe(false);
    expect(isVolatileText('Martes, Disyembre 8, 2026, 12:01:23 AM', { textShapes: [volatility.textShapes[0]!] })).toBe(false);
  });
});
