import { createHash } from 'node:crypto';
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../src/capture/browser.js';
import { capturePage, type CaptureRequest } from '../../src/capture/capture-page.js';
import type { Capture, OverlayBox } from '../../src/core/types.js';
import { asset, page, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';

/**
 * Real Chromium on loopback: what the capture records besides the main document — text of child
 * frames (same-origin, srcdoc, cross-origin), elements covering the first screen, and the page's
 * image responses with their hashes and bodies.
 */

const logger = pino({ level: 'silent' });
const FAST_SETTLE = { quietMs: 200, maxMs: 2_000 };

let pool: BrowserPool;
let site: FixtureServer;
let other: FixtureServer;

function capture(request: Partial<CaptureRequest> & { url: string }): Promise<Capture> {
  return capturePage(pool, { allowPrivateNetworks: true, settle: FAST_SETTLE, clockTime: 1_700_000_000_000, ...request }, { logger });
}

function png(colour: string, width = 120, height = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The page's own content: a long text column the overlays go over. */
const ARTICLE = `<h1>Ministry of Water Resources</h1>${'<p>Flood-control works on the river continue this season.</p>'.repeat(30)}`;

function biggest(overlays: OverlayBox[] | undefined): OverlayBox | undefined {
  return overlays?.[0];
}

beforeAll(async () => {
  pool = new BrowserPool({ logger });
  site = await startFixtureServer();
  other = await startFixtureServer({
    '/pwn.html': page('<h1 style="font-size:80px">OWNED by Ghost Army</h1>', '<style>body{margin:0;background:#000;color:#f00}</style>'),
    '/consent.html': page(
      '<div style="position:fixed;inset:0;background:rgba(0,0,0,.45)"></div><div style="position:fixed;left:30%;top:30%;width:40%;height:30%;background:#fff">We use cookies. Accept?</div>',
    ),
    '/tracker.html': page('<p>hidden tracker text casino</p>'),
  });
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
  await other?.close();
});

describe('frame text', () => {
  it('reads visible same-origin, srcdoc and cross-origin frames, and leaves hidden ones out', async () => {
    site.setRoute('/inner.html', page('<p>Same-origin frame: opening hours</p>'));
    site.setRoute(
      '/frames',
      page(
        `${ARTICLE}
         <iframe src="/inner.html" width="400" height="100"></iframe>
         <iframe srcdoc="<p>Inline frame: HACKED by Cyber Army</p>" width="400" height="100"></iframe>
         <iframe src="${other.url('/pwn.html')}" width="600" height="200"></iframe>
         <iframe src="${other.url('/tracker.html')}" style="display:none"></iframe>
         <div style="height:0;overflow:hidden"><iframe src="${other.url('/tracker.html')}" width="300" height="150"></iframe></div>
         <iframe src="${other.url('/tracker.html')}" style="width:1px;height:1px;opacity:0;position:absolute"></iframe>
         <iframe src="${other.url('/tracker.html')}" width="300" height="150" style="position:absolute;left:-900px;top:-900px"></iframe>
         <iframe src="${other.url('/tracker.html')}" width="300" height="150" style="visibility:hidden"></iframe>`,
      ),
    );
    const result = await capture({ url: site.url('/frames') });
    expect(result.frameText).toContain('Same-origin frame: opening hours');
    expect(result.frameText).toContain('Inline frame: HACKED by Cyber Army');
    expect(result.frameText).toContain('OWNED by Ghost Army');
    expect(result.frameText).not.toContain('casino');
    // The main document's own text is unchanged by this.
    expect(result.visibleText).not.toContain('OWNED');
  });

  it('reads a frame inside a frame, but not inside a hidden one', async () => {
    site.setRoute('/leaf.html', page('<p>Nested leaf text</p>'));
    site.setRoute('/middle.html', page('<p>Middle</p><iframe src="/leaf.html" width="300" height="80"></iframe>'));
    site.setRoute('/nested', page(`${ARTICLE}<iframe src="/middle.html" width="500" height="200"></iframe>`));
    site.setRoute('/nested-hidden', page(`${ARTICLE}<iframe src="/middle.html" width="500" height="200" style="opacity:0"></iframe>`));
    const [shown, hidden] = await Promise.all([capture({ url: site.url('/nested') }), capture({ url: site.url('/nested-hidden') })]);
    expect(shown.frameText).toContain('Nested leaf text');
    expect(hidden.frameText).toBe('');
  });
});

describe('overlays', () => {
  it('records a fixed full-window iframe over the page, opaque, as the top overlay', async () => {
    site.setRoute(
      '/overlay-iframe',
      page(`${ARTICLE}<iframe src="${other.url('/pwn.html')}" style="position:fixed;top:0;left:0;width:100vw;height:100vh;border:0;z-index:99999"></iframe>`),
    );
    const result = await capture({ url: site.url('/overlay-iframe') });
    const top = biggest(result.overlays);
    expect(top).toMatchObject({ tag: 'iframe', position: 'fixed', box: { x: 0, y: 0, width: 1366, height: 768 } });
    expect(top!.coverage).toBe(1);
    expect(top!.opaqueCoverage).toBeGreaterThan(0.9);
  });

  it('records a translucent fixed layer with text as mostly opaque, a dimming backdrop as not', async () => {
    site.setRoute(
      '/overlay-red',
      page(
        `${ARTICLE}<div style="position:fixed;inset:0;background:rgba(200,0,0,.88);z-index:50;color:#fff;text-align:center;padding-top:200px"><h1>This hospital has been hacked</h1></div>`,
      ),
    );
    site.setRoute(
      '/consent-wall',
      page(
        `${ARTICLE}<div style="position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:50"><div style="position:absolute;left:483px;top:234px;width:400px;height:300px;background:#fff">We use cookies <button>Accept</button></div></div>`,
      ),
    );
    const [red, consent] = await Promise.all([capture({ url: site.url('/overlay-red') }), capture({ url: site.url('/consent-wall') })]);
    expect(biggest(red.overlays)).toMatchObject({ tag: 'div', position: 'fixed', coverage: 1 });
    expect(biggest(red.overlays)!.opaqueCoverage).toBeGreaterThan(0.9);
    const wall = biggest(consent.overlays)!;
    expect(wall.coverage).toBe(1);
    // Only the dialog hides the page: about 400 × 300 of 1366 × 768.
    expect(wall.opaqueCoverage).toBeGreaterThan(0.05);
    expect(wall.opaqueCoverage).toBeLessThan(0.25);
  });

  it('sees a cross-origin frame with a dimming backdrop as mostly see-through', async () => {
    site.setRoute(
      '/consent-frame',
      page(`${ARTICLE}<iframe src="${other.url('/consent.html')}" style="position:fixed;inset:0;width:100%;height:100%;border:0;z-index:9"></iframe>`),
    );
    const result = await capture({ url: site.url('/consent-frame') });
    const top = biggest(result.overlays)!;
    expect(top).toMatchObject({ tag: 'iframe', coverage: 1 });
    expect(top.opaqueCoverage).toBeLessThan(0.3);
  });

  it('does not call a cookie bar, a sticky header, a carousel or a hidden overlay an overlay of the first screen', async () => {
    site.setRoute(
      '/ordinary',
      page(
        `<header style="position:sticky;top:0;height:90px;background:#036;color:#fff">Header</header>
         <div class="carousel" style="position:relative;height:640px">
           <figure style="position:absolute;inset:0;margin:0;background:#468">Slide one</figure>
           <figure style="position:absolute;inset:0;margin:0;background:#864;opacity:0">Slide two</figure>
         </div>${ARTICLE}
         <div style="position:fixed;left:0;right:0;bottom:0;height:80px;background:#222;color:#fff">Cookies <button>OK</button></div>
         <div style="position:fixed;inset:0;background:#000;display:none">hidden overlay</div>
         <div style="position:fixed;inset:0;background:#000;visibility:hidden">invisible overlay</div>`,
      ),
    );
    const result = await capture({ url: site.url('/ordinary') });
    expect(result.overlays).toEqual([]);
  });

  it('records an absolute layer placed against the page (body positioned or not)', async () => {
    site.setRoute(
      '/overlay-absolute',
      page(
        `${ARTICLE}<div style="position:absolute;top:0;left:0;width:100%;height:1500px;background:#0a0a0a;color:#2c5;z-index:9"><h1>SYSTEM COMPROMISED</h1></div>`,
        '<style>body{position:relative;margin:0}</style>',
      ),
    );
    const result = await capture({ url: site.url('/overlay-absolute') });
    // The body's top margin collapses with the heading's: the layer starts ~21 px down.
    const top = biggest(result.overlays)!;
    expect(top).toMatchObject({ tag: 'div', position: 'absolute', box: { x: 0, width: 1366 } });
    expect(top.box.y + top.box.height).toBe(768);
    expect(top.coverage).toBeGreaterThan(0.95);
    expect(top.opaqueCoverage).toBe(top.coverage);
  });

  it('records a layer drawn by injected CSS on the body, but not a fixed background behind the page', async () => {
    site.setRoute(
      '/overlay-css',
      page(ARTICLE, '<style>body::after{content:"HACKED BY CSS";position:fixed;inset:0;background:#111;color:#f33;font:90px sans-serif;z-index:10}</style>'),
    );
    site.setRoute('/fixed-background', page(ARTICLE, '<style>body::before{content:"";position:fixed;inset:0;background:linear-gradient(#cde,#fff);z-index:-1}</style>'));
    const [css, background] = await Promise.all([capture({ url: site.url('/overlay-css') }), capture({ url: site.url('/fixed-background') })]);
    expect(biggest(css.overlays)).toMatchObject({ tag: 'body::after', position: 'fixed', coverage: 1, opaqueCoverage: 1, box: { x: 0, y: 0, width: 1366, height: 768 } });
    expect(background.overlays).toEqual([]);
  });

  it('keeps the screenshot byte-identical across captures of a page with overlays and frames', async () => {
    const [a, b] = [await capture({ url: site.url('/overlay-iframe') }), await capture({ url: site.url('/overlay-iframe') })];
    expect(a.screenshot.equals(b.screenshot)).toBe(true);
    expect(a.overlays).toEqual(b.overlays);
    expect(a.frameText).toBe(b.frameText);
  });
});

describe('image responses', () => {
  it('hashes <img>, CSS background and frame images, tells which are shown, and keeps their bodies', async () => {
    const [red, green, blue, grey] = await Promise.all([png('#c00'), png('#0a0'), png('#00c'), png('#888')]);
    site.setRoute('/img/slide-1.png', asset('image/png', red));
    site.setRoute('/img/slide-2.png', asset('image/png', green));
    site.setRoute('/img/bg.png', asset('image/png', blue));
    site.setRoute('/img/in-frame.png', asset('image/png', grey));
    site.setRoute('/img-frame.html', page('<img src="/img/in-frame.png">'));
    site.setRoute(
      '/images',
      page(
        `${ARTICLE}
         <div class="slides" style="position:relative;width:120px;height:80px">
           <img src="/img/slide-1.png" style="position:absolute;inset:0;opacity:0">
           <img src="/img/slide-2.png" style="position:absolute;inset:0">
         </div>
         <div style="width:200px;height:100px;background:url(/img/bg.png)"></div>
         <iframe src="/img-frame.html" width="200" height="120"></iframe>`,
      ),
    );
    const result = await capture({ url: site.url('/images') });
    const byUrl = new Map(result.images!.map((i) => [i.url, i]));
    expect(result.images!.map((i) => i.url)).toEqual([...byUrl.keys()].sort());
    expect(byUrl.get(site.url('/img/slide-1.png'))).toEqual({
      url: site.url('/img/slide-1.png'),
      sha256: sha256(red),
      bytes: red.length,
      shown: false,
      // Where the page shows it: a slide of the slideshow, at its size.
      place: { role: 'carousel-slide', box: expect.objectContaining({ width: 120 }) },
    });
    expect(byUrl.get(site.url('/img/slide-2.png'))).toMatchObject({ sha256: sha256(green), shown: true });
    expect(byUrl.get(site.url('/img/bg.png'))).toMatchObject({ sha256: sha256(blue) });
    expect(byUrl.get(site.url('/img/bg.png'))!.shown).toBeUndefined();
    expect(byUrl.get(site.url('/img/in-frame.png'))).toMatchObject({ sha256: sha256(grey) });
    for (const body of [red, green, blue, grey]) expect(Buffer.from(result.imageBodies!.get(sha256(body))!).equals(body)).toBe(true);
    // Bodies never serialise: not into meta.json, not into a log line.
    const json = JSON.stringify(result);
    expect(json).not.toContain('imageBodies');
    expect((JSON.parse(json) as { images: unknown[] }).images).toHaveLength(4);
  });

  it('records the pictures of the document it captured, not of one a script redirect left', async () => {
    const [first, last] = await Promise.all([png('#c0c'), png('#0cc')]);
    site.setRoute('/img/first.png', asset('image/png', first));
    site.setRoute('/img/last.png', asset('image/png', last));
    site.setRoute('/landing', page('<img src="/img/last.png"><p>landed</p>'));
    site.setRoute('/hop', page(`<img src="/img/first.png"><script>onload = () => setTimeout(() => location.href = '/landing', 100)</script>`));
    const result = await capture({ url: site.url('/hop') });
    expect(result.finalUrl).toBe(site.url('/landing'));
    expect(result.images).toEqual([
      {
        url: site.url('/img/last.png'),
        sha256: sha256(last),
        bytes: last.length,
        shown: true,
        place: { role: 'content', box: expect.objectContaining({ width: 120 }) },
      },
    ]);
  });
});
