/**
 * The alert email's pictures as a reader sees them, in real Chromium: before and after side by
 * side on a wide screen and one above the other on a phone, and the crop framed around the whole
 * block that changed, the heading above it included. The page is captured, compared and judged by
 * the real capturer, detectors and verdict, as a check does.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../src/baselines/store.js';
import { BrowserPool } from '../../src/capture/browser.js';
import { capturePage } from '../../src/capture/capture-page.js';
import { assess } from '../../src/check/assess.js';
import { focusOf } from '../../src/check/evidence.js';
import type { Box, Capture } from '../../src/core/types.js';
import { defaultDetectors } from '../../src/detectors/registry.js';
import { cropArea, prepareEvidenceImages } from '../../src/sinks/evidence-images.js';
import { buildAlertMessage } from '../../src/sinks/mail-message.js';
import { sampleAlert } from '../../src/sinks/sample-alert.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';

const logger = pino({ level: 'silent' });
const AGENCY = { name: 'Ministry of Examples', contacts: ['soc@moe.example'], timezone: 'Asia/Tokyo' };
const VIEWPORT = { width: 1366, height: 768 };

let pool: BrowserPool;
let work: string;

beforeAll(async () => {
  pool = new BrowserPool({ logger });
  work = await mkdtemp(join(tmpdir(), 'defacewatch-email-pictures-'));
});

afterAll(async () => {
  await pool?.close();
  await rm(work, { recursive: true, force: true });
});

/** Where each element of `selectors` is on the page, in page pixels, as Chromium lays it out. */
async function boxesOn(url: string, selectors: readonly string[], width = VIEWPORT.width): Promise<Box[]> {
  const context = await pool.newContext({ viewport: { width, height: VIEWPORT.height }, deviceScaleFactor: 1 });
  try {
    const tab = await context.newPage();
    await tab.goto(url);
    return await tab.evaluate((list) => {
      return list.map((selector) => {
        const r = document.querySelector(selector)!.getBoundingClientRect();
        return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
      });
    }, selectors);
  } finally {
    await context.close();
  }
}

describe('the pictures side by side', () => {
  let html: string;

  beforeAll(async () => {
    const dir = join(work, 'sample');
    const alert = await sampleAlert(AGENCY, new Date('2026-11-25T18:02:13.000Z'), dir, { kind: 'defaced', site: 'moe-home' });
    const built = await buildAlertMessage(alert, 'defacewatch <alerts@soc.example>');
    html = built.options.html as string;
    // As a mail client shows them: each cid: picture in place.
    for (const part of built.options.attachments as Array<{ cid?: string; content?: Buffer; contentType?: string }>) {
      if (part.cid && part.content) html = html.split(`cid:${part.cid}`).join(`data:${part.contentType};base64,${part.content.toString('base64')}`);
    }
  });

  /** The boxes of the now, before and changes pictures with the email in a window `width` wide. */
  async function pictures(width: number): Promise<{ now: DOMRect; before: DOMRect; changes: DOMRect; scrollWidth: number }> {
    const context = await pool.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, javaScriptEnabled: false });
    try {
      const tab = await context.newPage();
      await tab.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await tab.setContent(html, { waitUntil: 'load' });
      const boxes = await tab.$$eval('img', (imgs) => imgs.map((img) => img.getBoundingClientRect().toJSON() as DOMRect));
      const scrollWidth = await tab.evaluate(() => document.documentElement.scrollWidth);
      expect(boxes).toHaveLength(3);
      return { now: boxes[0]!, before: boxes[1]!, changes: boxes[2]!, scrollWidth };
    } finally {
      await context.close();
    }
  }

  it('shows before and now side by side on a wide screen, the changes below them', async () => {
    const { now, before, changes, scrollWidth } = await pictures(1200);
    expect(Math.abs(now.top - before.top)).toBeLessThanOrEqual(1);
    expect(before.right).toBeLessThanOrEqual(now.left);
    for (const picture of [now, before]) expect(picture.width).toBeGreaterThanOrEqual(300);
    expect(changes.top).toBeGreaterThanOrEqual(Math.max(now.bottom, before.bottom));
    expect(scrollWidth).toBeLessThanOrEqual(1200);
  });

  it('shows now above before on a phone, each as wide as the screen allows', async () => {
    const { now, before, changes, scrollWidth } = await pictures(400);
    expect(before.top).toBeGreaterThanOrEqual(now.bottom);
    expect(Math.abs(now.left - before.left)).toBeLessThanOrEqual(1);
    for (const picture of [now, before, changes]) expect(picture.width).toBeGreaterThanOrEqual(320);
    // Nothing sticks out sideways: no scrolling across.
    expect(scrollWidth).toBeLessThanOrEqual(400);
  });
});

describe('the crop around a changed paragraph', () => {
  let site: FixtureServer;

  /** A ministry page; the paragraph under "Notice from the Minister" changes, its heading does not. */
  const page = (notice: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>Ministry of Examples</title>
    <style>body{margin:0;font:16px/26px "DejaVu Sans",sans-serif;color:#1b2733;background:#fff}
    header{height:96px;background:#0b3d6e;color:#fff;font-size:26px;line-height:96px;padding-left:40px}
    main{padding:40px 40px 80px;width:520px} h2{font-size:30px;line-height:40px;margin:0 0 22px} section{margin-bottom:70px}</style></head>
    <body><header>Ministry of Examples</header><main>
    <section><h2>Budget consultation</h2><p>${'The draft budget for the coming year is open for comments from residents and businesses. '.repeat(3)}</p></section>
    <section><h2 id="notice">Notice from the Minister</h2><p id="body">${notice}</p></section>
    <section><h2>Statistics</h2><p>${'Monthly figures on employment and prices are published on the first working day. '.repeat(3)}</p></section>
    </main></body></html>`;
  const ordinary = 'The ministry thanks everyone who took part in the regional meetings this autumn. '.repeat(12);
  const defaced = 'This website has been hacked by Red Dragon Team. Your security is a joke, admin. '.repeat(12);

  beforeAll(async () => {
    site = await startFixtureServer({ '/': page(ordinary) });
  });

  afterAll(async () => {
    await site?.close();
  });

  function capture(): Promise<Capture> {
    return capturePage(pool, { url: site.url('/'), viewport: VIEWPORT, allowPrivateNetworks: true, settle: { quietMs: 200, maxMs: 2_000 } }, { logger });
  }

  it('frames the paragraph the reason quotes together with the unchanged heading above it', async () => {
    const before = await capture();
    site.setRoute('/', page(defaced));
    const after = await capture();
    const [heading, paragraph] = await boxesOn(site.url('/'), ['#notice', '#body']);

    const store = new SnapshotStore(join(work, 'baselines'));
    await store.write('moe-home', before, { chromium: before.browserVersion, pixelmatch: 'test' });
    const { visual, signals, decision } = await assess({ id: 'moe-home', url: site.url('/'), sector: 'government' }, await store.read('moe-home'), after, {
      detectors: defaultDetectors(),
    });
    expect(decision.verdict).toBe('defaced');
    expect(decision.reason).toMatch(/"hacked by"/);

    const dir = join(work, 'evidence');
    await mkdir(dir, { recursive: true });
    const files = { actualPng: join(dir, 'actual.png'), baselinePng: join(dir, 'expected.png'), diffPng: join(dir, 'diff.png') };
    await writeFile(files.actualPng, after.screenshot);
    await writeFile(files.baselinePng, before.screenshot);
    await writeFile(files.diffPng, visual.diffPng!);
    const focus = focusOf(signals, visual)!;
    // The change is the paragraph; cropped around it alone, the heading would be cut off.
    expect(focus.y).toBeGreaterThan(heading!.y + heading!.height);
    expect(cropArea(focus, after.screenshotSize).area.y).toBeGreaterThan(heading!.y);

    const images = await prepareEvidenceImages({ ...files, focus }, { baseName: 'moe-home', cidToken: 'x' });
    expect(images.inline.map((i) => i.role)).toEqual(['current', 'baseline', 'diff']);
    for (const { area } of images.inline) {
      // The heading whole, and the paragraph from its first line.
      expect(area.y).toBeLessThanOrEqual(heading!.y);
      expect(area.x).toBeLessThanOrEqual(heading!.x);
      expect(area.x + area.width).toBeGreaterThanOrEqual(heading!.x + heading!.width);
      expect(area.y + area.height).toBeGreaterThan(paragraph!.y + 26);
      // Not the section above it.
      expect(area.y).toBeGreaterThan(heading!.y - 120);
    }
  }, 120_000);
});
