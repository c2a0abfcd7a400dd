import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import { FIRST_SCREEN_HEIGHT, firstScreenHash } from '../../src/compare/perceptual-hash.js';
import type { CheckResult, RawImage } from '../../src/core/types.js';
import { decideVerdict } from '../../src/core/verdict.js';
import { defaultDetectors, runDetectors } from '../../src/detectors/registry.js';
import { describeScreenshot, incidentBundle, parseSharedObjects } from '../../src/sharing/stix/index.js';
import { pageCapture } from '../helpers/capture-fixture.js';
import { openIncident } from '../helpers/incident.js';

/** A defacement page drawn as a picture: dark, a banner, a flag-like block, lines of text blocks. */
function defacementSvg(width: number): Buffer {
  const lines = Array.from({ length: 6 }, (_, i) => `<rect x="${width / 2 - 300 + i * 17}" y="${420 + i * 40}" width="${600 - i * 34}" height="16" fill="#0c0"/>`).join(
    '',
  );
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="1000"><rect width="${width}" height="1000" fill="#050505"/>` +
      `<rect x="${width / 2 - 150}" y="60" width="300" height="200" fill="#de2910"/><rect x="${width / 2 - 500}" y="300" width="1000" height="70" fill="#e00"/>${lines}</svg>`,
  );
}

/** A ministry page drawn as a picture: white, a blue header, grey columns. */
function ministrySvg(): Buffer {
  const cols = [0, 1, 2].map((c) => `<rect x="${60 + c * 440}" y="300" width="380" height="600" fill="#ccc"/>`).join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="1366" height="1000"><rect width="1366" height="1000" fill="#fff"/><rect width="1366" height="120" fill="#036"/>${cols}</svg>`,
  );
}

async function rawOf(png: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

describe('describeScreenshot', () => {
  it('hashes the first screen and attaches it as a small JPEG when asked', async () => {
    const png = await sharp(defacementSvg(1366)).png().toBuffer();
    const facts = await describeScreenshot(png, { attach: true });
    expect(facts.phash).toBe(firstScreenHash(await rawOf(png)));
    expect(facts.image!.mimeType).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(facts.image!.data)).metadata();
    expect([meta.width, meta.height]).toEqual([1366, FIRST_SCREEN_HEIGHT]);
    expect((await describeScreenshot(png)).image).toBeUndefined();
    expect((await describeScreenshot(png, { attach: true, maxBytes: 200 })).image).toBeUndefined();
    const blank = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await describeScreenshot(blank)).toEqual({});
    await expect(describeScreenshot(new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });
});

describe('from one member to another', () => {
  it('a defacement reported by A is recognised by B on a different site, by its picture alone, and named', async () => {
    // Member A: a defaced ministry site; its incident is shared as STIX.
    const defacedA = await sharp(defacementSvg(1366)).png().toBuffer();
    const check: CheckResult = {
      site: 'moh-home',
      url: 'https://www.moh.example.go.jp/',
      verdict: 'defaced',
      score: 0.95,
      reason: 'Most of the page was replaced.',
      checkedAt: '2026-11-25T03:15:00.000Z',
      durationMs: 1000,
      signals: [{ detector: 'content-replacement', kind: 'replacement', score: 0.95, summary: '95% of the visible text is gone', evidence: {} }],
    };
    const incident = openIncident(check, { id: 'moh-home-20261125T031500Z', agency: 'Ministry of Health' });
    const bundle = incidentBundle(incident, { organisation: { name: 'CERT A' }, screenshot: await describeScreenshot(defacedA) });

    // Member B pulls it through JSON (as TAXII carries it) and checks a bank site, defaced with the same page at another width.
    const { indicators, rejected } = parseSharedObjects(JSON.parse(JSON.stringify(bundle.objects)) as unknown[], 'hub-a', { now: '2026-11-26T00:00:00Z' });
    expect(rejected).toEqual([]);
    const bankBaseline = pageCapture('<h1>Bank of Examples</h1><p>Open an account online in minutes, with no fees for the first year.</p>', {
      url: 'https://www.bank.example.co.th/',
      screenshot: await sharp(ministrySvg()).png().toBuffer(),
    });
    const defacedB = await sharp(defacementSvg(1280)).jpeg({ quality: 70 }).toBuffer();
    const bankNow = pageCapture('<h1>Bank of Examples</h1><p>Open an account online in minutes, with no fees for the first year.</p>', {
      url: 'https://www.bank.example.co.th/',
      screenshot: defacedB,
      capturedAt: '2026-11-26T01:00:00.000Z',
    });
    const visual = { identical: false, changedFraction: 0.6, changedPixels: 600_000, comparedPixels: 1_000_000, regions: [], sizeChanged: false };
    const ctx = {
      site: { id: 'bank-home', url: bankNow.url, sector: 'bank' },
      baseline: bankBaseline,
      current: bankNow,
      visual,
      dom: compareDom(bankBaseline, bankNow),
      currentImage: await rawOf(defacedB),
      sharedIndicators: indicators,
    };
    const signals = await runDetectors(defaultDetectors(), ctx);
    const decision = decideVerdict(signals, { visual, dom: ctx.dom });
    expect(decision.verdict).toBe('defaced');
    expect(decision.reason).toContain('atches indicator "Defacement page seen on www.moh.example.go.jp" shared by CERT A');
    // Without what A shared, B sees a big visual change with the text intact: changed, not defaced.
    const alone = await runDetectors(defaultDetectors(), { ...ctx, sharedIndicators: [] });
    expect(decideVerdict(alone, { visual, dom: ctx.dom }).verdict).toBe('changed');
  });
});
