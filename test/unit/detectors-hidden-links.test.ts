import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import type { Capture, VisualDiff } from '../../src/core/types.js';
import { hiddenLinks, MAX_SCORE, MIN_LINKS } from '../../src/detectors/hidden-links.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

const URL = 'https://www.example.go.id/';

function capture(body: string, visibleText = ''): Capture {
  return pageCapture(body, { title: 'Bank', url: URL, visibleText });
}

const VISUAL: VisualDiff = { identical: true, changedFraction: 0, changedPixels: 0, comparedPixels: 5, regions: [], sizeChanged: false };
const BODY = '<nav><a href="/">Beranda</a> <a href="https://partner.example/">Mitra</a></nav><p>Selamat datang.</p><footer class="footer">© BSN</footer>';

function detect(before: string, after: string, visibleText = '') {
  const baseline = capture(before);
  const current = capture(after, visibleText);
  const ctx: DetectorContext = { site: { id: 'bsn', url: URL, sector: 'bank' }, baseline, current, visual: VISUAL, dom: compareDom(baseline, current) };
  return hiddenLinks.detect(ctx);
}

function farm(n: number, wrapper: (inner: string) => string, host = (i: number) => `https://gacor${i % 9}.example.org/daftar?ref=${i}`): string {
  const inner = Array.from({ length: n }, (_, i) => `<a href="${host(i)}">slot gacor ${i}</a>`).join(' ');
  return BODY.replace('<footer', `${wrapper(inner)}<footer`);
}

describe('hidden-links', () => {
  it('reports a hidden link farm as supporting evidence, never a defacement', () => {
    const signals = detect(
      BODY,
      farm(36, (x) => `<div style="display:none" class="seo-footer">${x}</div>`),
    );
    expect(signals).toHaveLength(1);
    expect(signals[0]!.kind).toBe('supporting');
    expect(signals[0]!.score).toBeGreaterThan(0.3);
    expect(signals[0]!.score).toBeLessThanOrEqual(MAX_SCORE);
    expect(signals[0]!.summary).toBe('36 hidden links to 9 other sites added (display:none; gacor0.example.org, gacor1.example.org, gacor2.example.org, …)');
    expect(signals[0]!.evidence).toMatchObject({ count: 36, originCount: 9, hiddenBy: { 'display-none': 36 } });
  });

  it('sees farms hidden in other ways', () => {
    expect(
      detect(
        BODY,
        farm(30, (x) => `<div hidden>${x}</div>`),
      ),
    ).toHaveLength(1);
    expect(
      detect(
        BODY,
        farm(30, (x) => `<p style="font-size:0">${x}</p>`),
      ),
    ).toHaveLength(1);
    expect(
      detect(
        BODY,
        farm(30, (x) => `<div style="position:absolute;left:-9999px;top:0">${x}</div>`),
      ),
    ).toHaveLength(1);
  });

  it('ignores new links people can see, links to the site itself, and links the baseline had', () => {
    expect(
      detect(
        BODY,
        farm(30, (x) => `<div class="partners">${x}</div>`),
      ),
    ).toEqual([]);
    expect(
      detect(
        BODY,
        farm(
          30,
          (x) => `<div hidden>${x}</div>`,
          (i) => `/berita/${i}`,
        ),
      ),
    ).toEqual([]);
    const withFarm = farm(30, (x) => `<div hidden>${x}</div>`);
    expect(detect(withFarm, withFarm.replace('Selamat datang.', 'Selamat pagi.'))).toEqual([]);
  });

  it(`needs at least ${MIN_LINKS} new hidden links: a hidden menu item or two is ordinary`, () => {
    expect(
      detect(
        BODY,
        farm(MIN_LINKS - 1, (x) => `<div hidden>${x}</div>`),
      ),
    ).toEqual([]);
    expect(
      detect(
        BODY,
        farm(MIN_LINKS, (x) => `<div hidden>${x}</div>`),
      ),
    ).toHaveLength(1);
  });

  it('counts links whose text the browser did not render when a class hides them', () => {
    const after = farm(20, (x) => `<div class="sf">${x}</div>`);
    expect(detect(BODY, after, 'Beranda Mitra Selamat datang. © BSN')[0]?.evidence).toMatchObject({ hiddenBy: { 'not-in-visible-text': 20 } });
  });
});
