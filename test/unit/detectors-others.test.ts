import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import type { Capture, ResourceOrigins, VisualDiff } from '../../src/core/types.js';
import { contentReplacement } from '../../src/detectors/content-replacement.js';
import { newOrigins } from '../../src/detectors/new-origins.js';
import { titleChange } from '../../src/detectors/title-change.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { visualChange } from '../../src/detectors/visual-change.js';
import { pageCapture } from '../helpers/capture-fixture.js';

function capture(body: string, over: Partial<Capture> = {}): Capture {
  return pageCapture(body, { screenshotSize: { width: 1366, height: 3000 }, pageHeight: 3000, ...over });
}

function visual(changedFraction: number, regions: VisualDiff['regions'] = []): VisualDiff {
  const compared = 1366 * 3000;
  return {
    identical: changedFraction === 0,
    changedFraction,
    changedPixels: Math.round(changedFraction * compared),
    comparedPixels: compared,
    regions,
    sizeChanged: false,
  };
}

function ctx(baseline: Capture, current: Capture, v: VisualDiff): DetectorContext {
  return { site: { id: 'mofa', url: baseline.url, sector: 'government' }, baseline, current, visual: v, dom: compareDom(baseline, current) };
}

const HOME = `
  <h1>Ministry of Examples</h1>
  <nav><a>Home</a> <a>About the ministry</a> <a>Services</a> <a>Contact</a></nav>
  <p>The ministry announced a new programme for regional disaster preparedness on Monday.</p>
  <p>Applications for the national scholarship open in April and close at the end of May.</p>
  <p>Public consultation on the draft coastal management plan runs until the end of June.</p>
  <footer>Copyright Ministry of Examples. All rights reserved.</footer>`;
const DEFACED = '<h1>Hacked by Team X</h1><p>Diaoyu islands belong to China</p><img src="/flag.png">';

describe('content-replacement', () => {
  it('scores a full-page replacement high', () => {
    const [s] = contentReplacement.detect(ctx(capture(HOME), capture(DEFACED), visual(0.92)));
    expect(s!.kind).toBe('replacement');
    expect(s!.score).toBeGreaterThanOrEqual(0.85);
    expect(s!.summary).toMatch(/^(9\d|100)% of the visible text is gone$/);
  });

  it('scores a replacement by a flag image with no text at all high too', () => {
    const [s] = contentReplacement.detect(ctx(capture(HOME), capture('<img src="/flag.png">'), visual(0.85)));
    expect(s!.score).toBeGreaterThanOrEqual(0.85);
    expect(s!.summary).toBe('100% of the visible text is gone');
  });

  it('scores a changed news item low', () => {
    const after = HOME.replace(
      'Applications for the national scholarship open in April and close at the end of May.',
      'The minister visited flood-hit towns in the north on Tuesday afternoon.',
    );
    const [s] = contentReplacement.detect(ctx(capture(HOME), capture(after), visual(0.01)));
    expect(s!.score).toBeLessThan(0.1);
  });

  it('says nothing when the text did not change', () => {
    expect(contentReplacement.detect(ctx(capture(HOME), capture(HOME), visual(0.3)))).toEqual([]);
  });

  it('does not call an HTTP error page or a blank page a replacement', () => {
    const error = contentReplacement.detect(ctx(capture(HOME), capture('<h1>503 Service Unavailable</h1>', { status: 503 }), visual(0.9)));
    expect(error[0]!.kind).toBe('supporting');
    expect(error[0]!.summary).toBe('the content was replaced by an HTTP 503 response');
    const blank = contentReplacement.detect(ctx(capture(HOME), capture(''), visual(0.9)));
    expect(blank[0]!.kind).toBe('supporting');
    expect(blank[0]!.summary).toBe('the page is now blank');
  });

  it('needs a visible change before text removal counts as replacement', () => {
    const [s] = contentReplacement.detect(ctx(capture(HOME), capture(DEFACED), visual(0.01)));
    expect(s!.score).toBeLessThan(0.7);
  });

  it('judges a page with little text on pixels alone, below defaced by itself', () => {
    const [s] = contentReplacement.detect(ctx(capture('<p>Welcome</p>'), capture('<p>Hello</p>'), visual(0.9)));
    expect(s!.score).toBeGreaterThan(0.4);
    expect(s!.score).toBeLessThan(0.7);
  });
});

describe('visual-change', () => {
  it('is silent for a negligible change', () => {
    expect(visualChange.detect(ctx(capture(HOME), capture(HOME), visual(0.0002)))).toEqual([]);
  });

  it('scores a banner low and a full-page change higher but never above 0.4', () => {
    const banner = visualChange.detect(ctx(capture(HOME), capture(HOME), visual(0.05, [{ x: 0, y: 0, width: 1366, height: 150 }])));
    expect(banner[0]!.score).toBeLessThan(0.05);
    expect(banner[0]!.summary).toBe('5% of the page looks different in one region');
    expect(banner[0]!.evidence.aboveTheFoldChanged).toBeCloseTo(150 / 768);
    const full = visualChange.detect(ctx(capture(HOME), capture(HOME), visual(0.95, [{ x: 0, y: 0, width: 1366, height: 3000 }])));
    expect(full[0]!.score).toBe(0.4);
    expect(full[0]!.evidence.aboveTheFoldChanged).toBe(1);
  });
});

describe('visual-change on aligned screenshots', () => {
  const banner = { x: 0, y: 120, width: 1366, height: 80 };

  it('names an inserted banner and the shift instead of a percentage', () => {
    const v: VisualDiff = {
      ...visual(0.027, [banner]),
      sizeChanged: true,
      changes: [{ kind: 'inserted', box: banner, changedPixels: 1366 * 80, shift: 80 }],
      movedRows: 2880,
    };
    const [s] = visualChange.detect(ctx(capture(HOME), capture(HOME), v));
    expect(s!.summary).toBe('a new banner was inserted at the top of the page, pushing the content below down');
    expect(s!.score).toBeCloseTo(0.45 * 0.027);
    expect(s!.evidence.changes).toEqual(v.changes);
    expect(s!.evidence.movedRows).toBe(2880);
  });

  it('keeps the percentage for changes in place', () => {
    const box = { x: 100, y: 300, width: 200, height: 100 };
    const v: VisualDiff = { ...visual(0.005, [box]), changes: [{ kind: 'replaced', box, changedPixels: 20000, shift: 0 }], movedRows: 0 };
    const [s] = visualChange.detect(ctx(capture(HOME), capture(HOME), v));
    expect(s!.summary).toBe('0.5% of the page looks different in one region');
  });
});

describe('content-replacement on aligned screenshots', () => {
  it('counts the blocks it saw, and still scores a full replacement high', () => {
    const page = { x: 0, y: 0, width: 1366, height: 3000 };
    const v: VisualDiff = { ...visual(0.97, [page]), changes: [{ kind: 'replaced', box: page, changedPixels: 3_975_000, shift: 0 }], movedRows: 0 };
    const [s] = contentReplacement.detect(ctx(capture(HOME), capture(DEFACED), v));
    expect(s!.score).toBeGreaterThanOrEqual(0.85);
    expect(s!.evidence.changedBlocks).toEqual({ inserted: 0, removed: 0, replaced: 1 });
  });
});

describe('title-change', () => {
  it('is silent when the title is the same', () => {
    expect(titleChange.detect(ctx(capture(HOME), capture(HOME), visual(0)))).toEqual([]);
  });

  it('scores an edit lower than a replacement', () => {
    const edit = titleChange.detect(ctx(capture(HOME), capture(HOME, { title: 'Ministry of Examples – News' }), visual(0)));
    const replaced = titleChange.detect(ctx(capture(HOME), capture(HOME, { title: 'Owned by nobody' }), visual(0)));
    expect(edit[0]!.score).toBeLessThan(replaced[0]!.score);
    expect(replaced[0]!.summary).toBe('the title changed from "Ministry of Examples" to "Owned by nobody"');
  });

  const titled = (title: string) => titleChange.detect(ctx(capture(HOME), capture(HOME, { title }), visual(0)));
  const claim = (title: string) => titled(title).find((s) => s.kind === 'signature');

  it.each([
    ['en', 'This site has been hacked!!!'],
    ['zh, simplified', '被黑了 | 示例部'],
    ['zh, traditional, no actor', '被駭客入侵'],
    ['ja', 'ハッキングされました'],
    ['ko', '해킹당했습니다 - 예시부'],
    ['vi', 'Đã bị hack'],
    ['th', 'ถูกแฮก!!'],
    ['id', 'Situs Telah Diretas'],
    ['tl', 'Na-hack! | Lungsod ng Halimbawa'],
    ['en, with an actor', 'Hacked by Shadow Panda'],
  ])('a title saying the site was hacked is the site speaking of itself (%s)', (_what, title) => {
    const signal = claim(title);
    expect(signal?.score).toBeGreaterThanOrEqual(0.9);
    expect(signal?.evidence.selfClaim).toBe(true);
  });

  it.each([
    ['vi, phishing warning', 'Cảnh báo lừa đảo / phishing warning | Tòa án'],
    ['en, advice', 'How to tell if your site has been hacked | CERT'],
    ['en, a headline quoting the phrase', 'Sites defaced with "Hacked by" message, CERT warns | News'],
    ['id, a condition', 'Jika situs Anda telah diretas, hubungi BSSN'],
    ['en, an ordinary title', 'Ministry of Examples – News'],
  ])('a title about hacking that is not a claim stays supporting (%s)', (_what, title) => {
    expect(claim(title)).toBeUndefined();
  });

  it('a claim the old title already made is not new', () => {
    const signals = titleChange.detect(ctx(capture(HOME, { title: 'Hacked by Shadow Panda' }), capture(HOME, { title: 'Hacked by Shadow Panda!!' }), visual(0)));
    expect(signals.map((s) => s.kind)).toEqual(['supporting']);
  });
});

describe('new-origins', () => {
  const origins = (o: Partial<ResourceOrigins>): ResourceOrigins => ({ scripts: [], iframes: [], images: [], ...o });

  it('flags a new script origin with a moderate score', () => {
    const s = newOrigins.detect(ctx(capture(HOME), capture(HOME, { origins: origins({ scripts: ['https://evil.example.com'] }) }), visual(0)));
    expect(s).toHaveLength(1);
    expect(s[0]!.kind).toBe('supporting');
    expect(s[0]!.score).toBe(0.3);
    expect(s[0]!.summary).toBe('new script origin https://evil.example.com');
  });

  it('grows with more origins but stays moderate', () => {
    const many = origins({
      scripts: ['https://a.example', 'https://b.example', 'https://c.example'],
      iframes: ['https://d.example', 'https://e.example', 'https://f.example'],
    });
    const s = newOrigins.detect(ctx(capture(HOME), capture(HOME, { origins: many }), visual(0)));
    expect(s[0]!.score).toBe(0.5);
    expect(s[0]!.summary).toBe('6 new script/frame origins (https://a.example, https://b.example, https://c.example, …)');
  });

  it('ignores new image origins and unchanged ones', () => {
    const before = capture(HOME, { origins: origins({ scripts: ['https://www.example.go.jp'] }) });
    const after = capture(HOME, { origins: origins({ scripts: ['https://www.example.go.jp'], images: ['https://img.example'] }) });
    expect(newOrigins.detect(ctx(before, after, visual(0)))).toEqual([]);
  });
});
