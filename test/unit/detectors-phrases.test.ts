import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import type { Capture, VisualDiff } from '../../src/core/types.js';
import { DEFACER_PHRASES } from '../../src/detectors/data/defacer-phrases.js';
import { compilePhrases, createDefacerPhrasesDetector, defacerPhrases } from '../../src/detectors/defacer-phrases.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

function capture(body: string, title = 'Ministry of Examples', visibleText = ''): Capture {
  return pageCapture(body, { title, visibleText });
}

const VISUAL: VisualDiff = { identical: false, changedFraction: 0.2, changedPixels: 1, comparedPixels: 5, regions: [], sizeChanged: false };

function ctx(baseline: Capture, current: Capture): DetectorContext {
  return { site: { id: 'mofa', url: baseline.url, sector: 'government' }, baseline, current, visual: VISUAL, dom: compareDom(baseline, current) };
}

const BASE = '<h1>Ministry of Examples</h1><p>Welcome to the official website of the Ministry.</p><p>Latest news: new visa rules from 1 April.</p>';

function phrasesIn(signals: ReturnType<typeof defacerPhrases.detect>): string[] {
  return signals.flatMap((s) => (s.evidence.matches as { phrase: string }[]).map((m) => m.phrase));
}

describe('defacer-phrases', () => {
  it('compiles every shipped pattern', () => {
    expect(() => compilePhrases(DEFACER_PHRASES)).not.toThrow();
    for (const e of DEFACER_PHRASES) {
      expect(e.weight).toBeGreaterThan(0);
      expect(e.weight).toBeLessThanOrEqual(1);
    }
  });

  it('fires on "hacked by" in added text', () => {
    const signals = defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}<h1>Hacked By SuperTeam</h1>`)));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.kind).toBe('signature');
    expect(signals[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(signals[0]!.summary).toBe('defacer phrase "hacked by" added');
  });

  it('fires on leetspeak and full-width spellings', () => {
    expect(phrasesIn(defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}<p>H4ck3d by z3r0</p>`))))).toContain('hacked by');
    expect(phrasesIn(defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}<p>ＨＡＣＫＥＤ ＢＹ team</p>`))))).toContain('hacked by');
  });

  it('does not fire when the baseline already showed the phrase (a security news item)', () => {
    const news = '<p>Security advisory: a municipal site showed the message "hacked by" a group last year.</p>';
    const before = capture(`${BASE}${news}<p>Updated 10:00</p>`);
    const after = capture(`${BASE}${news.replace('last year', 'in 2024')}<p>Updated 10:05</p>`);
    const c = ctx(before, after);
    expect(c.dom.textAdded.some((b) => b.includes('hacked by'))).toBe(true); // the block was edited…
    expect(defacerPhrases.detect(c)).toEqual([]); // …but the phrase is not new
  });

  it('fires when the phrase appears more often than before', () => {
    const news = '<p>Advisory: a site showed "hacked by" last year.</p>';
    const signals = defacerPhrases.detect(ctx(capture(`${BASE}${news}`), capture(`${BASE}${news}<h1>hacked by TeamX</h1>`)));
    expect(signals).toHaveLength(1);
  });

  it('does not fire on ordinary Chinese news text', () => {
    const zh =
      '<p>新加坡政府今天宣布新的经济援助计划，以帮助中小企业应对成本上升。</p><p>外交部发言人就东海问题答记者问，表示愿意通过对话解决分歧。</p><p>近期网络安全形势严峻，黑客攻击事件有所增加，请市民提高警惕。</p>';
    expect(defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}${zh}`)))).toEqual([]);
  });

  it('fires on dispute slogans in simplified and traditional Chinese and in English', () => {
    const s1 = defacerPhrases.detect(ctx(capture(BASE), capture('<h1>钓鱼岛是中国的！</h1>')));
    expect(s1[0]!.summary).toBe('dispute slogan "钓鱼岛是中国的" added');
    expect(s1[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(phrasesIn(defacerPhrases.detect(ctx(capture(BASE), capture('<h1>釣魚島是中國的</h1>'))))).toEqual(['钓鱼岛是中国的']);
    expect(phrasesIn(defacerPhrases.detect(ctx(capture(BASE), capture('<h2>The Diaoyu Islands belong to China</h2>'))))).toEqual(['diaoyu islands belong to china']);
  });

  it.each([
    ['ja', '<p>尖閣諸島は中国の領土だ</p>', '尖閣諸島は中国のもの'],
    ['ko', '<p>독도는 한국땅이다</p>', '독도는 한국땅'],
    ['id', '<p>Website ini telah diretas oleh Garuda Team</p>', 'diretas oleh'],
    ['ms', '<p>Laman ini digodam oleh kumpulan X</p>', 'diretas oleh'],
    ['th', '<p>แฮกโดย ทีมเอ็กซ์</p>', 'แฮกโดย'],
    ['vi', '<p>Bị hack bởi nhóm X</p>', 'hack bởi'],
    ['vi', '<p>Hoàng Sa là của Trung Quốc</p>', 'hoàng sa là của trung quốc'],
    ['tl', '<p>Na-hack ni Anonymous Pinas</p>', 'na-hack ni'],
    ['tl', '<p>Na-hack na po ang website ninyo!</p>', 'na-hack na ang website ninyo'],
    ['tl', '<p>Hinack namin ang site na ito</p>', 'na-hack na ang website ninyo'],
    ['zh', '<p>中国红客联盟</p>', '中国红客'],
  ])('fires on a %s defacement phrase', (_lang, added, phrase) => {
    expect(phrasesIn(defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}${added}`))))).toContain(phrase);
  });

  it('matches Latin phrases on whole words only', () => {
    expect(defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}<p>The shacked bynames list</p>`)))).toEqual([]);
  });

  it('looks at a changed title and at alt text of new images', () => {
    const inTitle = defacerPhrases.detect(ctx(capture(BASE), capture(BASE, 'Hacked by Team X')));
    expect(inTitle[0]!.summary).toBe('defacer phrase "hacked by" in the title added');
    const inImage = defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}<img src="/x.png" alt="Defaced by Team X">`)));
    expect(inImage[0]!.evidence.matches).toMatchObject([{ phrase: 'defaced by', where: 'image' }]);
  });

  it('weighs a phrase inside long prose, mid-sentence, far below a defacement', () => {
    const prose = `<p>${'The national CERT reported that several agency portals were probed this quarter. '.repeat(4)}One page briefly read hacked by a known group before it was restored.</p>`;
    const s = defacerPhrases.detect(ctx(capture(BASE), capture(`${BASE}${prose}`)));
    expect(s[0]!.score).toBeLessThan(0.3);
    expect(s[0]!.summary).toContain('in long prose');
  });

  it('combines several phrases and stays below certainty', () => {
    const s = defacerPhrases.detect(ctx(capture(BASE), capture('<h1>Hacked by X</h1><p>Defaced by Y</p><p>greetz: all crew</p>')));
    expect(s[0]!.score).toBeGreaterThan(0.95);
    expect(s[0]!.score).toBeLessThanOrEqual(0.99);
    expect(s[0]!.summary).toBe('defacer phrase "defaced by", defacer phrase "hacked by", defacer phrase "greetz to … crew" added');
  });

  it('uses a custom phrase list when given one', () => {
    const d = createDefacerPhrasesDetector([{ text: 'pwnd lol', lang: 'en', kind: 'defacer', weight: 0.5 }]);
    expect(d.detect(ctx(capture(BASE), capture(`${BASE}<p>PWND LOL</p>`)))[0]!.score).toBe(0.5);
    expect(d.detect(ctx(capture(BASE), capture(`${BASE}<h1>Hacked by X</h1>`)))).toEqual([]);
  });
  it('reads the text of a slide not showing as shown to visitors; news about hacking there stays reporting', () => {
    const slides = '<div class="carousel"><div class="slide">Tax season</div><div class="slide" style="display:none">Library</div></div>';
    const on = (slideText: string) => pageCapture(`${BASE}${slides}`, { title: 'Ministry of Examples', visibleText: 'Welcome\nTax season', slideText });
    const claim = defacerPhrases.detect(ctx(on('Library'), on('Hacked by Shadow Panda Team')));
    expect(claim[0]!.summary).toBe('defacer phrase "hacked by" on a slide not showing added');
    expect(claim[0]!.visibleToVisitors).toBe(true);
    expect(claim[0]!.score).toBeGreaterThanOrEqual(0.9);
    const news = defacerPhrases.detect(ctx(on('Library'), on("Police say a regional bank's website was hacked by a group of teenagers last month.")));
    expect(news.every((s) => s.score < 0.5)).toBe(true);
    // The slide turned: what the baseline showed is old text wherever it is now.
    const shown = pageCapture(`${BASE}${slides}`, { title: 'Ministry of Examples', visibleText: 'Welcome\nHacked by Shadow Panda Team', slideText: 'Library' });
    expect(defacerPhrases.detect(ctx(shown, on('Hacked by Shadow Panda Team')))).toEqual([]);
  });
});
