import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import { foldText } from '../../src/compare/text.js';
import type { Capture, VisualDiff } from '../../src/core/types.js';
import { DEFACER_PHRASES } from '../../src/detectors/data/defacer-phrases.js';
import { SELF_CLAIM_WEIGHT } from '../../src/detectors/data/self-claims.js';
import { compilePhrases, defacerPhrases } from '../../src/detectors/defacer-phrases.js';
import { readPageBlocks, structureAt, inlineFontPx } from '../../src/detectors/page-blocks.js';
import { judgeClaim, judgeTitleClaim, textContext, wordUnits } from '../../src/detectors/phrase-context.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

/** The verdict's line: a signature scoring this much alone makes a site `defaced`. */
const DEFACED = 0.7;

function capture(body: string, title = 'Portal'): Capture {
  return pageCapture(body, { title, url: 'https://www.example.go.id/' });
}

const VISUAL: VisualDiff = { identical: false, changedFraction: 0.01, changedPixels: 1, comparedPixels: 5, regions: [], sizeChanged: false };

/** A home page with a news list, a heading and a footer; `{{NEWS}}` and `{{TOP}}` are where edits go. */
const PAGE =
  '<header><div class="brand">Kementerian Contoh</div></header>{{TOP}}<main><h2>Berita</h2><ul class="news">{{NEWS}}' +
  '<li><span class="date">24 Nov 2026</span><a href="/n/1">Rapat koordinasi pengendalian inflasi daerah</a></li>' +
  '<li><span class="date">23 Nov 2026</span><a href="/n/2">Peluncuran layanan perizinan daring</a></li></ul>' +
  '<p>Selamat datang di portal resmi kementerian.</p></main><footer>© 2026</footer>';

function page(edit: { news?: string; top?: string }): string {
  return PAGE.replace('{{NEWS}}', edit.news ?? '').replace('{{TOP}}', edit.top ?? '');
}

function score(edit: { news?: string; top?: string }, title?: string): number {
  const baseline = capture(page({}));
  const current = capture(page(edit), title);
  const ctx: DetectorContext = { site: { id: 's', url: baseline.url, sector: 'government' }, baseline, current, visual: VISUAL, dom: compareDom(baseline, current) };
  return defacerPhrases.detect(ctx)[0]?.score ?? 0;
}

const newsItem = (headline: string, date = '26 Nov 2026') => `<li><span class="date">${date}</span><a href="/n/3">${headline}</a></li>`;

describe('defacer-phrases: news reports a defacement, a defacer claims one', () => {
  it.each([
    ['en, third-party subject and "a group"', "Regional bank's website was hacked by a group calling itself Garuda Ghost Army, police say"],
    ['en, third-party subject naming the group', "Regional bank's website was hacked by Garuda Ghost Army, police say"],
    ['en, headline', 'Police: regional bank website hacked by Garuda Ghost Army'],
    ['en, quoted', 'Several municipal sites showed a "Hacked by" message on Sunday'],
    ['id, quoted', 'BSN Imbau Waspadai Peretasan: Sejumlah Situs Daerah Diubah dengan Pesan "Hacked by"'],
    ['id, third party', 'Situs Pemkab Sukamaju diretas oleh sekelompok peretas, polisi selidiki'],
    ['vi, third party', 'Website của Sở Y tế bị hack bởi nhóm tin tặc nước ngoài'],
    ['ja, quoted', '関係団体ウェブサイトの改ざん被害について（トップページが「Hacked by」で始まる英文に書き換えられた事案）'],
    ['ko, quoted', "[보도자료] 'Hacked by' 문구로 홈페이지가 변조되는 사이버 공격 주의 당부"],
    ['zh, quoted', '多家网站被黑客攻击，首页被篡改为“Hacked by”字样'],
    ['zh, reported claim', '外交部发言人表示，中方所谓“钓鱼岛是中国的”说法不符合事实'],
    ['th, quoted', 'ชี้แจงกรณีเว็บไซต์ปลอมแอบอ้างโรงพยาบาล ซึ่งแสดงข้อความ "hacked by" — เว็บไซต์จริงปลอดภัย'],
    ['tl, third party', 'Website ng isang ahensya, na-hack ng grupong hindi pa kilala'],
    ['tl, quoted', 'Ilang website ng LGU, pinalitan ng mensaheng "Na-hack na ang website ninyo" — DICT'],
  ])('a news item quoting the phrase is not a defacement (%s)', (_what, headline) => {
    expect(score({ news: newsItem(headline) })).toBeLessThan(DEFACED);
  });

  it.each([
    ['en, advice', '<h2>If your website has been hacked, call the national CERT</h2>'],
    ['ja, advice', '<p>万一、ホームページがハッキングされた場合は、警察に相談してください</p>'],
    ['zh, reported claim', '<p>中方声称钓鱼岛是中国的，日本政府表示抗议</p>'],
    ['id, reported', '<p>Menurut polisi, situs Pemkab diretas oleh Garuda Ghost Army</p>'],
  ])('advice and reported speech are not a defacement (%s)', (_what, html) => {
    expect(score({ top: html })).toBeLessThan(DEFACED);
  });

  it('a report in a paragraph of its own, naming the group, stays below a defacement', () => {
    expect(score({ top: "<p>Regional bank's website was hacked by Garuda Ghost Army, police said on Monday.</p>" })).toBeLessThan(DEFACED);
  });

  it.each([
    ['a banner', '<div style="background:#000;color:#0f0;font-size:30px">Hacked by Garuda Ghost Army</div>'],
    ['a decorated signature', '<p>~ HaCkEd By 0xDragon Crew ~</p>'],
    ['a sentence about this site', '<p>Greetings admin: this website was hacked by Red Lotus Army</p>'],
    ['id, this site', '<p>Situs ini telah diretas oleh Garuda Ghost Army. Perbaiki keamanan kalian!</p>'],
    ['vi', '<p>Trang web này đã bị hack bởi Mekong Shadow Crew</p>'],
    ['tl', '<h1>Na-hack ng Pinoy Bagwis Team</h1>'],
    ['tl, this site', '<h3>Na-hack na po ang website ninyo!</h3>'],
    ['ko', '<h2>이 사이트는 해킹되었습니다</h2>'],
    ['ja', '<p>このサイトはハッキングされました</p>'],
    ['th', '<div>แฮกโดย Mekong Phantom</div>'],
    ['zh', '<h1>南海諸島自古屬於中國，越南立即撤出！</h1>'],
    ['zh, a place the list does not name', '<h1>长白山是中国的！</h1>'],
    ['zh, across a line break', '<div>钓鱼岛<br>是中国的</div>'],
  ])('a claim is a defacement on its own (%s)', (_what, html) => {
    expect(score({ top: html })).toBeGreaterThanOrEqual(DEFACED);
  });

  it('a slogan posted as an item of the news list is still a slogan: it opens its item', () => {
    expect(score({ news: newsItem('<b style="color:#c00">长白山是中国的！韩国人不要再偷我们的文化</b>') })).toBeGreaterThanOrEqual(DEFACED);
    expect(score({ news: newsItem('Hacked by Garuda Ghost Army') })).toBeGreaterThanOrEqual(DEFACED);
  });

  it('a defacer title is a claim, a news title quoting the phrase is not', () => {
    expect(score({}, 'Hacked by Sunda Cyber Legion')).toBeGreaterThanOrEqual(DEFACED);
    expect(score({}, 'Sites defaced with "Hacked by" message, CERT warns | News')).toBeLessThan(DEFACED);
  });

  it('names why a match weighs less in the summary', () => {
    const baseline = capture(page({}));
    const current = capture(page({ news: newsItem('Sejumlah situs daerah diubah dengan pesan "Hacked by"') }));
    const ctx: DetectorContext = { site: { id: 's', url: baseline.url, sector: 'bank' }, baseline, current, visual: VISUAL, dom: compareDom(baseline, current) };
    const [signal] = defacerPhrases.detect(ctx);
    expect(signal!.summary).toBe('defacer phrase "hacked by" (quoted, mid-sentence, in a dated news item) added');
    expect(signal!.evidence.matches).toMatchObject([{ phrase: 'hacked by', reportedAs: ['quoted', 'mid-sentence', 'in a dated news item'] }]);
  });

  it('counts words matched by two phrases once', () => {
    // "이 사이트는 해킹되었습니다" and "해킹되었습니다" are the same words: the self-referencing claim's
    // weight once, not a noisy-OR of the three phrases that match them.
    expect(score({ top: '<h2>이 사이트는 해킹되었습니다</h2>' })).toBeCloseTo(SELF_CLAIM_WEIGHT);
  });
});

describe('the shipped phrases', () => {
  const phrases = compilePhrases(DEFACER_PHRASES);
  it.each([
    '茶叶自古以来就是中国重要的出口商品',
    '上海是中国的经济中心，也是重要的港口城市',
    '多家网站被黑客攻击，请提高警惕',
    'Perfect security is a myth; layered defences are not.',
    '不正アクセスやハッキングされた場合は警察に相談してください',
    'アカウントが乗っ取られた場合の対処法',
    'Keamanan siber Indonesia masih lemah, kata pakar',
    'Situs telah diperbarui dengan informasi terbaru',
    '공공기관 홈페이지 해킹 피해 잇따라',
    'Tài khoản có thể bị hack nếu dùng mật khẩu yếu',
    'Ang website ay pag-aari ng lungsod',
    'เว็บไซต์หน่วยงานรัฐปิดปรับปรุงชั่วคราว',
    'Please keep your system up to date and your passwords strong.',
    // Who runs the site is not who seized it.
    'This website now belongs to the Department of Tourism.',
    'Situs ini milik Pemerintah Kota Bandung.',
    'Trang web này thuộc quyền sở hữu của Tòa án nhân dân Khu vực 3.',
    'Pag-aari ng Pamahalaang Lungsod ang website na ito.',
    'เว็บไซต์นี้เป็นของกรมอนามัย',
    '本站属于某市人民政府',
  ])('match nothing in ordinary text: %s', (text) => {
    expect(phrases.filter((p) => foldText(text).match(p.re)).map((p) => p.entry.text)).toEqual([]);
  });

  const names = (text: string) => phrases.filter((p) => foldText(text).match(p.re)).map((p) => p.entry.text);

  it('give words with innocent uses a weight that needs other evidence', () => {
    expect(names('This website is owned by the Prefecture.')).toEqual(['owned by']);
    expect(DEFACER_PHRASES.find((e) => e.text === 'owned by')!.weight).toBeLessThan(0.5);
  });

  it('write slogans as shapes: places vary, the claim is the same', () => {
    expect(names('仁爱礁是中国的！')).toContain('南海是中国的');
    expect(names('黃岩島屬於中國')).toContain('南海是中国的');
    expect(names('釣魚台列嶼自古屬於中國')).toEqual(expect.arrayContaining(['钓鱼岛是中国的', '自古以来就是中国的']));
    expect(names('某某岛自古以来就是中国领土')).toContain('自古以来是中国领土');
    expect(names('沖縄は中国の領土だ')).toContain('尖閣諸島は中国のもの');
    expect(names('The Spratly Islands are an inherent part of China')).toContain('diaoyu islands belong to china');
    expect(names('Trường Sa thuộc về Trung Quốc')).toContain('hoàng sa là của trung quốc');
  });
});

describe('phrase-context', () => {
  it('counts word units in any script', () => {
    expect(wordUnits("regional bank's website was")).toBe(4);
    expect(wordUnits('26 nov 2026 ')).toBe(1);
    expect(wordUnits('外交部发言')).toBe(2.5);
    expect(wordUnits('[보도자료] ')).toBe(1);
  });

  const at = (block: string, phrase: string) => {
    const b = foldText(block);
    const start = b.indexOf(phrase);
    return textContext(b, start, start + phrase.length);
  };

  it('reads the clause before a match, quotation marks and what follows "by"', () => {
    expect(at('Hacked by X', 'hacked by')).toMatchObject({ lead: 0, quoted: false, reportAfter: false });
    expect(at('Police: regional bank website hacked by X', 'hacked by')).toMatchObject({ lead: 3, blockLead: 4 });
    expect(at('Sites showed a "Hacked by" message', 'hacked by').quoted).toBe(true);
    expect(at('"Hacked by Red Lotus"', 'hacked by').quoted).toBe(false); // the block is the quotation
    expect(at("The admin's site hacked by X", 'hacked by').quoted).toBe(false);
    expect(at('The site was hacked by unknown attackers', 'hacked by').reportAfter).toBe(true);
    expect(at('Hacked by Garuda', 'hacked by').reportAfter).toBe(false);
    expect(at('Greetings, this website was hacked by X', 'hacked by').selfReference).toBe(true);
  });

  it('takes an actor named by a generic noun before the verb for a report', () => {
    expect(at('区役所のサイトが海外のハッカー集団によって改ざんされました', 'ハッカー集団によって改ざんされました').reportAfter).toBe(true);
    expect(at('시청 홈페이지가 해커에 의해 해킹됐다', '해커에 의해 해킹됐다').reportAfter).toBe(true);
    expect(at('Website bị tin tặc hack', 'bị tin tặc hack').reportAfter).toBe(true);
    expect(at('このサイトは「紅龍チーム」によってハッキングされました', '「紅龍チーム」によってハッキングされました').reportAfter).toBe(false);
    expect(at('trang web này đã bị nhóm Mekong Shadow hack', 'bị nhóm mekong shadow hack').reportAfter).toBe(false);
  });

  it('knows the site by the bare organisation noun that runs it, not by a named one', () => {
    expect(at("Dear patients, the hospital's website has been hacked", 'has been hacked').selfSite).toBe(true);
    expect(at('แต่ตอนนี้เว็บไซต์โรงพยาบาลโดนแฮกโดยกลุ่ม Black Naga', 'แฮกโดย').selfSite).toBe(true);
    expect(at('Trang web của bộ đã bị hack', 'đã bị hack').selfSite).toBe(true);
    expect(at('醫院網站已被入侵', '被入侵').selfSite).toBe(true);
    expect(at('The website of St. Luke hospital has been hacked', 'has been hacked').selfSite).toBe(false);
    expect(at('เว็บไซต์โรงพยาบาลแห่งหนึ่งถูกแฮก', 'ถูกแฮก').selfSite).toBe(false);
    expect(at('Cổng thông tin Sở Y tế bị hack', 'bị hack').selfSite).toBe(false);
    expect(at('台北某醫院網站被駭客入侵', '被駭客入侵').selfSite).toBe(false);
  });

  it('reads a title as the site speaking of itself, unless it reports or asks', () => {
    const title = (t: string, phrase: string) => {
      const b = foldText(t);
      const start = b.indexOf(phrase);
      return judgeTitleClaim(b, start, start + phrase.length);
    };
    expect(title('被駭客入侵 | 水資源・防災省', '被駭客入侵')).toMatchObject({ selfClaim: true, factor: 1 });
    expect(title('Situs telah diretas, kata polisi', 'telah diretas').reasons).toEqual(['reported speech']);
    const advice = title('How to tell if your site has been hacked', 'has been hacked');
    expect(advice.selfClaim).toBe(false);
    expect(advice.factor).toBeLessThan(1);
  });

  it('keeps the whole weight of a claim and lowers a report step by step', () => {
    expect(judgeClaim(at('Hacked by X', 'hacked by')).factor).toBe(1);
    const quoted = judgeClaim(at('Sites showed a "Hacked by" message', 'hacked by'));
    expect(quoted.reasons).toEqual(['quoted', 'mid-sentence']);
    expect(quoted.factor).toBeLessThan(0.3);
    const newsItem = { link: true, listItem: true, dated: true, prominent: false };
    const mid = at('Bank website was hacked by X', 'hacked by');
    expect(judgeClaim(mid, newsItem).factor).toBeLessThan(judgeClaim(mid).factor);
    expect(judgeClaim(mid, { ...newsItem, prominent: true }).factor).toBe(judgeClaim(mid).factor);
    expect(judgeClaim(at('X was here', 'was here'), undefined, { anywhere: true }).factor).toBe(1);
  });
});

describe('page-blocks', () => {
  it('finds the structure around a phrase: link, list item, date, prominence', () => {
    const blocks = readPageBlocks(
      '<ul><li><time>2026-11-26</time> <a href="#">Site hacked by X</a></li><li>Other</li></ul>' +
        '<h1>Banner</h1><div style="font:700 28px sans-serif">Big text</div><p>Plain <b style="font-weight:bold;color:red">alert</b></p>',
    );
    expect(blocks.map((b) => b.text)).toEqual(['2026-11-26 site hacked by x', 'other', 'banner', 'big text', 'plain alert']);
    const first = blocks[0]!;
    const at = first.text.indexOf('hacked');
    expect(structureAt(first, at, at + 9)).toEqual({ link: true, listItem: true, dated: true, prominent: false });
    expect(structureAt(blocks[2]!, 0, 6).prominent).toBe(true);
    expect(structureAt(blocks[3]!, 0, 3).prominent).toBe(true);
    expect(structureAt(blocks[4]!, 6, 11).prominent).toBe(true);
    expect(structureAt(blocks[4]!, 0, 5).prominent).toBe(false);
  });

  it('skips hidden elements and reads inline font sizes', () => {
    expect(readPageBlocks('<div hidden>x</div><div style="display:none">y</div><p>z</p>').map((b) => b.text)).toEqual(['z']);
    expect(inlineFontPx('color:red; font-size: 24px')).toBe(24);
    expect(inlineFontPx('font: bold 2em serif')).toBe(32);
    expect(inlineFontPx('font-size:18pt')).toBe(24);
    expect(inlineFontPx('color:red')).toBeNull();
  });
});
