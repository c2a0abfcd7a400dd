import { describe, expect, it } from 'vitest';
import { compareDom } from '../../src/compare/dom.js';
import type { Capture, VisualDiff } from '../../src/core/types.js';
import { DEFACER_PHRASES } from '../../src/detectors/data/defacer-phrases.js';
import { compilePhrases, defacerPhrases } from '../../src/detectors/defacer-phrases.js';
import { joinOcrWords, matchOcrPhrases } from '../../src/detectors/ocr-phrases.js';
import type { DetectorContext } from '../../src/detectors/types.js';
import { pageCapture } from '../helpers/capture-fixture.js';

/** A page with ordinary paragraphs; `{{ADD}}` is where the changed page adds its text. */
const PAGE =
  '<header><h1>Portal resmi</h1></header><main><h2>Berita</h2><ul class="news"><li><span>24 Nov 2026</span> <a href="/n/1">Rapat koordinasi</a></li></ul>' +
  '{{ADD}}<p>Selamat datang di portal resmi pemerintah kota.</p></main><footer>© 2026</footer>';

const VISUAL: VisualDiff = { identical: false, changedFraction: 0.01, changedPixels: 1, comparedPixels: 5, regions: [], sizeChanged: false };

function capture(add: string, title = 'Portal'): Capture {
  return pageCapture(PAGE.replace('{{ADD}}', add), { title, url: 'https://www.example.go.id/' });
}

function detect(add: string, title?: string) {
  const baseline = capture('');
  const current = capture(add, title);
  const ctx: DetectorContext = { site: { id: 's', url: baseline.url, sector: 'government' }, baseline, current, visual: VISUAL, dom: compareDom(baseline, current) };
  return defacerPhrases.detect(ctx)[0];
}

const score = (add: string, title?: string): number => detect(add, title)?.score ?? 0;

/** A paragraph of ordinary words before the claim: the claim sits mid-sentence inside it. */
describe('a self-referencing claim is decisive wherever it sits', () => {
  it.each([
    ['en', '<p>Welcome to the portal of the city, and this website has been hacked by Shadow Panda while your admin slept.</p>'],
    ['en, defacer voice', '<p>Hello admin, we have hacked your website and nobody noticed.</p>'],
    ['en, owned by a team', '<p>Owned by Shadow Panda Team</p>'],
    ['en, greetings to crews', '<p>Greetz to Shadow Panda Crew and all friends</p>'],
    ['ja, actor in quotes between site and verb', '<p>このサイトは「紅龍チーム」によってハッキングされました</p>'],
    ['ja, defacer voice', '<p>お知らせです。我々はこのサイトを完全に乗っ取ってやった</p>'],
    ['zh, traditional', '<p>本網站已遭駭客入侵</p>'],
    ['zh, traditional, actor between', '<p>各位訪客您好，本站已被紅龍駭客組織入侵</p>'],
    ['zh, simplified, active', '<p>我们是红龙小组，今天入侵了本站</p>'],
    ['ko, inside a greeting', '<p>관리자님 안녕하세요, 이 홈페이지는 붉은용 팀에 의해 해킹되었습니다.</p>'],
    ['vi, inside a greeting', '<p>Kính gửi quản trị viên, trang web này đã bị nhóm Mekong Shadow hack vì bảo mật quá kém.</p>'],
    ['th, inside a notice', '<p>ขอแจ้งให้ทราบว่าเว็บไซต์นี้ถูกแฮกโดยทีมมังกรแดง</p>'],
    ['id, object-focus passive', '<p>Kami informasikan bahwa website ini sudah kami retas, salam dari Shadow Panda.</p>'],
    ['ms, inside a greeting', '<p>Salam sejahtera kepada semua pengunjung, laman web ini telah digodam oleh Shadow Panda.</p>'],
    ['tl, verb first, site last', '<p>Magandang araw po sa lahat, na-hack ng Pinoy Bagwis Team ang website na ito.</p>'],
    ['in long prose', `<p>${'Pemerintah kota terus meningkatkan layanan publik bagi warga. '.repeat(6)}Situs ini telah diretas oleh Shadow Panda.</p>`],
    ['in a dated news item', '<ul><li><span>26 Nov 2026</span> <a href="#">Pengumuman: situs ini telah diretas oleh Shadow Panda</a></li></ul>'],
    // Ownership: the site is now the crew's.
    ['en, now owned by', '<p>Notice to all visitors: this website is now owned by Shadow Panda.</p>'],
    ['tl, owned, verb first', '<p>Paalala: pag-aari na ng Tropang Anino ang website na ito.</p>'],
    ['tl, owned, site first', '<p>Ang website na ito ay sakop na ng Tropang Anino.</p>'],
    ['id, now belongs to', '<p>Mohon maaf, situs ini kini milik Garuda Ghost Army.</p>'],
    ['ms, ours now', '<p>Laman ini milik kami sekarang. Salam serumpun.</p>'],
    ['vi, now belongs to', '<p>Xin chào quản trị viên, trang web này giờ thuộc về Mekong Shadow.</p>'],
    ['th, fell to', '<p>แจ้งให้ทราบ เว็บไซต์นี้ตกเป็นของทีมมังกรแดงแล้ว</p>'],
    ['ko, crew as subject', '<p>관리자님, 이 홈페이지는 붉은용 팀이 장악했습니다.</p>'],
    ['ko, ours now', '<p>이 사이트는 이제 붉은용 팀의 것입니다</p>'],
    ['ja, crew as subject', '<p>お知らせ。このサイトは紅龍チームが乗っ取りました</p>'],
    ['ja, occupied', '<p>このサイトは紅龍チームによって占領されました</p>'],
    ['zh, now belongs to', '<p>各位好，本站现在归红龙小组所有</p>'],
    ['zh, traditional, occupied', '<p>本網站已被玄武駭客隊佔領</p>'],
    // The site named by the organisation that runs it.
    ['en, the hospital website', "<p>Dear patients, the hospital's website has been hacked by Shadow Panda.</p>"],
    ['id, the hospital site', '<p>Situs rumah sakit ini telah diretas oleh Shadow Panda.</p>'],
    ['tl, the hospital website', '<p>Na-hack ng Pinoy Bagwis Team ang website ng ospital.</p>'],
    ['vi, the ministry site', '<p>Trang web của bộ đã bị hack bởi Mekong Shadow.</p>'],
    ['th, the hospital website', '<p>ประกาศรับสมัครพยาบาล แต่ตอนนี้เว็บไซต์โรงพยาบาลโดนแฮกโดยกลุ่ม Black Naga แล้ว</p>'],
    ['ko, the hospital homepage', '<p>병원 홈페이지는 붉은용 팀에 의해 해킹되었습니다</p>'],
    ['ja, the hospital website', '<p>病院のウェブサイトは紅龍チームによってハッキングされました</p>'],
    ['zh, traditional, the hospital website', '<p>醫院網站已被玄武駭客隊入侵</p>'],
    ['zh, the hospital website, no actor', '<p>医院网站被黑客入侵</p>'],
  ])('%s', (_what, html) => {
    const signal = detect(html);
    expect(signal?.kind).toBe('signature');
    expect(signal!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('in the title and in the alt text of a new image', () => {
    expect(score('', 'このサイトは紅龍チームによってハッキングされました')).toBeGreaterThanOrEqual(0.9);
    expect(score('<img src="/x.png" alt="本網站已遭駭客入侵">')).toBeGreaterThanOrEqual(0.9);
  });

  it('says it is about this site and visible to visitors', () => {
    const signal = detect('<p>Selamat datang, situs ini telah diretas oleh Shadow Panda.</p>')!;
    expect(signal.evidence.matches).toEqual(expect.arrayContaining([expect.objectContaining({ selfClaim: true })]));
  });
});

describe('news about hacking stays below a defacement', () => {
  it.each([
    ['en, warning', '<p>The ministry warns of phishing sites that imitate its website; do not enter your password.</p>'],
    ['en, court', '<p>A court sentenced a man for hacking the city website last year.</p>'],
    ['en, breach', '<p>A data breach at a hospital was reported on Monday.</p>'],
    ['en, third party naming the group', "<p>The regional bank's website was hacked by Garuda Ghost Army, police said.</p>"],
    ['en, advice about this kind of site', '<p>How to tell whether your website has been hacked: five signs.</p>'],
    ['en, reported speech about this site', '<p>Police say this website was hacked by Garuda Ghost Army.</p>'],
    ['en, owned by its owner', '<p>This website is owned by the Prefecture of Examples and maintained by its IT team.</p>'],
    ['ja, another body', '<p>区役所のサイトが海外のハッカー集団によって改ざんされました</p>'],
    ['ja, how-to', '<p>このサイトがハッキングされた場合の対処法</p>'],
    ['ja, relative clause', '<p>ハッキングされたサイトの見分け方をこのサイトで紹介します</p>'],
    ['zh, another site', '<p>某市政府網站遭駭客入侵，該網站已暫停服務。</p>'],
    ['zh, outage notice', '<p>本站遭到黑客攻击，部分服务暂停，现已恢复。</p>'],
    ['ko, another site', '<p>시청 홈페이지가 해커에 의해 해킹됐다</p>'],
    ['ko, condition', '<p>이 사이트가 해킹되었다면 즉시 신고하세요</p>'],
    ['vi, another site', '<p>Website của Sở Y tế bị hack bởi nhóm tin tặc nước ngoài</p>'],
    ['vi, how-to', '<p>Cách kiểm tra website của bạn đã bị hack hay chưa</p>'],
    ['th, condition', '<p>หากเว็บไซต์ของคุณถูกแฮก ให้ติดต่อ ThaiCERT</p>'],
    ['id, reported', '<p>Website Pemkab diretas oleh kelompok peretas, kata polisi</p>'],
    ['tl, reported', '<p>Sinabi ng pulis na ang website ng lungsod ay na-hack ng grupong hindi kilala.</p>'],
    // Ownership that says who runs the site, not who seized it.
    ['en, belongs to its owner', '<p>This website now belongs to the Department of Tourism after the merger.</p>'],
    ['id, run by the city', '<p>Situs ini milik Pemerintah Kota Bandung.</p>'],
    ['vi, run by the court', '<p>Trang web này thuộc quyền sở hữu của Tòa án nhân dân Khu vực 3.</p>'],
    ['tl, run by the city', '<p>Pag-aari ng Pamahalaang Lungsod ang website na ito.</p>'],
    ['th, run by the department', '<p>เว็บไซต์นี้เป็นของกรมอนามัย กระทรวงสาธารณสุข</p>'],
    ['zh, run by the city', '<p>本站属于某市人民政府，由信息中心维护。</p>'],
    // Another organisation's site, named, or hacked by "hackers".
    ['en, a named hospital, police say', '<p>St. Luke hospital was hacked last week, police say.</p>'],
    ['id, a named hospital', '<p>Situs RSUD Dr. Soetomo telah diretas pekan lalu.</p>'],
    ['vi, a named department', '<p>Cổng thông tin điện tử Sở Giáo dục tỉnh Bình Dương bị hack, hiển thị nội dung lạ</p>'],
    ['th, a hospital somewhere', '<p>ตำรวจไซเบอร์เผยเว็บไซต์โรงพยาบาลแห่งหนึ่งในภาคเหนือถูกแฮกเมื่อสัปดาห์ก่อน</p>'],
    ['ko, a named hospital', '<p>서울대병원 홈페이지가 해킹당했습니다</p>'],
    ['ja, a named city', '<p>東京都立病院のウェブサイトがハッキングされました</p>'],
    ['zh, some hospital', '<p>台北某醫院網站被駭客入侵，警方已介入調查。</p>'],
    ['en, a court ruling', '<p>A court ruling on a hacking case: the man who hacked the city website was fined.</p>'],
    ['en, bare, another site', '<p>A regional hospital was hacked last week, according to the health office.</p>'],
    // Sites of several bodies, counted: a report about them.
    ['id, a number of sites', '<p>Pekan lalu sejumlah situs pemda diretas oleh kelompok peretas; layanan BSN tidak terdampak.</p>'],
    ['vi, several sites', '<p>Nhiều trang web của bệnh viện đã bị hack bởi nhóm tin tặc nước ngoài.</p>'],
    ['tl, the sites', '<p>Ang mga website ng ospital ay na-hack ng grupong hindi kilala noong isang linggo.</p>'],
    ['th, several sites', '<p>หลายเว็บไซต์ของโรงพยาบาลถูกแฮกเมื่อสัปดาห์ก่อน</p>'],
    // A denied rumour about this site.
    ['ko, a denied rumour', '<p>구청 홈페이지가 해킹됐다는 소문은 사실이 아닙니다.</p>'],
    ['th, a denied rumour', '<p>ข่าวลือว่าเว็บไซต์โรงพยาบาลถูกแฮกไม่เป็นความจริง</p>'],
    ['en, a denied rumour', "<p>Rumours that the hospital's website has been hacked are false.</p>"],
    // Hospital websites counted, all the cities' sites, an incident named.
    ['th, three hospital websites', '<p>เว็บไซต์โรงพยาบาล 3 แห่งถูกแฮกโดยกลุ่ม Black Naga</p>'],
    ['ja, every city', '<p>全国の市のウェブサイトが改ざんされました</p>'],
    ['zh, an incident named', '<p>【通报】医院网站被黑客入侵事件调查进展</p>'],
  ])('%s', (_what, html) => {
    expect(score(html)).toBeLessThan(0.7);
  });
});

describe('self-referencing claims read in a picture', () => {
  const phrases = compilePhrases(DEFACER_PHRASES);
  const read = (text: string) => ({ text, confidence: 0.9, languages: ['eng'] });
  it.each([
    ['ja, OCR spaces between characters', 'こ の サ イ ト は 紅 龍 チ ー ム に よ っ て ハ ッ キ ン グ さ れ ま し た'],
    ['zh, traditional', '本 網 站 已 遭 駭 客 入 侵'],
    ['id, a carousel slide', 'SITUS INI TELAH DIRETAS\nOLEH SHADOW PANDA'],
  ])('%s', (_what, text) => {
    const hits = matchOcrPhrases(joinOcrWords(read(text)), phrases);
    expect(Math.max(...hits.map((h) => h.entry.weight))).toBeGreaterThanOrEqual(0.9);
  });
});
