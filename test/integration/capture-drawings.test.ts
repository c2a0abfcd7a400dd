import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../src/capture/browser.js';
import { capturePage, type CaptureRequest } from '../../src/capture/capture-page.js';
import { decodeChangedImages } from '../../src/compare/images.js';
import type { Capture, CapturedImage } from '../../src/core/types.js';
import { asset, page, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { agencyYaml, makeWorkspace, runCli } from '../helpers/cli.js';

/**
 * Pictures drawn on a carousel slide that is not showing when the screenshot is taken: a
 * `<canvas>` or an inline `<svg>`. The screenshot cannot see them and no image response carries
 * them, so the capture records them as PNGs beside the loaded images; a new one goes to the image
 * detectors. A chart redrawn with the same data and a clock that moves by itself must not alarm.
 */

const logger = pino({ level: 'silent' });
const FAST_SETTLE = { quietMs: 200, maxMs: 2_000 };

let pool: BrowserPool;
let site: FixtureServer;
let other: FixtureServer;

function capture(request: Partial<CaptureRequest> & { url: string }): Promise<Capture> {
  return capturePage(pool, { allowPrivateNetworks: true, settle: FAST_SETTLE, ...request }, { logger });
}

/** The PRC flag's stars in a 30 × 20 field (the corpus' flag-svg case uses the same geometry). */
const STARS = [
  '5.00,2.00 5.67,4.07 7.85,4.07 6.09,5.35 6.76,7.43 5.00,6.15 3.24,7.43 3.91,5.35 2.15,4.07 4.33,4.07',
  '9.14,2.51 9.62,1.97 9.25,1.34 9.91,1.63 10.39,1.08 10.33,1.80 11.00,2.09 10.29,2.25 10.22,2.97 9.85,2.35',
  '11.01,4.14 11.66,3.82 11.56,3.10 12.07,3.62 12.72,3.30 12.38,3.95 12.88,4.47 12.17,4.34 11.83,4.99 11.73,4.27',
  '11.04,6.73 11.76,6.70 11.96,6.00 12.21,6.68 12.94,6.66 12.37,7.10 12.62,7.79 12.01,7.38 11.44,7.83 11.64,7.13',
  '9.22,8.38 9.90,8.63 10.35,8.06 10.32,8.79 11.00,9.05 10.30,9.24 10.26,9.96 9.87,9.36 9.16,9.55 9.62,8.98',
];

/** A script that draws the PRC flag on canvas `#id` (360 × 240). */
function drawFlag(id: string): string {
  return `<script>(() => {
    const c = document.getElementById(${JSON.stringify(id)}).getContext('2d');
    c.scale(12, 12);
    c.fillStyle = '#ee1c25'; c.fillRect(0, 0, 30, 20);
    c.fillStyle = '#ffff00';
    for (const star of ${JSON.stringify(STARS)}) {
      const p = star.split(' ').map((xy) => xy.split(',').map(Number));
      c.beginPath(); c.moveTo(p[0][0], p[0][1]); for (const [x, y] of p.slice(1)) c.lineTo(x, y); c.closePath(); c.fill();
    }
  })();</script>`;
}

/** The PRC flag as inline SVG, coloured by a page stylesheet (as a themed site would). */
const SVG_FLAG = `<svg class="banner" width="360" height="240" viewBox="0 0 30 20"><rect class="field" width="30" height="20"/>${STARS.map(
  (p) => `<polygon class="star" points="${p}"/>`,
).join('')}</svg>`;
const SVG_STYLE = '<style>.banner .field { fill: #ee1c25 } .banner .star { fill: #ffff00 }</style>';

/** A bar chart drawn from fixed data, on canvas `#id`. */
function drawChart(id: string): string {
  return `<script>(() => {
    const c = document.getElementById(${JSON.stringify(id)}).getContext('2d');
    c.fillStyle = '#fff'; c.fillRect(0, 0, 360, 240);
    [40, 90, 65, 120, 150, 110].forEach((v, i) => { c.fillStyle = '#2a6fb0'; c.fillRect(20 + i * 55, 220 - v, 40, v); });
    c.fillStyle = '#333'; c.font = '14px sans-serif'; c.fillText('Visitors per month', 20, 20);
  })();</script>`;
}

/** An analogue and digital clock on canvas `#id`, drawn from the page's Date and redrawn each second. */
function drawClock(id: string): string {
  return `<script>(() => {
    const c = document.getElementById(${JSON.stringify(id)}).getContext('2d');
    const draw = () => {
      const now = new Date();
      c.fillStyle = '#fff'; c.fillRect(0, 0, 240, 160);
      c.strokeStyle = '#222'; c.lineWidth = 3;
      c.beginPath(); c.arc(80, 80, 60, 0, 2 * Math.PI); c.stroke();
      const hand = (turns, length) => { c.beginPath(); c.moveTo(80, 80); c.lineTo(80 + length * Math.sin(turns * 2 * Math.PI), 80 - length * Math.cos(turns * 2 * Math.PI)); c.stroke(); };
      hand((now.getHours() % 12 + now.getMinutes() / 60) / 12, 30);
      hand(now.getMinutes() / 60, 48);
      hand(now.getSeconds() / 60, 55);
      c.fillStyle = '#222'; c.font = '16px monospace'; c.fillText(now.toTimeString().slice(0, 8), 150, 85);
    };
    draw(); setInterval(draw, 1000);
  })();</script>`;
}

/** A two-slide carousel; the second slide is hidden when the screenshot is taken. */
function carousel(secondSlide: string, extra = ''): string {
  return page(
    `<h1>City Hall</h1><p>Opening hours 8:30 to 17:00. Residents' services and notices.</p>
     <div class="carousel" style="width:400px;height:260px;overflow:hidden;border:1px solid #ccc">
       <div class="slide" id="slide-1"><p>Welcome to the city portal.</p></div>
       <div class="slide" id="slide-2" style="display:none">${secondSlide}</div>
     </div>${extra}`,
    `<title>City Hall</title>${SVG_STYLE}`,
  );
}

function drawings(result: Capture): CapturedImage[] {
  return (result.images ?? []).filter((i) => /^(canvas|svg):/u.test(i.url));
}

async function rgb(png: Uint8Array, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * 4;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

beforeAll(async () => {
  pool = new BrowserPool({ logger });
  site = await startFixtureServer();
  other = await startFixtureServer({
    '/photo.png': asset(
      'image/png',
      await sharp({ create: { width: 64, height: 48, channels: 3, background: '#08f' } })
        .png()
        .toBuffer(),
    ),
  });
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
  await other?.close();
});

describe('capture records drawn pictures', () => {
  it('records a canvas and a stylesheet-coloured inline SVG on a hidden slide as PNGs, not shown', async () => {
    site.setRoute('/flags', carousel(`<canvas id="flag" width="360" height="240"></canvas>${drawFlag('flag')}${SVG_FLAG}`));
    const result = await capture({ url: site.url('/flags') });
    const drawn = drawings(result);
    expect(drawn.map((d) => [d.url, d.shown])).toEqual([
      ['canvas:#flag', false],
      ['svg:#slide-2>svg:nth-of-type(1)', false],
    ]);
    for (const d of drawn) {
      const png = result.imageBodies?.get(d.sha256);
      expect(png, d.url).toBeDefined();
      // The red field and the big yellow star, in the SVG's case from the page's stylesheet.
      const [r, g, b] = await rgb(png!, 340, 220);
      expect(r, d.url).toBeGreaterThan(200);
      expect(g + b, d.url).toBeLessThan(90);
      const [sr, sg, sb] = await rgb(png!, 60, 55);
      expect([sr > 200, sg > 200, sb < 80], d.url).toEqual([true, true, true]);
    }
  });

  it('marks a drawing on the showing slide as shown, and skips tiny, empty and tainted canvases', async () => {
    site.setRoute(
      '/mixed',
      page(
        `<canvas id="chart" width="360" height="240"></canvas>${drawChart('chart')}
         <canvas id="tiny" width="16" height="16"></canvas><canvas id="empty" width="0" height="0"></canvas>
         <canvas id="tainted" width="64" height="48"></canvas>
         <svg width="16" height="16"><circle cx="8" cy="8" r="6" fill="red"/></svg>
         <script>const img = new Image(); img.onload = () => document.getElementById('tainted').getContext('2d').drawImage(img, 0, 0);
         img.src = ${JSON.stringify(other.url('/photo.png'))};</script>`,
      ),
    );
    const result = await capture({ url: site.url('/mixed') });
    expect(drawings(result).map((d) => [d.url, d.shown])).toEqual([['canvas:#chart', true]]);
  });

  it('records nothing extra for a page without canvas or svg', async () => {
    site.setRoute('/plain', page('<h1>Plain</h1><p>No drawings here.</p>'));
    const result = await capture({ url: site.url('/plain') });
    expect(drawings(result)).toEqual([]);
  });

  it('draws the same chart to the same hash at another clock time, and a clock to another one', async () => {
    site.setRoute('/chart', carousel(`<canvas id="chart" width="360" height="240"></canvas>${drawChart('chart')}`));
    site.setRoute('/clock', carousel(`<canvas id="clock" width="240" height="160"></canvas>${drawClock('clock')}`));
    const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
    const chartA = await capture({ url: site.url('/chart'), clockTime: t0 });
    const chartB = await capture({ url: site.url('/chart'), clockTime: t0 + 3_723_000, randomSeed: 7 });
    expect(drawings(chartA)).toHaveLength(1);
    expect(drawings(chartB)).toEqual(drawings(chartA));
    expect(await decodeChangedImages(chartA, chartB)).toEqual([]);

    // A baseline of samples at different clock times has several hashes for the clock: volatile.
    const samples = await Promise.all([0, 61_000, 3_600_000 + 7_000].map((offset, i) => capture({ url: site.url('/clock'), clockTime: t0 + offset, randomSeed: i + 1 })));
    const merged = new Map(samples.flatMap((s) => s.images ?? []).map((i) => [i.sha256, i]));
    expect(new Set([...merged.values()].map((i) => i.url))).toEqual(new Set(['canvas:#clock']));
    expect(merged.size).toBe(3);
    const baseline: Capture = { ...samples[0]!, images: [...merged.values()] };
    const later = await capture({ url: site.url('/clock'), clockTime: t0 + 2 * 3_600_000 + 13_000 });
    expect(await decodeChangedImages(baseline, later)).toEqual([]);
    // One sample alone knows one clock face: the next one is a new picture (what the test guards against).
    expect((await decodeChangedImages(samples[0]!, later)).map((c) => c.url)).toEqual(['canvas:#clock']);
  });
});

describe('defacewatch check on drawings of a hidden carousel slide', () => {
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  const chart = `<canvas id="chart" width="360" height="240"></canvas>${drawChart('chart')}`;
  const clock = `<canvas id="clock" width="240" height="160"></canvas>${drawClock('clock')}`;

  beforeAll(async () => {
    site.setRoute('/canvas-flag', carousel(chart));
    site.setRoute('/svg-flag', carousel(chart));
    site.setRoute('/chart-site', carousel(chart));
    site.setRoute('/clock-site', carousel(clock));
    workspace = await makeWorkspace({
      'test.yaml': agencyYaml({
        canvasflag: site.url('/canvas-flag'),
        svgflag: site.url('/svg-flag'),
        chartsite: site.url('/chart-site'),
        clocksite: site.url('/clock-site'),
      }),
    });
    const baseline = await runCli(['baseline'], { cwd: workspace.dir, timeoutMs: 120_000 });
    expect(baseline.stderr).not.toMatch(/"level":(50|60)/u);
    expect(baseline.code).toBe(0);
  }, 150_000);

  afterAll(async () => {
    await workspace?.cleanup();
  });

  async function check(siteId: string): Promise<{ verdict: string; reason: string; signals: { detector: string }[] }> {
    const run = await runCli(['check', '--json', '--site', siteId], { cwd: workspace.dir });
    const line = JSON.parse(run.stdout.trim()) as { verdict: string; reason: string; signals: { detector: string }[] };
    expect(run.code, line.reason).toBe(line.verdict === 'defaced' ? 1 : 0);
    return line;
  }

  it('records the baseline drawings in meta.json, several hashes for the clock', async () => {
    const meta = JSON.parse(await readFile(path.join(workspace.dir, 'baselines', 'clocksite', 'meta.json'), 'utf8')) as {
      capture: { images: CapturedImage[] };
    };
    const clocks = meta.capture.images.filter((i) => i.url === 'canvas:#clock');
    expect(clocks.length).toBeGreaterThan(1);
  });

  it('calls a PRC flag drawn on a canvas of the hidden slide defaced', async () => {
    site.setRoute('/canvas-flag', carousel(`${chart}<canvas id="fx" width="360" height="240"></canvas>${drawFlag('fx')}`));
    const line = await check('canvasflag');
    expect(line.verdict, line.reason).toBe('defaced');
    expect(line.signals.map((s) => s.detector)).toContain('image-flag');
  }, 60_000);

  it('calls a PRC flag drawn as inline SVG on the hidden slide defaced', async () => {
    site.setRoute('/svg-flag', carousel(`${chart}${SVG_FLAG}`));
    const line = await check('svgflag');
    expect(line.verdict, line.reason).toBe('defaced');
    expect(line.signals.map((s) => s.detector)).toContain('image-flag');
  }, 60_000);

  it('keeps a chart redrawn with the same data unchanged', async () => {
    const line = await check('chartsite');
    expect(line.verdict, line.reason).toBe('unchanged');
  }, 60_000);

  it('never calls a canvas clock defaced, across checks at other times', async () => {
    for (let i = 0; i < 3; i++) {
      const line = await check('clocksite');
      expect(line.verdict, line.reason).not.toBe('defaced');
      expect(line.signals.map((s) => s.detector)).not.toContain('image-flag');
    }
  }, 120_000);
});
