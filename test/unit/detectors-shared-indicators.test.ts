import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import { firstScreenHash, imageHash } from '../../src/compare/perceptual-hash.js';
import type { SharedIndicator } from '../../src/core/shared-indicator.js';
import type { Capture, RawImage, Signal, VisualDiff } from '../../src/core/types.js';
import { decideVerdict } from '../../src/core/verdict.js';
import { defaultDetectors, runDetectors } from '../../src/detectors/registry.js';
import { MAX_SIGNALS, sharedIndicators } from '../../src/detectors/shared-indicators.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

const HOME = `
  <h1>Ministry of Health</h1>
  <nav><a>News</a> <a>Hospitals</a> <a>Vaccination</a> <a>Open data</a></nav>
  <p>Seasonal influenza vaccination for people over sixty-five starts at district clinics in October.</p>
  <p>The ministry publishes weekly figures on hospital bed occupancy for each prefecture on Fridays.</p>
  <p>Applications for the rural nursing scholarship close at the end of the fiscal year in March.</p>
  <footer>Ministry of Health, 1-2-2 Kasumigaseki. Contact the press office for interviews.</footer>`;

/** A banner a defacer put on top of the page: a slogan that is in no phrase list, only in a peer's indicator. */
const BANNER = '<div><h2>Greetings from Team X — your security is our playground</h2></div>';

function shared(over: Partial<SharedIndicator> = {}): SharedIndicator {
  return {
    id: 'indicator--f6828e21-9008-526e-b3a0-a579bf114973',
    name: 'Defacement "greetings from team x" on www.moh.example.go.jp',
    createdBy: 'Example National CSIRT',
    source: 'asean-hub',
    slogans: ['greetings from team x'],
    screenshotHashes: [],
    origins: [],
    validFrom: '2026-11-25T03:15:00.123Z',
    validUntil: '2027-02-23T03:45:00.000Z',
    modified: '2026-11-25T03:45:00.000Z',
    ...over,
  };
}

function visual(changedFraction: number): VisualDiff {
  const compared = 1366 * 2000;
  return {
    identical: changedFraction === 0,
    changedFraction,
    changedPixels: Math.round(changedFraction * compared),
    comparedPixels: compared,
    regions: [],
    sizeChanged: false,
  };
}

function capture(body: string, over: Partial<Capture> = {}): Capture {
  return pageCapture(body, { capturedAt: '2026-12-01T00:00:00.000Z', ...over });
}

function ctx(baseline: Capture, current: Capture, v: VisualDiff, indicators?: SharedIndicator[], extra: Partial<DetectorContext> = {}): DetectorContext {
  return {
    site: { id: 'mofa', url: baseline.url, sector: 'government' },
    baseline,
    current,
    visual: v,
    dom: compareDom(baseline, current),
    ...(indicators === undefined ? {} : { sharedIndicators: indicators }),
    ...extra,
  };
}

async function verdictOf(c: DetectorContext): Promise<{ verdict: string; signals: Signal[]; reason: string }> {
  const signals = await runDetectors(defaultDetectors(), c);
  const decision = decideVerdict(signals, { visual: c.visual, dom: c.dom });
  return { verdict: decision.verdict, signals, reason: decision.reason };
}

describe('shared-indicators: slogans', () => {
  it('turns a slogan no phrase list knows into a defacement, naming the indicator and who shared it', async () => {
    const c = ctx(capture(HOME), capture(BANNER + HOME), visual(0.08), [shared()]);
    const [signal] = await sharedIndicators.detect(c);
    expect(signal).toMatchObject({ detector: 'shared-indicators', kind: 'signature' });
    expect(signal!.summary).toBe(
      'matches indicator "Defacement "greetings from team x" on www.moh.example.go.jp" shared by Example National CSIRT (slogan "greetings from team x" added)',
    );
    expect(signal!.score).toBeGreaterThanOrEqual(0.7);
    expect(signal!.evidence).toMatchObject({ indicator: shared().id, slogans: ['greetings from team x'], source: 'asean-hub' });

    const withIndicator = await verdictOf(c);
    expect(withIndicator.verdict).toBe('defaced');
    expect(withIndicator.reason).toMatch(/^Matches indicator "Defacement "greetings from team x"/);
    // The same check without the shared indicator: a banner was added, nothing more.
    expect((await verdictOf(ctx(capture(HOME), capture(BANNER + HOME), visual(0.08)))).verdict).toBe('changed');
  });

  it('matches regardless of case, width and spacing, in the title too, and in scripts without spaces', async () => {
    const fullWidth = ctx(capture(HOME), capture(`<h2>ＧＲＥＥＴＩＮＧＳ   from\n Team Ｘ!!</h2>${HOME}`), visual(0.05), [shared()]);
    expect(await sharedIndicators.detect(fullWidth)).toHaveLength(1);
    const title = ctx(capture(HOME), capture(HOME, { title: 'Greetings from Team X' }), visual(0.01), [shared()]);
    expect(await sharedIndicators.detect(title)).toHaveLength(1);
    const chinese = ctx(capture(HOME), capture(`<p>本站已被黑，钓鱼岛是中国的！</p>${HOME}`), visual(0.1), [shared({ slogans: ['钓鱼岛是中国的'] })]);
    const [signal] = await sharedIndicators.detect(chinese);
    expect(signal!.kind).toBe('signature');
    expect(signal!.score).toBeGreaterThanOrEqual(0.7);
  });

  it('says nothing when no indicators were shared', async () => {
    const c = ctx(capture(HOME), capture(BANNER + HOME), visual(0.08));
    expect(await sharedIndicators.detect(c)).toEqual([]);
    expect(await sharedIndicators.detect({ ...c, sharedIndicators: [] })).toEqual([]);
  });

  it('ignores unrelated text that only shares letters, and slogans the approved page already showed', async () => {
    const lookalike = ctx(capture(HOME), capture(`<p>Seasonal greetings from team xylophone, our school band.</p>${HOME}`), visual(0.02), [shared()]);
    expect(await sharedIndicators.detect(lookalike)).toEqual([]);
    const news = `<p>Security news: the slogan "Greetings from Team X" appeared on several sites.</p>`;
    const moved = ctx(capture(news + HOME), capture(HOME + news), visual(0.05), [shared()]);
    expect(await sharedIndicators.detect(moved)).toEqual([]);
    const expired = ctx(capture(HOME), capture(BANNER + HOME), visual(0.08), [shared({ validUntil: '2026-11-30T00:00:00Z' })]);
    expect(await sharedIndicators.detect(expired)).toEqual([]);
  });

  it('gives a short slogan some weight but never the verdict on its own', async () => {
    const c = ctx(capture(HOME), capture(`<p>Team X rules</p>${HOME}`), visual(0.01), [shared({ slogans: ['team x rules'] })]);
    const [signal] = await sharedIndicators.detect(c);
    expect(signal!.score).toBeLessThan(0.5);
    expect((await verdictOf(c)).verdict).toBe('changed');
  });
});

describe('shared-indicators: origins', () => {
  const bad = shared({ slogans: [], origins: ['cdn.evil.example', 'https://tracker.bad.example'] });

  it('reports a new script origin an indicator named as a compromise signal: changed, not defaced', async () => {
    const c = ctx(capture(HOME), capture(HOME, { origins: { scripts: ['https://cdn.evil.example'], iframes: [], images: [] } }), visual(0), [bad]);
    const [signal] = await sharedIndicators.detect(c);
    expect(signal).toMatchObject({ kind: 'supporting', evidence: { origins: ['https://cdn.evil.example'] } });
    expect(signal!.score).toBeGreaterThanOrEqual(0.3);
    expect(signal!.summary).toMatch(/^matches indicator ".*" shared by Example National CSIRT \(new origin https:\/\/cdn\.evil\.example\)$/);
    expect((await verdictOf(c)).verdict).toBe('changed');
  });

  it('matches full origins exactly and bare hosts on any scheme or port, frames and images too', async () => {
    const origins = { scripts: ['http://cdn.evil.example:8080'], iframes: ['https://tracker.bad.example'], images: ['http://tracker.bad.example'] };
    const [signal] = await sharedIndicators.detect(ctx(capture(HOME), capture(HOME, { origins }), visual(0), [bad]));
    expect(signal!.evidence.origins).toEqual(['http://cdn.evil.example:8080', 'https://tracker.bad.example']);
  });

  it('ignores origins the baseline already used and hosts that only end alike', async () => {
    const same = { scripts: ['https://cdn.evil.example'], iframes: [], images: [] };
    expect(await sharedIndicators.detect(ctx(capture(HOME, { origins: same }), capture(HOME, { origins: same }), visual(0), [bad]))).toEqual([]);
    const lookalike = { scripts: ['https://notcdn.evil.example', 'https://cdn.evil.example.org'], iframes: [], images: [] };
    expect(await sharedIndicators.detect(ctx(capture(HOME), capture(HOME, { origins: lookalike }), visual(0), [bad]))).toEqual([]);
  });
});

/** A page picture: blocks on a background, laid out from a seed. */
async function picture(seed: number, background: string, width = 1366, height = 1200): Promise<{ png: Buffer; raw: RawImage }> {
  let s = seed;
  const rand = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const blocks = Array.from(
    { length: 12 },
    () => `<rect x="${rand(width - 200)}" y="${rand(700)}" width="${80 + rand(400)}" height="${30 + rand(200)}" fill="#${(0x100000 + rand(0xefffff)).toString(16)}"/>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="${background}"/>${blocks.join('')}</svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { png, raw: { width: info.width, height: info.height, data: new Uint8Array(data) } };
}

describe('shared-indicators: perceptual hashes', () => {
  it('recognises the defacement page a peer shared on another site, re-encoded', async () => {
    const site = await picture(1, '#ffffff');
    const defaced = await picture(7, '#000000');
    const seenByPeer = await sharp(defaced.png).jpeg({ quality: 55 }).toBuffer();
    const { data, info } = await sharp(seenByPeer).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const peerHash = firstScreenHash({ width: info.width, height: info.height, data: new Uint8Array(data) })!;
    const indicator = shared({ slogans: [], screenshotHashes: [peerHash] });

    const c = ctx(capture(HOME, { screenshot: site.png }), capture('<p>x</p>', { screenshot: defaced.png }), visual(0.9), [indicator], { currentImage: defaced.raw });
    const [signal] = await sharedIndicators.detect(c);
    expect(signal!.kind).toBe('signature');
    expect(signal!.score).toBeGreaterThanOrEqual(0.8);
    expect(signal!.summary).toMatch(/the first screen looks like its defacement page \(pHash distance \d+\)/);
    expect((await verdictOf(c)).verdict).toBe('defaced');
  });

  it('does not match other pages, an unchanged screenshot, or a page whose approved version already looks like it', async () => {
    const site = await picture(1, '#ffffff');
    const other = await picture(2, '#ffffff');
    const defaced = await picture(7, '#000000');
    const indicator = shared({ slogans: [], screenshotHashes: [firstScreenHash(defaced.raw)!] });
    const otherPage = ctx(capture(HOME, { screenshot: site.png }), capture(HOME, { screenshot: other.png }), visual(0.4), [indicator], { currentImage: other.raw });
    expect(await sharedIndicators.detect(otherPage)).toEqual([]);
    const unchanged = ctx(capture(HOME, { screenshot: defaced.png }), capture(HOME, { screenshot: defaced.png }), visual(0), [indicator]);
    expect(await sharedIndicators.detect(unchanged)).toEqual([]);
    // The approved page is that very page (a poor indicator, or one about this site): nothing new.
    const approved = ctx(capture(HOME, { screenshot: defaced.png }), capture('<p>x</p>', { screenshot: defaced.png }), visual(0.01), [indicator], {
      currentImage: defaced.raw,
    });
    expect(await sharedIndicators.detect(approved)).toEqual([]);
  });

  it('recognises a shared picture among the images the page newly loads, even off screen', async () => {
    const site = await picture(1, '#ffffff');
    const banner = await picture(9, '#220000', 600, 300);
    const indicator = shared({ slogans: [], screenshotHashes: [imageHash(banner.raw)!] });
    const c = ctx(capture(HOME, { screenshot: site.png }), capture(HOME, { screenshot: site.png }), visual(0.002), [indicator], {
      currentImage: site.raw,
      changedImages: [{ url: 'https://www.example.go.jp/slide3.jpg', sha256: 'ab'.repeat(32), shown: false, image: banner.raw }],
    });
    const [signal] = await sharedIndicators.detect(c);
    expect(signal).toMatchObject({ kind: 'signature', visibleToVisitors: true });
    expect(signal!.evidence.images).toEqual([{ url: 'https://www.example.go.jp/slide3.jpg', distance: 0 }]);
  });
});

describe('shared-indicators: many indicators', () => {
  it('reports the strongest few, each naming its own indicator', async () => {
    const indicators = Array.from({ length: 6 }, (_, i) =>
      shared({ id: `indicator--0000000${i}-1111-4111-8111-111111111111`, name: `campaign ${i}`, createdBy: undefined, source: `peer-${i}` }),
    );
    const signals = await sharedIndicators.detect(ctx(capture(HOME), capture(BANNER + HOME), visual(0.08), indicators));
    expect(signals).toHaveLength(MAX_SIGNALS);
    expect(signals.map((s) => s.summary.split(' (')[0])).toEqual([
      'matches indicator "campaign 0" shared by peer-0',
      'matches indicator "campaign 1" shared by peer-1',
      'matches indicator "campaign 2" shared by peer-2',
    ]);
  });
});
