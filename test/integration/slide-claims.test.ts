import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../src/capture/browser.js';
import { capturePage } from '../../src/capture/capture-page.js';
import { runCli } from '../helpers/cli.js';
import { startSwitchingSites, type SwitchingSites } from '../helpers/switching-sites.js';

/**
 * Text on carousel slides that are not showing when the page is captured: in no screenshot and, for
 * slides hidden with display or visibility, not in `innerText` either, yet visitors read it when the
 * carousel turns. The capture records it (Capture.slideText); a claim there is a defacement through
 * the real CLI, news about hacking and a new campaign slide are not.
 */

const STYLE = `body{font-family:sans-serif;margin:24px;width:900px}
.slides{position:relative;height:120px}.slide{display:none}.slide.active{display:block}
.fade .item{position:absolute;visibility:hidden}.fade .item.on{visibility:visible}
.ghost{opacity:0}
.swiper{width:600px;overflow:hidden}.swiper-track{display:flex;width:1800px}.swiper-track>div{width:600px;height:60px}
.pz li{display:none}.pz li.on{display:block}`;

/** The approved page: a hero carousel (slides hidden by a class), a small news list. */
function portal(slides: { second?: string; extra?: string } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>City of Example</title><style>${STYLE}</style></head><body>
<h1>City of Example</h1>
<div class="slides">
  <div class="slide active"><h2>Tax season: file online by 15 April</h2></div>
  <div class="slide">${slides.second ?? '<h2>New library opens in the old market hall</h2>'}</div>
  <div class="slide"><h2>Free flu shots at every health centre</h2></div>${slides.extra ?? ''}
</div>
<ul><li>Council meeting on Tuesday</li><li>Road works on Harbour Street</li></ul>
</body></html>`;
}

const PAGES = {
  /** A defacer's claim as the headline of the second slide, hidden at capture. */
  claim: portal({ second: '<h2>Hacked by Shadow Panda Team</h2><p>Your security is a joke.</p>' }),
  /** News about another site's defacement on that slide: reporting, not a claim. */
  news: portal({
    second:
      '<h2>Cyber-security week</h2><p>Police say a regional bank&#39;s website was hacked by a group of teenagers last month; the city&#39;s systems were not affected.</p>',
  }),
  /** A new campaign slide, hidden at capture. */
  campaign: portal({ extra: '<div class="slide"><h2>Join the river clean-up on Saturday</h2></div>' }),
};

type SiteId = keyof typeof PAGES;

/** Every way a slide may be out of view, and hidden things that are not slides. */
const KINDS = `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>
<div class="slides">
  <div class="slide active"><h2>Showing slide</h2></div>
  <div class="slide"><p style="text-transform:uppercase">Kicker</p><h2>Slide two</h2><p>Second <b>caption</b></p><img alt="Alt two" title="Title two" width="10" height="10"><span style="display:none">Never shown</span></div>
</div>
<div class="fade" aria-roledescription="carousel"><div class="item on">Shown item</div><div class="item">Faded slide</div></div>
<div aria-roledescription="carousel"><div>Visible panel</div><div class="ghost">Transparent slide</div></div>
<div class="swiper"><div class="swiper-track"><div>Panel one</div><div>Panel two</div><div>Panel three</div></div></div>
<section><ul class="pz"><li class="on">Turn one</li><li>Turn two</li></ul></section>
<nav><ul><li><a href="#">Services</a><ul style="display:none"><li>Submenu item</li></ul></li></ul></nav>
<div style="display:none">Modal text</div>
</body></html>`;

interface CheckLine {
  site: string;
  verdict: string;
  reason: string;
  signals: { detector: string; kind?: string; score: number; summary: string; visibleToVisitors?: boolean }[];
}

describe('claims on carousel slides not showing at capture', () => {
  let sites: SwitchingSites<SiteId>;

  beforeAll(async () => {
    sites = await startSwitchingSites({ pages: PAGES, approved: portal, fixed: { kinds: KINDS }, agencyFile: 'slides.yaml' });
  }, 240_000);

  afterAll(async () => {
    await sites?.close();
  });

  it('the capture records the text and picture texts of slides hidden, transparent or out of their strip, and nothing else hidden', async () => {
    const logger = pino({ level: 'silent' });
    const pool = new BrowserPool({ logger });
    try {
      const capture = await capturePage(pool, { url: `${sites.base}kinds`, allowPrivateNetworks: true, settle: { quietMs: 200, maxMs: 2_000 } }, { logger });
      expect(capture.slideText?.split('\n')).toEqual([
        // As innerText will read it once the slide shows.
        'KICKER',
        'Slide two',
        'Second caption',
        'Alt two',
        'Title two',
        'Faded slide',
        'Transparent slide',
        'Panel two',
        'Panel three',
        'Turn two',
      ]);
      // What shows is innerText's: the slide text is only what it leaves out or the screenshot does not show.
      expect(capture.visibleText).toContain('Showing slide');
      expect(capture.visibleText).not.toContain('Slide two');
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('calls a claim on a hidden slide defaced through the CLI; news about hacking and a new campaign slide are not', async () => {
    for (const id of Object.keys(PAGES) as SiteId[]) sites.serving.set(id, 'changed');
    try {
      const run = await runCli(['check', '--json'], { cwd: sites.workspace.dir, timeoutMs: 180_000 });
      const bySite = new Map(
        run.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as CheckLine)
          .map((l) => [l.site, l]),
      );
      const claim = bySite.get('claim')!;
      expect(claim.verdict, claim.reason).toBe('defaced');
      const phrases = claim.signals.find((s) => s.detector === 'defacer-phrases')!;
      expect(phrases.summary).toMatch(/^defacer phrase "hacked by" on a slide not showing/);
      expect(phrases.visibleToVisitors).toBe(true);

      const news = bySite.get('news')!;
      expect(news.verdict, news.reason).not.toBe('defaced');
      const campaign = bySite.get('campaign')!;
      expect(campaign.verdict, campaign.reason).toBe('changed');
    } finally {
      sites.serving.clear();
    }
  }, 240_000);
});
