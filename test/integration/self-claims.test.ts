import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserPool } from '../../src/capture/browser.js';
import { capturePage } from '../../src/capture/capture-page.js';
import { runCli } from '../helpers/cli.js';
import { startSwitchingSites, type SwitchingSites } from '../helpers/switching-sites.js';

/**
 * A "this site was hacked" claim is read wherever a visitor reads it: in CSS generated content
 * (which `innerText` leaves out) and in inline SVG text, through the real capture and the real CLI.
 * News about hacking on the same kind of page stays below `defaced`.
 */

const STYLE = `body{font-family:sans-serif;margin:32px;width:900px} .hero{height:160px;background:#dde8f4;padding:20px}
.hero h2{margin:0;font-size:28px} .more::after{content:" \\bb"} .badge::before{content:"Baru: "} .icon::before{content:"\\f101";font-family:none}
ol{counter-reset:n} ol li::before{counter-increment:n;content:counter(n) ". "}`;

/** The approved page: a hero, a news list, CSS that generates a label, a symbol, counters and an icon glyph. */
function portal(extra: { css?: string; hero?: string; news?: string } = {}): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Dinas Kesehatan Kota Contoh</title>
<style>${STYLE}${extra.css ?? ''}</style></head><body>
<h1>Dinas Kesehatan Kota Contoh</h1>
<div class="hero"><h2>Layanan vaksinasi gratis setiap Sabtu</h2>${extra.hero ?? ''}</div>
<ol><li>Jadwal posyandu</li><li><span class="badge"></span>Informasi rumah sakit</li>${extra.news ?? ''}</ol>
<p><a class="more" href="#">Selengkapnya</a> <span class="icon"></span></p>
</body></html>`;
}

const PAGES = {
  /** A claim set as the hero's ::before content: the DOM text is unchanged. */
  pseudo: portal({ css: '.hero::before{content:"Situs ini telah diretas oleh Shadow Panda Team";display:block;color:#c00;font-size:30px}' }),
  /** A Japanese claim in an SVG <text> inside the hero. */
  svg: portal({
    hero: '<svg width="860" height="60" role="img"><text x="0" y="40" font-size="28" fill="#c00">このサイトは「紅龍チーム」によってハッキングされました</text></svg>',
  }),
  /** A claim in a ::after that a visitor cannot see (display:none): not read. */
  'hidden-pseudo': portal({ css: '.hero::after{content:"Hacked by Shadow Panda";display:none}' }),
  /** News about hacking, in the page's list: reporting, not a claim. */
  news: portal({
    news: '<li>Pengadilan menjatuhkan hukuman kepada seorang pria karena meretas situs web pemerintah kota; situs Dinas tidak terdampak.</li>',
  }),
};

type SiteId = keyof typeof PAGES;

interface CheckLine {
  site: string;
  verdict: string;
  score: number;
  reason: string;
  signals: { detector: string; kind?: string; score: number; summary: string; evidence: Record<string, unknown> }[];
}

describe('self-referencing claims in generated content and SVG text', () => {
  let sites: SwitchingSites<SiteId>;

  beforeAll(async () => {
    sites = await startSwitchingSites({ pages: PAGES, approved: portal, agencyFile: 'claims.yaml' });
  }, 240_000);

  afterAll(async () => {
    await sites?.close();
  });

  it('the capture reads visible ::before/::after text and SVG text, not hidden ones, counters or icon glyphs', async () => {
    const logger = pino({ level: 'silent' });
    const pool = new BrowserPool({ logger });
    try {
      for (const id of Object.keys(PAGES) as SiteId[]) sites.serving.set(id, 'changed');
      const read = async (id: SiteId) =>
        (await capturePage(pool, { url: `${sites.base}${id}`, allowPrivateNetworks: true, settle: { quietMs: 200, maxMs: 2_000 } }, { logger })).visibleText;
      const pseudo = (await read('pseudo')).split('\n');
      expect(pseudo).toContain('Situs ini telah diretas oleh Shadow Panda Team');
      expect(pseudo).toContain('Baru:');
      expect(pseudo.join('\n')).not.toMatch(/\uf101|^1\. /mu);
      expect(await read('svg')).toContain('このサイトは「紅龍チーム」によってハッキングされました');
      expect(await read('hidden-pseudo')).not.toContain('Shadow Panda');
    } finally {
      sites.serving.clear();
      await pool.close();
    }
  }, 60_000);

  it('calls a claim in ::before content and in SVG text defaced through the CLI; news about hacking is not', async () => {
    for (const id of Object.keys(PAGES) as SiteId[]) sites.serving.set(id, 'changed');
    try {
      const run = await runCli(['check', '--json'], { cwd: sites.workspace.dir, timeoutMs: 180_000 });
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as CheckLine);
      const bySite = new Map(lines.map((l) => [l.site, l]));
      for (const id of ['pseudo', 'svg'] as const) {
        const line = bySite.get(id)!;
        expect(line.verdict, `${id}: ${line.reason}`).toBe('defaced');
        const phrases = line.signals.find((s) => s.detector === 'defacer-phrases')!;
        expect(phrases.kind).toBe('signature');
        expect(phrases.score).toBeGreaterThanOrEqual(0.9);
      }
      expect(bySite.get('pseudo')!.reason).toMatch(/diretas/u);
      expect(bySite.get('svg')!.reason).toMatch(/ハッキング/u);
      for (const id of ['hidden-pseudo', 'news'] as const) {
        const line = bySite.get(id)!;
        expect(line.verdict, `${id}: ${line.reason}`).not.toBe('defaced');
      }
      expect(bySite.get('hidden-pseudo')!.verdict).toBe('unchanged');
      expect(run.code).toBe(1);
    } finally {
      sites.serving.clear();
    }
  }, 240_000);
});
