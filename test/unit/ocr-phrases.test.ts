import { describe, expect, it } from 'vitest';
import { DEFACER_PHRASES } from '../../src/detectors/data/defacer-phrases.js';
import { compilePhrases } from '../../src/detectors/defacer-phrases.js';
import { editDistance, joinOcrWords, matchOcrPhrases } from '../../src/detectors/ocr-phrases.js';
import type { OcrResult, OcrWord } from '../../src/detectors/types.js';

const PHRASES = compilePhrases(DEFACER_PHRASES);

/** An OCR result from lines of space-separated words, all at one confidence. */
function read(lines: string[], confidence = 0.9): OcrResult {
  const words: OcrWord[] = lines.flatMap((l, line) =>
    l
      .split(' ')
      .filter(Boolean)
      .map((text) => ({ text, confidence, line })),
  );
  return { text: lines.join('\n'), confidence, words };
}

function found(lines: string[], confidence = 0.9) {
  return matchOcrPhrases(joinOcrWords(read(lines, confidence)), PHRASES).map((m) => [m.entry.text, m.distance]);
}

describe('joinOcrWords', () => {
  it('drops the spaces OCR puts between Chinese, Japanese and Thai characters, keeps Latin ones', () => {
    expect(joinOcrWords(read(['钓鱼 岛 是 中 国 的'])).text).toBe('钓鱼岛是中国的');
    expect(joinOcrWords(read(['HACKED BY 钓鱼 岛', 'RED  DRAGON'])).text).toBe('hacked by 钓鱼岛 red dragon');
    expect(joinOcrWords(read(['เว ็ บ ไซ ต ์'])).text).toBe('เว็บไซต์');
  });

  it('joins a slogan set on two lines', () => {
    expect(found(['钓鱼岛', '是中国的'])).toEqual([['钓鱼岛是中国的', 0]]);
  });

  it('splits a result without words on white space, at its overall confidence', () => {
    const r = joinOcrWords({ text: '钓 鱼 岛 是 中 国 的', confidence: 0.8 });
    expect(r.text).toBe('钓鱼岛是中国的');
    expect(r.words.every((w) => w.confidence === 0.8)).toBe(true);
  });
});

describe('matchOcrPhrases', () => {
  it('matches exact phrases at usable confidence only', () => {
    expect(found(['HACKED BY RED DRAGON'])).toEqual([['hacked by', 0]]);
    expect(found(['HACKED BY RED DRAGON'], 0.55)).toEqual([['hacked by', 0]]);
    expect(found(['HACKED BY RED DRAGON'], 0.4)).toEqual([]);
  });

  it('lets a long Latin phrase through with a misread letter, never a misread first letter', () => {
    expect(found(['HACKFD BY TEAM'])).toEqual([['hacked by', 1]]);
    expect(found(['hacked 8y team'])).toEqual([['hacked by', 1]]); // 8 looks like b
    expect(found(['Backed by the Ministry'])).toEqual([]);
    expect(found(['hacked my account? call us'])).toEqual([]);
    expect(found(['pwnep by x'])).toEqual([]); // "pwned by" is too short for a misread letter
    expect(found(['HACKFD BY TEAM'], 0.55)).toEqual([]); // fuzzy needs more confidence
  });

  it('ignores accents that an English model drops from Vietnamese', () => {
    expect(found(['HOANG SA LA CUA TRUNG QUOC'])).toEqual([['hoàng sa là của trung quốc', 0]]);
  });

  it('lets a long CJK phrase through with one wrong glyph, a short one not', () => {
    expect(found(['失閣 諸島 は 中 国 の も の だ'])).toEqual([['尖閣諸島は中国のもの', 1]]);
    expect(found(['钩 鱼 岛 是 中 国 的'])).toEqual([['钓鱼岛是中国的', 1]]);
    expect(found(['上 海 是 中 国 的'])).toEqual([]);
  });

  it('finds nothing in ordinary banners or garbage', () => {
    expect(found(['Welcome to the Ministry of Health'])).toEqual([]);
    expect(found(['欢迎 访问 新 加 坡 政府 网 站'])).toEqual([]);
    expect(found(['令 和 7 年 度 予算 案 の お 知ら せ'])).toEqual([]);
    expect(found(['— = | 7 » 4 ** Pattee 并 下 机 Ca'], 0.3)).toEqual([]);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('hackedby', 'hackedby')).toBe(0);
    expect(editDistance('hackfdby', 'hackedby')).toBe(1);
    expect(editDistance('hackedbyy', 'hackedby')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
