/* eslint-disable max-lines -- one file on purpose: every test shares the one Chromium it starts; split, each part would start its own (a second or more, and hundreds of MiB, on a 2-core CI machine). */
import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool, resolveChromiumPath } from '../../src/capture/browser.js';
import { capturePage, type CaptureRequest } from '../../src/capture/capture-page.js';
import { createChromiumCapturer } from '../../src/capture/capturer.js';
import { systemResolver, type HostResolver } from '../../src/capture/url-guard.js';
import type { CaptureRequest as PortCaptureRequest, Capturer } from '../../src/check/ports.js';
import { DefacewatchError } from '../../src/core/errors.js';
import type { Box, Capture } from '../../src/core/types.js';
import { asset, hang, page, redirect, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';

/**
 * Real Chromium against loopback fixtures. One browser for the whole file. `*.defacewatch.test`
 * plays a public site: the guard's resolver says it is 93.184.215.14, while Chromium is told to
 * connect to 127.0.0.1, which is exactly what a DNS-rebinding attacker arranges.
 */

const PUBLIC_HOST = 'www.defacewatch.test';
const resolve: HostResolver = async (host) => {
  if (host.endsWith('.defacewatch.test')) return ['93.184.215.14'];
  return systemResolver(host);
};

/** Settling fast where the test is not about settling; the settling tests use the defaults. */
const FAST_SETTLE = { quietMs: 200, maxMs: 2_000 };

const logs: { level: number; msg: string; [key: string]: unknown }[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });

let pool: BrowserPool;
let site: FixtureServer;
let other: FixtureServer;

function capture(request: Partial<CaptureRequest> & { url: string }, signal?: AbortSignal): Promise<Capture> {
  return capturePage(pool, { allowPrivateNetworks: true, settle: FAST_SETTLE, ...request }, { logger, resolve, ...(signal ? { signal } : {}) });
}

async function captureError(request: Partial<CaptureRequest> & { url: string }, signal?: AbortSignal): Promise<DefacewatchError> {
  const result = await capture(request, signal).then(
    () => null,
    (err: unknown) => err,
  );
  expect(result).toBeInstanceOf(DefacewatchError);
  return result as DefacewatchError;
}

async function openContexts(): Promise<number> {
  return (await pool.browser()).contexts().length;
}

/** RGBA pixels of a PNG. */
async function decode(png: Buffer): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

function pixel(image: { width: number; data: Buffer }, x: number, y: number): [number, number, number] {
  const i = (y * image.width + x) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
}

function inside(box: Box, x: number, y: number): boolean {
  return x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
}

beforeAll(async () => {
  pool = new BrowserPool({
    logger,
    extraArgs: [`--host-resolver-rules=MAP nxdomain.defacewatch.test ~NOTFOUND, MAP *.defacewatch.test 127.0.0.1`],
  });
  other = await startFixtureServer({
    '/widget.js': asset('text/javascript', 'window.widget = 1;'),
    '/logo.png': asset(
      'image/png',
      await sharp({ create: { width: 40, height: 20, channels: 3, background: '#0a0' } })
        .png()
        .toBuffer(),
    ),
    '/frame.html': page('<p>embedded</p>'),
    '/final': page('<p>landed</p>', '<title>Final</title>'),
  });
  site = await startFixtureServer();
});

afterAll(async () => {
  await pool?.close();
  await site?.close();
  await other?.close();
});

describe('capturePage against loopback fixtures', () => {
  it('records the page: status, title, DOM, text, origins, screenshot, timings', async () => {
    site.setRoute(
      '/basic',
      page(
        `<h1>Ministry of Health</h1><p>Opening hours 8:30–17:00</p><p style="display:none">hidden text</p>
         <img src="${other.url('/logo.png')}"><iframe src="${other.url('/frame.html')}"></iframe>
         <script src="${other.url('/widget.js')}"></script><script src="/local.js"></script>
         <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`,
        '<title>MoH home</title>',
      ),
    );
    site.setRoute('/local.js', asset('text/javascript', 'document.body.dataset.js = "ran";'));
    const before = logs.length;
    const result = await capture({ url: site.url('/basic') });

    expect(result).toMatchObject({
      url: site.url('/basic'),
      finalUrl: site.url('/basic'),
      redirectChain: [site.url('/basic')],
      status: 200,
      title: 'MoH home',
      viewport: { width: 1366, height: 768 },
      screenshotSize: { width: 1366, height: 768 },
      pageHeight: 768,
      ignoredBoxes: [],
    });
    expect(result.html).toMatch(/^<html><head>/);
    expect(result.html).toContain('data-js="ran"');
    expect(result.visibleText).toContain('Opening hours 8:30–17:00');
    expect(result.visibleText).not.toContain('hidden text');
    expect(result.origins).toEqual({
      scripts: [site.origin, other.origin].sort(),
      iframes: [other.origin],
      images: [other.origin],
    });
    expect(result.screenshot.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(result.browserVersion).toMatch(/^HeadlessChrome\/\d+\.|^Chrome\/\d+\./);
    expect(Object.keys(result.timings)).toEqual(['guard', 'open', 'navigate', 'settle', 'extract', 'frames', 'screenshot', 'images', 'verify']);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(Date.parse(result.capturedAt)).not.toBeNaN();
    expect(await openContexts()).toBe(0);
    // Settled on the first document, its clock run to the default 5 s horizon.
    expect(logs.slice(before).find((entry) => entry.msg === 'page settled and captured')).toMatchObject({
      quiet: true,
      navigations: 0,
      advancedMs: 5_000,
      pageErrors: 0,
    });
  });

  it('follows HTTP redirects and records every hop of the main frame', async () => {
    site.setRoute('/old', redirect('/moved', 301));
    site.setRoute('/moved', redirect(other.url('/final'), 302));
    const result = await capture({ url: site.url('/old') });
    expect(result.redirectChain).toEqual([site.url('/old'), site.url('/moved'), other.url('/final')]);
    expect(result.finalUrl).toBe(other.url('/final'));
    expect(result.status).toBe(200);
    expect(result.title).toBe('Final');
  });

  it('follows a script redirect made after load and records it in the chain', async () => {
    site.setRoute('/splash', page(`<p>splash</p><script>onload = () => setTimeout(() => location.href = '${other.url('/final')}', 100)</script>`));
    const before = logs.length;
    const result = await capture({ url: site.url('/splash') });
    expect(logs.slice(before).find((entry) => entry.msg === 'page settled and captured')).toMatchObject({ navigations: 1 });
    expect(result.finalUrl).toBe(other.url('/final'));
    expect(result.redirectChain).toEqual([site.url('/splash'), other.url('/final')]);
    expect(result.visibleText).toBe('landed');
  });

  it('gives up with CAPTURE_FAILED on a page that keeps reloading itself', async () => {
    site.setRoute('/loop', page('<p>again</p><script>onload = () => setTimeout(() => location.reload(), 50)</script>'));
    const error = await captureError({ url: site.url('/loop') });
    expect(error.code).toBe('CAPTURE_FAILED');
    expect(error.message).toBe(`site URL ${site.url('/loop')} kept navigating (5 script or meta redirects after load) and never settled`);
  });

  it('captures an unchanged page byte-identically in fresh contexts, animations and all', async () => {
    const frames = await Promise.all(
      ['#c00', '#00c'].map((colour) =>
        sharp({ create: { width: 60, height: 30, channels: 3, background: colour } })
          .png()
          .toBuffer(),
      ),
    );
    // Red for 100 ms, then blue for a minute: a browser that animates GIFs shows blue by screenshot time.
    const gif = await sharp(frames, { join: { animated: true } })
      .gif({ delay: [100, 60_000], loop: 0 })
      .toBuffer();
    site.setRoute('/anim.gif', asset('image/gif', gif));
    site.setRoute(
      '/photo.png',
      asset(
        'image/png',
        await sharp({ create: { width: 300, height: 200, channels: 3, background: '#468' } })
          .png()
          .toBuffer(),
      ),
    );
    site.setRoute(
      '/busy',
      page(
        `<h1>Central Hospital</h1>
         <div class="spinner"></div><div class="fade"></div><div class="slide">slides</div>
         <marquee>Visiting hours changed — see the notice board</marquee>
         <input autofocus value="search"> <img src="/anim.gif" style="position:absolute;left:800px;top:10px"> <img src="/photo.png">
         <p>${'Outpatient services are open on weekdays. '.repeat(40)}</p>
         <div style="height:2500px;background:linear-gradient(#fff,#9cf)"></div>`,
        `<style>
          .spinner{width:40px;height:40px;background:#c00;animation:spin 1s linear infinite}
          @keyframes spin{to{transform:rotate(360deg)}}
          .fade{position:absolute;left:600px;top:10px;width:100px;height:20px;background:#00cc00;opacity:0;animation:fade .8s ease-out forwards}
          @keyframes fade{to{opacity:1}}
          .slide{transition:transform 3s;transform:translateX(0)}
        </style>
        <script>addEventListener('load', () => document.querySelector('.slide').style.transform = 'translateX(400px)')</script>`,
      ),
    );
    const first = await capture({ url: site.url('/busy') });
    const second = await capture({ url: site.url('/busy') });
    expect(first.screenshotSize).toEqual({ width: 1366, height: first.pageHeight });
    expect(first.pageHeight).toBeGreaterThan(2500);
    expect(second.screenshot.equals(first.screenshot)).toBe(true);
    expect(second.html).toBe(first.html);
    // The fade-in finished at full opacity instead of being reset to its starting style.
    const image = await decode(first.screenshot);
    expect(pixel(image, 650, 20)).toEqual([0, 204, 0]);
    // The animated GIF is held on its first frame.
    expect(pixel(image, 810, 20)).toEqual([204, 0, 0]);
  });

  it('shows that a live clock changes every capture, and that its ignore box covers the change', async () => {
    site.setRoute(
      '/clock',
      page(
        `<h1>Bank of Example</h1><div id="clock" style="position:absolute;left:40px;top:120px;width:420px;height:30px"></div>
         <p style="margin-top:140px">Rates are updated daily.</p>
         <script>
           const clock = document.getElementById('clock');
           const tick = () => clock.textContent = new Date().toISOString() + ' ' + Math.random().toFixed(8);
           tick(); setInterval(tick, 100);
         </script>`,
      ),
    );
    const request = { url: site.url('/clock'), ignoreSelectors: ['#clock'] };
    const first = await capture(request);
    const second = await capture(request);
    // Each capture's clock starts at the real time by default, so live text differs between
    // captures: sites with clocks need an `ignore` selector (or captures at one clockTime).
    expect(second.screenshot.equals(first.screenshot)).toBe(false);
    expect(second.html).not.toBe(first.html);
    expect(first.ignoredBoxes).toEqual([{ x: 40, y: 120, width: 420, height: 30 }]);
    const [a, b] = await Promise.all([decode(first.screenshot), decode(second.screenshot)]);
    let changedOutside = 0;
    let changedInside = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const i = (y * a.width + x) * 4;
        if (a.data.readUInt32BE(i) === b.data.readUInt32BE(i)) continue;
        if (inside(first.ignoredBoxes[0]!, x, y)) changedInside++;
        else changedOutside++;
      }
    }
    expect(changedInside).toBeGreaterThan(0);
    expect(changedOutside).toBe(0);
  });

  it('returns boxes of every element matching ignore selectors, clipped to the screenshot', async () => {
    site.setRoute(
      '/ads',
      page(
        `<div class="ad" style="position:absolute;left:10.5px;top:20px;width:100px;height:50px"></div>
         <div class="ad" style="position:absolute;left:1300px;top:200px;width:200px;height:10px"></div>
         <div class="ticker" style="position:absolute;left:0;top:3000px;width:50px;height:50px"></div>
         <div style="height:4000px"></div>`,
      ),
    );
    const before = logs.length;
    const result = await capture({
      url: site.url('/ads'),
      ignoreSelectors: ['.ad', '!!not a selector', '.ticker', '.absent'],
      maxScreenshotHeight: 2000,
    });
    expect(result.ignoredBoxes).toEqual([
      { x: 10, y: 20, width: 101, height: 50 },
      { x: 1300, y: 200, width: 66, height: 10 },
    ]);
    const warning = logs.slice(before).find((entry) => entry.msg.includes('ignore selectors'));
    expect(warning).toMatchObject({ selectors: ['!!not a selector'] });
  });

  it('loads lazy images far below the fold, and records the page\'s own loading="lazy"', async () => {
    site.setRoute(
      '/red.png',
      asset(
        'image/png',
        await sharp({ create: { width: 100, height: 100, channels: 3, background: '#f00' } })
          .png()
          .toBuffer(),
      ),
    );
    site.setRoute('/long', page('<div style="height:6000px"></div><img loading="lazy" src="/red.png" width="100" height="100">', '<style>body{margin:0}</style>'));
    const result = await capture({ url: site.url('/long') });
    expect(pixel(await decode(result.screenshot), 50, 6050)).toEqual([255, 0, 0]);
    expect(result.html).toContain('<img loading="lazy" src="/red.png"');
  });

  it('cuts the screenshot at maxScreenshotHeight but reports the full page height', async () => {
    site.setRoute('/tall', page('<div style="height:5000px;background:#eee">tall</div>', '<style>body{margin:0}</style>'));
    const result = await capture({ url: site.url('/tall'), maxScreenshotHeight: 1200, viewport: { width: 800, height: 600 } });
    expect(result.pageHeight).toBe(5000);
    expect(result.screenshotSize).toEqual({ width: 800, height: 1200 });
    expect((await sharp(result.screenshot).metadata()).height).toBe(1200);
  });

  it('dismisses JavaScript dialogs instead of hanging on them', async () => {
    site.setRoute(
      '/dialogs',
      page(`<p>before</p><script>alert('Welcome!'); confirm('Sure?'); prompt('Name?');
              onbeforeunload = (e) => { e.preventDefault(); return 'stay'; };
              onload = () => alert('loaded');</script><p>after the alerts</p>`),
    );
    const before = logs.length;
    const result = await capture({ url: site.url('/dialogs'), timeoutMs: 10_000 });
    expect(result.visibleText).toContain('after the alerts');
    expect(logs.slice(before).filter((entry) => entry.msg === 'dismissed a JavaScript dialog')).toHaveLength(4);
  });

  it('does not wait on frames that never paint (hidden cross-origin iframes)', async () => {
    other.setRoute(
      '/animated-frame.html',
      page('<div style="width:50px;height:50px;background:red;animation:pulse 1s infinite"></div>', '<style>@keyframes pulse{to{opacity:.2}}</style>'),
    );
    site.setRoute(
      '/hidden-frames',
      page(`<p>visible</p><iframe style="display:none" src="${other.url('/animated-frame.html')}"></iframe>
            <iframe style="position:absolute;top:-5000px" src="${other.url('/animated-frame.html')}"></iframe>`),
    );
    const result = await capture({ url: site.url('/hidden-frames'), timeoutMs: 8_000 });
    expect(result.visibleText).toBe('visible');
    expect(result.timings.extract).toBeLessThan(1_500);
  });

  it('never opens pop-ups', async () => {
    site.setRoute('/popup', page(`<p>main</p><script>window.open('/popup-target'); onload = () => window.open('/popup-target-2')</script>`));
    const result = await capture({ url: site.url('/popup') });
    expect(result.visibleText).toBe('main');
    expect(site.requestedPaths().filter((path) => path.startsWith('/popup-target'))).toEqual([]);
  });

  it('fails with CAPTURE_FAILED naming the URL when the connection is refused, and leaks no context', async () => {
    const closed = await startFixtureServer();
    const url = closed.url('/');
    await closed.close();
    const error = await captureError({ url });
    expect(error.code).toBe('CAPTURE_FAILED');
    expect(error.message).toBe(`site URL ${url} could not be loaded: net::ERR_CONNECTION_REFUSED`);
    expect(error.retryable).toBe(true);
    expect(await openContexts()).toBe(0);
  });

  it('fails with DNS_FAILED when the name does not resolve, in the guard or in Chromium', async () => {
    const inChromium = await captureError({ url: 'http://nxdomain.defacewatch.test/' });
    expect(inChromium.code).toBe('DNS_FAILED');
    expect(inChromium.message).toContain('http://nxdomain.defacewatch.test/');
    const failing: HostResolver = () => Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
    const inGuard = await capturePage(pool, { url: 'http://gone.example/' }, { logger, resolve: failing }).catch((err: unknown) => err);
    expect(inGuard).toMatchObject({ code: 'DNS_FAILED', message: 'site URL http://gone.example/ did not resolve: gone.example (ENOTFOUND)' });
  });

  it('times out with CAPTURE_TIMEOUT within the budget when the page never loads', async () => {
    site.setRoute('/never', hang());
    site.setRoute('/stuck', page('<p>waiting for an image that never comes</p><img src="/never">'));
    const started = performance.now();
    const error = await captureError({ url: site.url('/stuck'), timeoutMs: 1_500 });
    const elapsed = performance.now() - started;
    expect(error.code).toBe('CAPTURE_TIMEOUT');
    expect(error.message).toBe(`site URL ${site.url('/stuck')} did not finish loading within 1500 ms (stuck in navigate)`);
    expect(elapsed).toBeLessThan(3_000);
    expect(await openContexts()).toBe(0);
  });

  it('stops when the caller aborts, with the abort reason', async () => {
    site.setRoute('/stuck-again', page('<img src="/never">'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 300);
    const started = performance.now();
    const result = await capture({ url: site.url('/stuck-again') }, controller.signal).catch((err: unknown) => err);
    expect(result).toEqual(new Error('shutting down'));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await openContexts()).toBe(0);
  });

  it('relaunches the browser after it was killed', async () => {
    site.setRoute('/alive', page('<p>still here</p>'));
    const browser = await pool.browser();
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const pid = processInfo.find((p) => p.type === 'browser')?.id;
    expect(pid).toBeGreaterThan(0);
    const before = logs.length;
    process.kill(pid!, 'SIGKILL');
    // No waiting for the disconnect to be noticed: the next capture must cope either way.
    const result = await capture({ url: site.url('/alive') });
    expect(result.visibleText).toBe('still here');
    expect(await pool.browser()).not.toBe(browser);
    expect(browser.isConnected()).toBe(false);
    expect(logs.slice(before).filter((entry) => entry.msg === 'Chromium started')).toHaveLength(1);
  });
});

describe('settling on a paused page clock', () => {
  /** A script that puts a red "HACKED" banner at (0, 300), 600x200, when `inject()` is called. */
  const INJECT = `function inject(text) {
      const banner = document.createElement('div');
      banner.id = 'defaced';
      banner.textContent = text || 'HACKED BY NOBODY';
      banner.style.cssText = 'position:absolute;left:0;top:300px;width:600px;height:200px;background:#ff0000';
      document.body.append(banner);
    }`;

  async function expectInjected(result: Capture, text = 'HACKED BY NOBODY'): Promise<void> {
    expect(result.html).toContain('id="defaced"');
    expect(result.visibleText).toContain(text);
    expect(pixel(await decode(result.screenshot), 300, 450)).toEqual([255, 0, 0]);
  }

  it('sees content a script injects 2 s after load without waiting 2 s (default settle)', async () => {
    site.setRoute('/late', page(`<h1>Welcome</h1><script>${INJECT}; addEventListener('load', () => setTimeout(inject, 2000));</script>`));
    const result = await capturePage(pool, { url: site.url('/late'), allowPrivateNetworks: true }, { logger });
    await expectInjected(result);
    // The old real-time floor waited 3 s after load for this.
    expect(result.timings.settle).toBeLessThan(1_500);
  });

  it('sees content injected 2 s after a slow fetch answers, and after a fetch a timer starts', async () => {
    site.setRoute('/news.json', { headers: { 'content-type': 'application/json' }, body: '{"text":"OWNED VIA FETCH"}', delayMs: 400 });
    site.setRoute(
      '/fetch-then-timer',
      page(`<h1>News</h1><script>${INJECT};
        fetch('/news.json').then((r) => r.json()).then((data) => setTimeout(() => inject(data.text), 2000));</script>`),
    );
    site.setRoute(
      '/timer-fetch-timer',
      page(`<h1>News</h1><script>${INJECT};
        setTimeout(() => fetch('/news.json?late').then((r) => r.json()).then((data) => setTimeout(() => inject(data.text), 2000)), 2500);</script>`),
    );
    const direct = await capturePage(pool, { url: site.url('/fetch-then-timer'), allowPrivateNetworks: true }, { logger });
    await expectInjected(direct, 'OWNED VIA FETCH');
    // The timer's fetch moves the horizon: the content appears at ~4.5 s of page time.
    const chained = await capturePage(pool, { url: site.url('/timer-fetch-timer'), allowPrivateNetworks: true }, { logger });
    await expectInjected(chained, 'OWNED VIA FETCH');
    expect(chained.timings.settle).toBeLessThan(2_500);
  });

  it('sees content an interval injects on its first tick, 2 s after load', async () => {
    site.setRoute('/interval', page(`<h1>Welcome</h1><script>${INJECT}; let done = false; setInterval(() => { if (!done) inject(); done = true; }, 2000);</script>`));
    await expectInjected(await capture({ url: site.url('/interval') }));
  });

  it('captures a live clock, a carousel and Math.random text byte-identically at the same clockTime and seed', async () => {
    site.setRoute(
      '/restless',
      page(
        `<div id="stamp" class="line" style="top:20px"></div><div id="clock" class="line" style="top:60px"></div>
         <div id="lucky" class="line" style="top:100px"></div>
         <div class="slide on" style="background:#cc0000"></div><div class="slide" style="background:#00cc00"></div><div class="slide" style="background:#0000cc"></div>
         <script>
           const $ = (id) => document.getElementById(id);
           $('stamp').textContent = 'loaded ' + new Date().toISOString() + ' +' + performance.now() + ' ms';
           $('lucky').textContent = 'lucky number ' + Math.random().toFixed(12);
           const tick = () => $('clock').textContent = 'now ' + new Date().toISOString();
           tick();
           setInterval(tick, 1000);
           const slides = document.querySelectorAll('.slide');
           let shown = 0;
           setInterval(() => {
             slides[shown].classList.remove('on');
             shown = (shown + 1) % slides.length;
             slides[shown].classList.add('on');
           }, 3000);
         </script>`,
        `<style>body{margin:0;font:20px sans-serif} .line{position:absolute;left:20px}
          .slide{position:absolute;left:0;top:200px;width:300px;height:100px;display:none} .slide.on{display:block}</style>`,
      ),
    );
    const clockTime = Date.UTC(2024, 0, 15, 9, 30, 0);
    const request = { url: site.url('/restless'), clockTime, randomSeed: 7 };
    const first = await capture(request);
    const second = await capture(request);
    expect(second.screenshot.equals(first.screenshot)).toBe(true);
    expect(second.html).toBe(first.html);
    // The page's clock started at clockTime and was run 5 s (the default horizon); the carousel turned once.
    expect(first.visibleText).toContain('loaded 2024-01-15T09:30:00.000Z +0 ms');
    expect(first.visibleText).toContain('now 2024-01-15T09:30:05.000Z');
    expect(pixel(await decode(first.screenshot), 150, 250)).toEqual([0, 204, 0]);

    const [otherTime, otherSeed] = [await capture({ ...request, clockTime: clockTime + 60_000 }), await capture({ ...request, randomSeed: 8 })];
    expect(otherTime.visibleText).toContain('now 2024-01-15T09:31:05.000Z');
    expect(otherTime.visibleText).toContain(first.visibleText.match(/lucky number \S+/)![0]);
    expect(otherSeed.visibleText).toContain('now 2024-01-15T09:30:05.000Z');
    expect(otherSeed.visibleText).not.toContain(first.visibleText.match(/lucky number \S+/)![0]);
    const base = await decode(first.screenshot);
    for (const other of [otherTime, otherSeed]) {
      const image = await decode(other.screenshot);
      expect(image.data.equals(base.data)).toBe(false);
    }
  });

  it('runs a requestAnimationFrame animation to the same frame every time, within budget', async () => {
    site.setRoute(
      '/raf',
      page(
        `<canvas id="c" width="600" height="300"></canvas><p id="frames"></p>
         <script>
           const context = document.getElementById('c').getContext('2d');
           let frames = 0;
           const draw = (time) => {
             frames++;
             // Some work per frame, like a canvas banner: 200 rectangles.
             context.clearRect(0, 0, 600, 300);
             for (let i = 0; i < 200; i++) {
               context.fillStyle = 'hsl(' + ((frames + i) % 360) + ',80%,50%)';
               context.fillRect((frames * 3 + i * 7) % 600, (i * 13) % 300, 20, 20);
             }
             document.getElementById('frames').textContent = frames + ' frames at ' + Math.round(time) + ' ms';
             requestAnimationFrame(draw);
           };
           requestAnimationFrame(draw);
         </script>`,
      ),
    );
    const request = { url: site.url('/raf'), clockTime: 1_700_000_000_000, timeoutMs: 10_000 };
    const first = await capture(request);
    const second = await capture(request);
    // An animation frame every 16 ms of page time, over the 5 s horizon.
    expect(first.visibleText).toContain('312 frames at 4992 ms');
    expect(second.visibleText).toBe(first.visibleText);
    expect(second.screenshot.equals(first.screenshot)).toBe(true);
    expect(first.durationMs).toBeLessThan(3_000);
  });

  it('survives a zero-delay interval and a timer that throws', async () => {
    site.setRoute(
      '/unruly',
      page(`<p>unruly</p><script>
        let ticks = 0;
        setInterval(() => ticks++, 0);
        setTimeout(() => { throw new Error('page bug'); }, 100);
        setTimeout(() => document.body.append('ticks ' + ticks), 1000);
      </script>`),
    );
    const before = logs.length;
    const result = await capture({ url: site.url('/unruly'), timeoutMs: 10_000 });
    // The interval ran at the browsers' 4 ms floor instead of spinning at one instant forever.
    expect(result.visibleText).toContain('ticks 250');
    expect(logs.slice(before).find((entry) => entry.msg === 'page settled and captured')).toMatchObject({ pageErrors: 1 });
  });

  it('refuses a clockTime that is no time and a randomSeed that is no integer, before loading', async () => {
    const badTime = await capture({ url: site.url('/static'), clockTime: Number.NaN }).catch((err: unknown) => err);
    expect(badTime).toMatchObject({ code: 'INTERNAL', message: `capture of ${site.url('/static')}: clockTime NaN is not a valid epoch-milliseconds time` });
    const badSeed = await capture({ url: site.url('/static'), randomSeed: 0.5 }).catch((err: unknown) => err);
    expect(badSeed).toMatchObject({ code: 'INTERNAL' });
  });
});

describe('URL guard in the browser', () => {
  it('refuses a loopback site URL before loading it', async () => {
    site.setRoute('/private', page('<p>intranet</p>'));
    const error = await captureError({ url: site.url('/private'), allowPrivateNetworks: false });
    expect(error.code).toBe('URL_PRIVATE');
    expect(error.message).toBe(`site URL ${site.url('/private')} resolves to 127.0.0.1 (loopback)`);
    expect(site.requestedPaths()).not.toContain('/private');
  });

  it('refuses localhost through real DNS', async () => {
    const error = await captureError({ url: `http://localhost:${site.port}/`, allowPrivateNetworks: false });
    expect(error.code).toBe('URL_PRIVATE');
    expect(error.message).toMatch(/resolves to (127\.0\.0\.1|::1) \(loopback\)$/);
  });

  it('refuses cloud metadata even when private networks are allowed', async () => {
    const error = await captureError({ url: 'http://metadata.google.internal/computeMetadata/v1/' });
    expect(error).toMatchObject({ code: 'URL_PRIVATE', message: expect.stringContaining('cloud metadata endpoint') });
    expect(error.hint).toMatch(/never loaded, even with allowPrivateNetworks/);
  });

  it('blocks a redirect from a public site to a loopback address before it is requested', async () => {
    const publicUrl = `http://${PUBLIC_HOST}:${site.port}/hop`;
    site.setRoute('/hop', redirect(site.url('/secret')));
    site.setRoute('/secret', page('<p>internal admin</p>'));
    const error = await captureError({ url: publicUrl, allowPrivateNetworks: false });
    expect(error.code).toBe('URL_PRIVATE');
    expect(error.message).toBe(`site URL ${publicUrl} led to ${site.url('/secret')}, which resolves to 127.0.0.1 (loopback)`);
    expect(site.requestedPaths()).toContain('/hop');
    expect(site.requestedPaths()).not.toContain('/secret');
  });

  it('refuses a page Chromium fetched from a private address although DNS said public (rebinding)', async () => {
    const publicUrl = `http://${PUBLIC_HOST}:${site.port}/rebound`;
    site.setRoute('/rebound', page('<p>served from loopback</p>'));
    const error = await captureError({ url: publicUrl, allowPrivateNetworks: false });
    expect(error.code).toBe('URL_PRIVATE');
    expect(error.message).toBe(`site URL ${publicUrl}: ${publicUrl} was served from 127.0.0.1 (loopback)`);
  });

  it('blocks sub-resources, iframes and redirects that reach for the metadata endpoint, and still captures', async () => {
    site.setRoute('/to-metadata', redirect('http://169.254.169.254/latest/meta-data/iam/'));
    site.setRoute(
      '/greedy',
      page(`<p>innocent</p>
        <img src="http://169.254.169.254/latest/meta-data/">
        <iframe src="http://169.254.169.254/latest/user-data"></iframe>
        <img src="/to-metadata">
        <script>fetch('http://[fd00:ec2::254]/latest/meta-data/').catch(() => {})</script>`),
    );
    const before = logs.length;
    const started = performance.now();
    const result = await capture({ url: site.url('/greedy'), timeoutMs: 10_000 });
    // Unblocked, these would wait for connect timeouts to an unroutable address.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.visibleText).toContain('innocent');
    expect(result.origins.images).toContain('http://169.254.169.254');
    expect(result.origins.iframes).toContain('http://169.254.169.254');
    const blocked = logs
      .slice(before)
      .filter((entry) => entry.msg === 'blocked a request to a refused address')
      .map((entry) => entry.url)
      .sort();
    expect(blocked).toEqual(
      [
        'http://169.254.169.254/latest/meta-data/',
        'http://169.254.169.254/latest/meta-data/iam/',
        'http://169.254.169.254/latest/user-data',
        'http://[fd00:ec2::254]/latest/meta-data/',
      ].sort(),
    );
  });
});

describe('BrowserPool', () => {
  it('launches one browser for concurrent first captures, each in its own context', async () => {
    site.setRoute('/cookie', page('<p id="out"></p><script>out.textContent = document.cookie || "fresh"; document.cookie = "seen=1"</script>'));
    const lines: { msg: string }[] = [];
    const own = new BrowserPool({ logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) }) });
    try {
      const results = await Promise.all([1, 2, 3].map(() => capturePage(own, { url: site.url('/cookie'), allowPrivateNetworks: true, settle: FAST_SETTLE }, { logger })));
      const again = await capturePage(own, { url: site.url('/cookie'), allowPrivateNetworks: true, settle: FAST_SETTLE }, { logger });
      expect(lines.filter((line) => line.msg === 'Chromium started')).toHaveLength(1);
      // No cookie survives from one check to the next.
      expect([...results, again].map((r) => r.visibleText)).toEqual(['fresh', 'fresh', 'fresh', 'fresh']);
      expect((await own.browser()).contexts()).toHaveLength(0);
    } finally {
      await own.close();
    }
    await expect(own.browser()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it("createChromiumCapturer fits the check's Capturer port and applies its settle defaults", async () => {
    site.setRoute('/port', page('<p>port</p>', '<title>Port</title>'));
    const capturer: Capturer = createChromiumCapturer({ logger, settle: { quietMs: 150 } });
    try {
      const request: PortCaptureRequest = {
        url: site.url('/port'),
        viewport: { width: 1024, height: 600 },
        ignoreSelectors: [],
        timeoutMs: 10_000,
        maxScreenshotHeight: 2_000,
        allowPrivateNetworks: true,
      };
      const result = await capturer.capture(request, { logger });
      expect(result).toMatchObject({ title: 'Port', screenshotSize: { width: 1024, height: 600 } });
      expect(result.timings.settle).toBeLessThan(1_500);
      expect(await capturer.browserVersion()).toBe(result.browserVersion);
    } finally {
      await capturer.close();
    }
  });

  it('throws BROWSER_LAUNCH_FAILED for a missing binary, naming it', async () => {
    const broken = new BrowserPool({ logger, executablePath: '/nonexistent/chromium' });
    const error = await broken.browser().catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'BROWSER_LAUNCH_FAILED', retryable: false });
    expect((error as Error).message).toContain('/nonexistent/chromium');
    await broken.close();
  });

  it('picks DEFACEWATCH_CHROMIUM, then the headless shell, then full Chromium', () => {
    expect(resolveChromiumPath({ DEFACEWATCH_CHROMIUM: '/opt/chrome' }, () => true)).toBe('/opt/chrome');
    expect(resolveChromiumPath({}, () => true)).toBe('/usr/lib/chromium/chromium-headless-shell');
    expect(resolveChromiumPath({}, () => false)).toBe('/usr/bin/chromium');
  });
});
