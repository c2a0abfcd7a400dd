import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/core/types.js';
import * as S from '../fixtures/flags/scenes.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';
import { asset, page, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { animatedGif, cloth, flagImage, flagPhoto, jpegBytes, streetScene, trapPhoto } from '../helpers/flag-photos.js';

/**
 * Flag photographs through the real CLI in real Chromium: a ministry page whose pictures are
 * overwritten under the same URLs (an attacker with write access to the upload folder). A waving
 * PRC flag photo in the hero `<img>`, a flag photo as the hero's CSS background and a flag GIF in
 * the header are defacements on their own; a summit photograph with the PRC flag beside the host's
 * flag inside a news article is only a change.
 */

let site: FixtureServer;
let workspace: { dir: string; cleanup(): Promise<void> };

const HEAD = `<style>
  body { margin: 0; font-family: sans-serif; color: #222; }
  header { display: flex; align-items: center; gap: 16px; padding: 8px 24px; background: #0b3d6e; color: #fff; height: 110px; }
  .hero { width: 1000px; height: 520px; margin: 16px auto; background-size: cover; background-position: center; }
  .hero img { width: 1000px; height: 520px; object-fit: cover; display: block; }
  main { width: 1000px; margin: 0 auto; }
  article img { width: 480px; display: block; }
  p { line-height: 1.6; }
</style>`;

const TEXT = '<p>The ministry publishes its budget outline, the flood-control works schedule and the consultation results for the coastal highway.</p>';

function html(hero: string): string {
  return page(
    `<header><img src="/img/logo.gif" alt="Ministry" width="150" height="100"><h1>Ministry of Examples</h1></header>` +
      `${hero}<main>${TEXT}<article><h2>Minister meets delegation</h2><img src="/img/news.jpg" alt="">${TEXT}</article>${TEXT}</main>`,
    HEAD,
  );
}

const HERO_IMG = '<section class="hero"><img src="/img/hero.jpg" alt="Harbour at dawn"></section>';
const HERO_BG = `<section class="hero" style="background-image: url('/img/hero-bg.jpg')"></section>`;

/** A calm header logo: a blue tile with a white band. */
function logo(): RawImage {
  const img = S.blank(150, 100, [20, 80, 150]);
  S.paste(img, S.blank(150, 24, [240, 240, 240]), 0, 38);
  return img;
}

describe('flag photographs through the CLI', () => {
  beforeAll(async () => {
    const calm = (seed: number) => jpegBytes(streetScene(1000, 520, seed), 82);
    const gif = await animatedGif(logo(), []);
    site = await startFixtureServer({
      '/hero-img': html(HERO_IMG),
      '/hero-bg': html(HERO_BG),
      '/img/hero.jpg': asset('image/jpeg', await calm(1)),
      '/img/hero-bg.jpg': asset('image/jpeg', await calm(2)),
      '/img/news.jpg': asset('image/jpeg', await jpegBytes(streetScene(480, 270, 3), 82)),
      '/img/logo.gif': asset('image/gif', gif),
    });
    workspace = await makeWorkspace({
      'test.yaml': agencyYaml({ heroimg: site.url('/hero-img'), herobg: site.url('/hero-bg') }),
    });
    const baseline = await runCli(['baseline'], { cwd: workspace.dir, timeoutMs: 150_000 });
    expect(baseline.stderr).not.toMatch(/"level":(50|60)/u);
    expect(baseline.code).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await workspace?.cleanup();
    await site?.close();
  });

  interface Line {
    verdict: string;
    reason: string;
    signals: { detector: string; kind?: string; score: number; summary: string; evidence: Record<string, unknown> }[];
  }

  /** A pixel size or position written into words: "301x201", "120px", "y=40", "(533,60)". */
  const PIXEL_WORDS = /\d+ ?px\b|\d+x\d+|\b[xy]=\d|\(\d+, ?\d+\)/;

  async function check(siteId: string): Promise<Line> {
    const run = await runCli(['check', '--json', '--site', siteId], { cwd: workspace.dir, timeoutMs: 90_000 });
    const line = JSON.parse(run.stdout.trim()) as Line;
    expect(run.code, line.reason).toBe(line.verdict === 'defaced' ? 1 : 0);
    // People read places in words; the exact boxes are the evidence's.
    expect(line.reason).not.toMatch(PIXEL_WORDS);
    for (const s of line.signals) expect(s.summary).not.toMatch(PIXEL_WORDS);
    return line;
  }

  function flagSignals(line: Line): Line['signals'] {
    return line.signals.filter((s) => s.evidence.flag === 'cn');
  }

  it('calls a hero <img> overwritten with a waving PRC flag photo defaced, naming the hero', async () => {
    site.setRoute('/img/hero.jpg', asset('image/jpeg', await jpegBytes(await flagPhoto((w) => S.prcSvg(w), 'waving', 5, 1000, 520), 80)));
    const line = await check('heroimg');
    expect(line.verdict, line.reason).toBe('defaced');
    const best = flagSignals(line).sort((a, b) => b.score - a.score)[0];
    expect(best, line.reason).toMatchObject({ kind: 'signature', evidence: { place: 'hero' } });
    expect(best!.score).toBeGreaterThanOrEqual(0.7);
    expect(line.reason).toMatch(/^PRC flag in the hero picture;/);
    expect(flagSignals(line).find((f) => f.detector === 'national-flag')?.evidence.box).toMatchObject({ x: expect.any(Number), width: expect.any(Number) });
    site.setRoute('/img/hero.jpg', asset('image/jpeg', await jpegBytes(streetScene(1000, 520, 1), 82)));
  }, 120_000);

  it('calls a PRC flag photo as the hero’s CSS background defaced', async () => {
    site.setRoute('/img/hero-bg.jpg', asset('image/jpeg', await jpegBytes(await flagPhoto((w) => S.prcSvg(w), 'pole', 6, 1000, 520), 80)));
    const line = await check('herobg');
    expect(line.verdict, line.reason).toBe('defaced');
    expect(flagSignals(line).some((s) => s.kind === 'signature' && s.score >= 0.7)).toBe(true);
    site.setRoute('/img/hero-bg.jpg', asset('image/jpeg', await jpegBytes(streetScene(1000, 520, 2), 82)));
  }, 120_000);

  it('calls a PRC flag GIF in the header defaced, even when it opens on the old logo', async () => {
    const flag = await flagImage((w) => S.prcSvg(w), 150);
    const frames = [cloth(flag, 1, { strength: 0.5 }), cloth(flag, 2, { strength: 0.5 })].map((f) => {
      const tile = S.blank(150, 100, [255, 255, 255]);
      S.paste(tile, f, 0, Math.round((100 - f.height) / 2));
      return tile;
    });
    site.setRoute('/img/logo.gif', asset('image/gif', await animatedGif(logo(), frames)));
    const line = await check('heroimg');
    expect(line.verdict, line.reason).toBe('defaced');
    const gif = flagSignals(line).find((s) => s.detector === 'image-flag');
    expect(gif, line.reason).toMatchObject({ kind: 'signature', evidence: { place: 'header' } });
    expect(gif!.score).toBeGreaterThanOrEqual(0.7);
    site.setRoute('/img/logo.gif', asset('image/gif', await animatedGif(logo(), [])));
  }, 120_000);

  it('keeps a summit photo with the PRC flag beside the host’s flag, inside an article, at changed', async () => {
    site.setRoute('/img/news.jpg', asset('image/jpeg', await jpegBytes(await trapPhoto('summit', 7, 480, 270), 82)));
    const line = await check('heroimg');
    expect(line.verdict, line.reason).toBe('changed');
    for (const s of flagSignals(line)) expect(s.kind === 'supporting' || s.score < 0.7, JSON.stringify(s)).toBe(true);
    site.setRoute('/img/news.jpg', asset('image/jpeg', await jpegBytes(streetScene(480, 270, 3), 82)));
  }, 120_000);
});
