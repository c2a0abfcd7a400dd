import { describe, expect, it } from 'vitest';
import { compareDom, extractPageText, innerTextBlocks, visibleBlocks } from '../../src/compare/dom.js';
import { textShape } from '../../src/compare/text.js';
import type { Capture, ResourceOrigins } from '../../src/core/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

function capture(over: Partial<Capture> & { body?: string } = {}): Capture {
  const { body, ...rest } = over;
  return pageCapture(body ?? '', rest);
}

const NEWS = `
  <header><h1>Ministry of Examples</h1><nav><a href="/">Home</a> <a href="/about">About us</a></nav></header>
  <main>
    <p>The ministry announced a new programme for regional disaster preparedness on Monday.</p>
    <p>Applications for the 2025 scholarship open in April and close at the end of May.</p>
    <ul><li>Press releases</li><li>Public consultations</li></ul>
  </main>
  <footer>Copyright Ministry of Examples. All rights reserved.</footer>`;

describe('extractPageText', () => {
  it('reads visible text as blocks and drops what is never shown', () => {
    const page = extractPageText(`<!doctype html><html><head><title> The  Title </title><style>p{}</style>
      <script>var hacked = "by nobody";</script></head><body>
      <div>First <b>block</b>&nbsp;&amp; more</div>
      <p>Second<br>third</p>
      <noscript>Enable JavaScript</noscript>
      <template><p>template text</p></template>
      <div hidden>hidden attr</div>
      <div aria-hidden="true">aria hidden</div>
      <div style="color:red; display: none">display none</div>
      <span style="visibility:hidden">invisible</span>
      <p>   </p><p>—</p>
      <img src="/flag.png" alt="  A   flag "><img src="/x.png" alt="" hidden><input type="image" alt="Go">
      </body></html>`);
    expect(page.title).toBe('The Title');
    expect(page.blocks).toEqual(['First block & more', 'Second', 'third']);
    expect(page.imageTexts).toEqual(['A flag', 'Go']);
  });

  it('survives very deep nesting', () => {
    const html = '<div>'.repeat(20000) + 'deep text' + '</div>'.repeat(20000);
    expect(extractPageText(html).blocks).toEqual(['deep text']);
  });
});

describe('innerTextBlocks', () => {
  it('splits lines and normalises whitespace', () => {
    expect(innerTextBlocks('  Home\tAbout \n\n 2025年 \r\n---\nｈａｃｋｅｄ')).toEqual(['Home About', '2025年', 'hacked']);
  });
});

describe('compareDom', () => {
  it('calls two equal captures identical', () => {
    const a = capture({ body: NEWS });
    const d = compareDom(a, capture({ body: NEWS }));
    expect(d.identical).toBe(true);
    expect(d.textSimilarity).toBe(1);
    expect(d.removedTextFraction).toBe(0);
    expect(d.textAdded).toEqual([]);
    expect(d.titleChanged).toBe(false);
  });

  it('lists blocks added and removed as multisets', () => {
    const before = capture({ body: '<p>Notice</p><p>Notice</p><p>Old item</p><p>Stays</p>' });
    const after = capture({ body: '<p>Notice</p><p>New item</p><p>Stays</p><p>Stays</p>' });
    const d = compareDom(before, after);
    expect(d.identical).toBe(false);
    expect(d.textAdded).toEqual(['New item', 'Stays']);
    expect(d.textRemoved).toEqual(['Notice', 'Old item']);
  });

  it('keeps similarity high and removal low for a news item edit', () => {
    const after = NEWS.replace(
      'Applications for the 2025 scholarship open in April and close at the end of May.',
      'The minister visited flood-hit towns in the north on Tuesday.',
    );
    const d = compareDom(capture({ body: NEWS }), capture({ body: after }));
    expect(d.textAdded).toEqual(['The minister visited flood-hit towns in the north on Tuesday.']);
    expect(d.textSimilarity).toBeGreaterThan(0.4);
    expect(d.removedTextFraction).toBeLessThan(0.35);
  });

  it('sees a full replacement as dissimilar with most text gone', () => {
    const d = compareDom(capture({ body: NEWS }), capture({ title: 'Hacked', body: '<h1>HACKED BY XYZ TEAM</h1><p>Diaoyu islands belong to China</p>' }));
    expect(d.textSimilarity).toBeLessThan(0.1);
    expect(d.removedTextFraction).toBeGreaterThan(0.9);
    expect(d.titleBefore).toBe('Ministry of Examples');
    expect(d.titleAfter).toBe('Hacked');
    expect(d.titleChanged).toBe(true);
  });

  it('measures Chinese text with character n-grams', () => {
    const zh = '<p>新加坡政府今天宣布新的经济援助计划，以帮助中小企业应对成本上升。</p><p>该计划将于下个月开始接受申请，预计有超过一万家企业受惠。</p>';
    const edited = zh.replace('一万家', '两万家');
    const unrelated = '<p>钓鱼岛是中国的固有领土，中国人民坚决捍卫国家主权。</p><p>中国红客联盟到此一游，请管理员尽快修补漏洞。</p>';
    const small = compareDom(capture({ body: zh }), capture({ body: edited }));
    expect(small.textSimilarity).toBeGreaterThan(0.8);
    expect(small.removedTextFraction).toBeLessThan(0.1);
    const replaced = compareDom(capture({ body: zh }), capture({ body: unrelated }));
    expect(replaced.textSimilarity).toBeLessThan(0.1);
    expect(replaced.removedTextFraction).toBeGreaterThan(0.85);
  });

  it('measures Thai text with character n-grams', () => {
    const th = '<p>กระทรวงสาธารณสุขประกาศมาตรการใหม่เพื่อป้องกันไข้เลือดออกในช่วงฤดูฝน</p>';
    const edited = th.replace('ฤดูฝน', 'ฤดูร้อน');
    const d = compareDom(capture({ body: th }), capture({ body: edited }));
    expect(d.textSimilarity).toBeGreaterThan(0.7);
    const other = compareDom(capture({ body: th }), capture({ body: '<p>เว็บไซต์นี้ถูกแฮกโดยทีมงานของเรา</p>' }));
    expect(other.textSimilarity).toBeLessThan(0.15);
  });

  it('lists origins that are new, per kind', () => {
    const origins = (o: Partial<ResourceOrigins>): ResourceOrigins => ({ scripts: [], iframes: [], images: [], ...o });
    const before = capture({ body: NEWS, origins: origins({ scripts: ['https://www.example.go.jp'], images: ['https://cdn.example.go.jp'] }) });
    const after = capture({
      body: NEWS,
      origins: origins({
        scripts: ['https://www.example.go.jp', 'https://evil.example.com'],
        iframes: ['https://miner.example.net'],
        images: ['https://cdn.example.go.jp', 'https://img.example.org'],
      }),
    });
    const d = compareDom(before, after);
    expect(d.newOrigins).toEqual({
      scripts: ['https://evil.example.com'],
      iframes: ['https://miner.example.net'],
      images: ['https://img.example.org'],
    });
    expect(d.identical).toBe(false);
    expect(d.textAdded).toEqual([]);
  });

  it('prefers innerText when both captures have it', () => {
    // The HTML differs only inside an element that CSS hides; innerText (what people see) is the same.
    const before = capture({ body: '<p>Welcome</p><p class="sr">old hidden</p>', visibleText: 'Welcome' });
    const after = capture({ body: '<p>Welcome</p><p class="sr">new hidden</p>', visibleText: 'Welcome' });
    const d = compareDom(before, after);
    expect(d.textAdded).toEqual([]);
    expect(d.textRemoved).toEqual([]);
    expect(d.textSimilarity).toBe(1);
  });

  it('lists alt text of new images', () => {
    const before = capture({ body: '<p>Home</p><img src="/logo.png" alt="Ministry logo">' });
    const after = capture({ body: '<p>Home</p><img src="/logo.png" alt="Ministry logo"><img src="/f.png" alt="Hacked by Team X">' });
    expect(compareDom(before, after).imageTextAdded).toEqual(['Hacked by Team X']);
  });

  it("lists alt text the baseline's images lost, and leaves out the alt texts of a banner rotation the samples showed", () => {
    const before = capture({ body: '<p>Home</p><img src="/ad-1.png" alt="Pay your court fees online">' });
    const after = capture({ body: '<p>Home</p><img src="/ad-2.png" alt="File a claim online">' });
    const d = compareDom(before, after);
    expect(d.imageTextAdded).toEqual(['File a claim online']);
    expect(d.imageTextRemoved).toEqual(['Pay your court fees online']);
    const rotation = { textShapes: [textShape('File a claim online'), textShape('Pay your court fees online')] };
    const quiet = compareDom(before, after, { volatility: rotation });
    expect(quiet.imageTextAdded).toEqual([]);
    expect(quiet.identical).toBe(true);
    // Only the looks the samples showed: a defacer's alt text in the same slot is still news.
    const defaced = capture({ body: '<p>Home</p><img src="/x.png" alt="Hacked by Team X">' });
    expect(compareDom(before, defaced, { volatility: rotation }).imageTextAdded).toEqual(['Hacked by Team X']);
  });

  it('reads the text of visible frames after the page text, innerText or HTML alike', () => {
    const before = capture({ body: '<p>Welcome</p>', visibleText: 'Welcome', frameText: 'Map of the office' });
    const after = capture({ body: '<p>Welcome</p>', visibleText: 'Welcome', frameText: 'Map of the office\nHACKED\nby Cyber Chollima' });
    const d = compareDom(before, after);
    expect(d.identical).toBe(false);
    expect(d.textAdded).toEqual(['HACKED', 'by Cyber Chollima']);
    expect(visibleBlocks(after)).toEqual(['Welcome', 'Map of the office', 'HACKED', 'by Cyber Chollima']);
    // A page that is nothing but a frame: the HTML gives no text, the frame does.
    const bare = capture({ body: '<iframe src="/x"></iframe>', frameText: 'OWNED' });
    expect(compareDom(capture({ body: '<p>Welcome</p>' }), bare).textAdded).toEqual(['OWNED']);
    // Captures from before frames were read count as showing none.
    expect(compareDom(capture({ body: '<p>Welcome</p>', visibleText: 'Welcome' }), before).textAdded).toEqual(['Map of the office']);
  });

  it('lists lines of slides not showing that neither capture showed nor the baseline had on a slide', () => {
    const body = '<div class="slides"><div class="slide"><img alt="Flood project"></div></div>';
    const on = (visibleText: string, slideText: string) => capture({ body, visibleText, slideText });
    const before = on('Home\nSlide one', 'Slide two\nSlide three');
    // The carousel opened on another slide: old text, and the same page.
    const turned = compareDom(before, on('Home\nSlide two', 'Slide one\nSlide three'));
    expect(turned.slideTextAdded).toEqual([]);
    // A slide made transparent is in innerText too, and a shown slide's picture text is the page's image text.
    expect(compareDom(before, on('Home\nSlide one\nSlide two', 'Slide two\nFlood project')).slideTextAdded).toEqual([]);
    const claimed = compareDom(before, on('Home\nSlide one', 'Hacked by Team X\nSlide three'));
    expect(claimed.slideTextAdded).toEqual(['Hacked by Team X']);
    expect(claimed.identical).toBe(false);
    expect(claimed.textAdded).toEqual([]);
    // Captures from before slides were read compare nothing.
    expect(compareDom(capture({ body, visibleText: 'Home\nSlide one' }), on('Home\nSlide one', 'Hacked by Team X')).slideTextAdded).toBeUndefined();
  });
});
