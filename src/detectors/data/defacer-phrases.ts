/**
 * Phrases defacers leave behind, and the territorial-dispute slogans of politically motivated
 * defacements of Japanese, Korean and ASEAN sites. Data, not code: a TS module so it survives `tsc`
 * into dist/.
 *
 * Each entry is matched against NFKC-normalised, lower-cased text. `pattern` (a RegExp source, `u`
 * flag) covers spelling variants and may use the named slots of ./phrase-slots.ts as `{{name}}` (a
 * slogan shape whose place varies); `text` is how the entry is named in alerts (an entry with slots
 * is named by what it matched) and a sample of it for fuzzy OCR matching. Entries written in a
 * space-separated script only match whole words; Chinese, Japanese and Thai match anywhere.
 *
 * Weights (0..1) say how sure one match alone makes us, when the page states it (a banner, a heading,
 * a slogan): ≥ 0.7 is a defacement on its own (a signature nobody writes on their own site), 0.3–0.6
 * needs other evidence (the words have innocent uses too). A page that only reports the phrase (a
 * news item quoting "hacked by") weighs less: see ../phrase-context.ts. Bare place names, "hacker",
 * 黑客, 해킹 and the like are deliberately absent: legitimate news uses them every day.
 */
import { DISPUTE_SLOGANS } from './dispute-slogans.js';
import type { PhraseEntry } from './phrase-entry.js';
import { SELF_CLAIMS } from './self-claims.js';

export type { PhraseEntry, PhraseKind } from './phrase-entry.js';

/** Spellings of "hacked", "defaced", "owned", "pwned" defacers use (leetspeak, odd capitals fold away). */
const HACKED = String.raw`(?:h[a4@]ck(?:e|3)?d|d[e3]f[a4@]c(?:e|3)d|pwn(?:e|3)?d|(?:0|o)wn(?:e|3)d)`;

/** Defacer signatures and taunts, language by language. */
export const DEFACER_SIGNATURES: readonly PhraseEntry[] = [
  // English: the signatures seen in Zone-H style mirrors, whatever the site's language.
  { text: 'hacked by', pattern: String.raw`h[a4@]ck(?:e|3)?d\s*by`, lang: 'en', kind: 'defacer', weight: 0.9, claim: true },
  { text: 'defaced by', pattern: String.raw`d[e3]f[a4@]c(?:e|3)d\s*by`, lang: 'en', kind: 'defacer', weight: 0.95, claim: true },
  { text: 'pwned by', pattern: String.raw`pwn(?:e|3)?d\s+by`, lang: 'en', kind: 'defacer', weight: 0.8, claim: true },
  { text: 'owned by', pattern: String.raw`(?:0|o)wn(?:e|3)d\s+by`, lang: 'en', kind: 'defacer', weight: 0.35 },
  { text: 'h4ck3d', pattern: String.raw`h4ck3d|h4x0r(?:ed|z)?|h4ck3r`, lang: 'en', kind: 'defacer', weight: 0.8, claim: true },
  {
    // "Hacked by X Team", "defaced by 0xDragon Crew": the group signature itself.
    text: 'hacked by … team',
    pattern:
      HACKED + String.raw`\s*by\s+[^.!?\n]{1,40}?(?:team|crew|army|squad|legion|cyber|ghost|h[a4]ck(?:3|e)rs?|sec(?:urity)?\s+team|1337|b[l1]ackhat)(?![\p{L}\p{N}])`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.5,
    claim: true,
  },
  { text: 'greetz', pattern: String.raw`gr(?:e|3){2}tz`, lang: 'en', kind: 'defacer', weight: 0.6 },
  { text: 'greets to', pattern: String.raw`(?:special\s+)?gr(?:e|3){2}ts?\s+(?:to|for)`, lang: 'en', kind: 'defacer', weight: 0.5 },
  {
    text: 'security is just an illusion',
    pattern: String.raw`(?:your|ur)\s+security\s+is\s+(?:just\s+|only\s+)?(?:an?\s+)?(?:illusion|myth|joke)|security\s+is\s+(?:just|only)\s+an?\s+illusion`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.65,
  },
  {
    text: 'your security is low',
    pattern: String.raw`(?:your|ur)\s+(?:security|system|site|website|server|firewall|admin)(?:\s+security)?\s+(?:is\s+)?(?:so\s+|very\s+|too\s+|really\s+)?(?:low|weak|poor|bad|shit|sucks|a\s+joke|decoration|garbage|trash)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.65,
  },
  {
    text: 'patch your system',
    pattern: String.raw`(?:patch|fix|secure)\s+(?:your|ur)\s+(?:system|security|site|website|server|shit|holes?|bugs?)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.55,
  },
  {
    // "This site …": the page speaks of itself. Without the "this" it may be a headline ("Site
    // hacked"): every language below keeps that distinction.
    text: 'this site has been hacked',
    pattern: String.raw`(?:this\s+|your\s+|ur\s+)(?:site|website|web\s*site|page|server|system)\s+(?:has\s+been|have\s+been|was|is|got|just\s+got)\s+(?:hacked|defaced|pwned)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.8,
    claim: true,
  },
  { text: 'we are anonymous', pattern: String.raw`we\s+are\s+anonymous`, lang: 'en', kind: 'defacer', weight: 0.6 },
  { text: 'we are legion', pattern: String.raw`we\s+are\s+legion`, lang: 'en', kind: 'defacer', weight: 0.5 },
  { text: 'expect us', pattern: String.raw`expect\s+us`, lang: 'en', kind: 'defacer', weight: 0.45 },
  { text: 'no system is safe', pattern: String.raw`no\s+system\s+is\s+(?:safe|secure)`, lang: 'en', kind: 'defacer', weight: 0.45 },
  { text: 'was here', pattern: String.raw`was\s+here`, lang: 'en', kind: 'defacer', weight: 0.25, anywhere: true },
  {
    text: 'cyber army',
    pattern: String.raw`cyber\s*(?:army|team|crew|troops?|warriors?|legion|ghosts?|mujahid(?:in|een)?|caliphate)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.4,
    anywhere: true,
  },

  // Chinese, simplified and traditional.
  { text: '中国红客', pattern: '中[国國][红紅]客|[红紅]客[联聯]盟', lang: 'zh', kind: 'defacer', weight: 0.9 },
  {
    text: '本站已被黑',
    pattern: '(?:本|此)(?:[网網]?站|站点|站點|[网網]页|[网網]頁)(?:已[经經]?)?被(?:黑(?!客)|[入攻][侵陷]|攻破)',
    lang: 'zh',
    kind: 'defacer',
    weight: 0.8,
    claim: true,
  },
  // 被黑 but not 被黑客攻击 ("attacked by hackers", the news wording).
  { text: '网站已被黑', pattern: '(?:[网網]站|站点|站點|[网網]页|[网網]頁)(?:已[经經]?)?被黑(?!客)', lang: 'zh', kind: 'defacer', weight: 0.4, claim: true },
  { text: '被黑了', lang: 'zh', kind: 'defacer', weight: 0.5, claim: true },
  { text: '中国黑客', pattern: '中[国國]黑客', lang: 'zh', kind: 'defacer', weight: 0.5 },
  { text: '黑客联盟', pattern: '黑客[联聯]盟', lang: 'zh', kind: 'defacer', weight: 0.45 },
  { text: '到此一游', pattern: '到此一[游遊]', lang: 'zh', kind: 'defacer', weight: 0.45, anywhere: true },
  { text: '你们的安全太差', pattern: '你[们們]?的?(?:[网網]站)?安全(?:性)?(?:太|很|真|非常)(?:差|弱|烂|爛)', lang: 'zh', kind: 'defacer', weight: 0.6 },
  { text: '勿忘国耻', pattern: '勿忘[国國][耻恥]', lang: 'zh', kind: 'hostile', weight: 0.6 },
  { text: '小日本', lang: 'zh', kind: 'hostile', weight: 0.6 },
  { text: '日本鬼子', lang: 'zh', kind: 'hostile', weight: 0.7 },
  { text: '打倒日本', pattern: '打倒小?日本', lang: 'zh', kind: 'hostile', weight: 0.7 },
  { text: '犯我中华者虽远必诛', pattern: '犯我(?:中[华華]|[强強]汉|[强強]漢)者\\s*[,，]?\\s*[虽雖]?[远遠]必[诛誅]', lang: 'zh', kind: 'hostile', weight: 0.8 },
  { text: '萨德滚出韩国', pattern: '(?:[萨薩][德]|小?日本|美[国國]|[韩韓][国國]|越南|菲律[宾賓])(?:人)?[滚滾]出', lang: 'zh', kind: 'hostile', weight: 0.6 },
  { text: '中国万岁', pattern: '中[国國]萬[岁歲]|中[国國]万[岁歲]', lang: 'zh', kind: 'hostile', weight: 0.5 },

  // Japanese.
  {
    text: 'このサイトはハッキングされました',
    pattern: '(?:この|当)(?:サイト|ホームページ|ページ|ウェブサイト|webサイト)は?(?:ハッキング|ハック|改ざん|乗っ取)(?:され|られ)',
    lang: 'ja',
    kind: 'defacer',
    weight: 0.85,
    claim: true,
  },
  { text: 'ハッキングされました', pattern: 'ハッキングされ(?:ました|た(?=[!。\\s]|$))', lang: 'ja', kind: 'defacer', weight: 0.6, claim: true },
  { text: '乗っ取りました', pattern: '乗っ取(?:りました|ってやった|った[!！])', lang: 'ja', kind: 'defacer', weight: 0.6, claim: true },
  {
    text: 'あなたのセキュリティは弱い',
    pattern: '(?:あなた|お前|貴様)(?:たち|ら)?の(?:サイトの)?セキュリティ(?:ー)?は(?:とても|非常に|本当に)?(?:弱|甘|ザル|低)',
    lang: 'ja',
    kind: 'defacer',
    weight: 0.6,
  },

  // Korean.
  {
    text: '이 사이트는 해킹되었습니다',
    pattern: String.raw`이\s*(?:사이트|홈페이지|누리집|웹\s?사이트)(?:는|가|이|은)?\s*해킹\s?(?:(?:되었|됐|당했|당하였)(?!다면|으면)|됨)`,
    lang: 'ko',
    kind: 'defacer',
    weight: 0.85,
    claim: true,
  },
  { text: '해킹당했습니다', pattern: String.raw`해킹\s?(?:당했(?!다면|으면)|되었습니다|됐습니다|당함)`, lang: 'ko', kind: 'defacer', weight: 0.6, claim: true },
  { text: '해킹됨', pattern: String.raw`해킹\s?됨`, lang: 'ko', kind: 'defacer', weight: 0.55, claim: true },
  { text: '해커 다녀감', pattern: String.raw`해커\s*(?:[\p{L}\p{N}]+\s*){0,2}다녀(?:감|갑니다|갔다|갔음)`, lang: 'ko', kind: 'defacer', weight: 0.75, anywhere: true },
  { text: '다녀감', pattern: String.raw`다녀(?:감|갑니다)(?![\p{L}])`, lang: 'ko', kind: 'defacer', weight: 0.4, anywhere: true },
  {
    text: '보안이 너무 약하네요',
    pattern: String.raw`보안(?:이|은|\s?수준이)?\s*(?:너무|매우|정말|아주|진짜)?\s*(?:약하|허술하|형편없|엉망|구리)`,
    lang: 'ko',
    kind: 'defacer',
    weight: 0.55,
  },

  // Indonesian and Malay.
  { text: 'diretas oleh', pattern: String.raw`(?:di[-\s]?hack|di[-\s]?retas|digodam|di[-\s]?deface)\s+oleh`, lang: 'id', kind: 'defacer', weight: 0.9, claim: true },
  {
    text: 'website ini telah diretas',
    pattern: String.raw`(?:website|situs|laman|web)\s+(?:ini|anda|kalian|kamu)\s+(?:telah|sudah)\s+(?:di[-\s]?hack|diretas|digodam|di[-\s]?deface)`,
    lang: 'id',
    kind: 'defacer',
    weight: 0.8,
    claim: true,
  },
  {
    text: 'keamanan website anda lemah',
    pattern: String.raw`(?:keamanan|keselamatan)\s+(?:(?:website|situs|web|sistem|laman|server)\s+)?(?:anda|kamu|lu|kalian)\s+(?:sangat\s+|terlalu\s+|masih\s+)?(?:lemah|buruk|payah)`,
    lang: 'id',
    kind: 'defacer',
    weight: 0.6,
  },
  {
    text: 'perbaiki keamanan anda',
    pattern: String.raw`(?:perbaiki|tingkatkan|patch)\s+(?:keamanan|sistem|security)\s+(?:(?:website|situs|web)\s+)?(?:anda|kamu|lu|kalian)`,
    lang: 'id',
    kind: 'defacer',
    weight: 0.5,
  },

  // Thai.
  { text: 'แฮกโดย', pattern: String.raw`(?:แฮ[็]?[กค]|ดีเฟซ|deface)\s*โดย`, lang: 'th', kind: 'defacer', weight: 0.9, claim: true },
  { text: 'เว็บไซต์นี้ถูกแฮก', pattern: 'เว็บ(?:ไซต์|ไซท์)?\\s*(?:นี้|ของคุณ)\\s*(?:ได้)?(?:ถูก|โดน)\\s*แฮ[็]?[กค]', lang: 'th', kind: 'defacer', weight: 0.8, claim: true },
  { text: 'ถูกแฮก', pattern: String.raw`(?:ถูก|โดน)\s*แฮ[็]?[กค]`, lang: 'th', kind: 'defacer', weight: 0.5, claim: true },
  {
    text: 'ระบบของคุณไม่ปลอดภัย',
    pattern: String.raw`(?:ระบบ|ความปลอดภัย|เว็บ)(?:ความปลอดภัย)?(?:ของ)?(?:คุณ|แก|มึง)\s*(?:ห่วย|ไม่ปลอดภัย|อ่อนแอ|กาก|แย่)`,
    lang: 'th',
    kind: 'defacer',
    weight: 0.55,
  },

  // Vietnamese.
  { text: 'hack bởi', pattern: String.raw`(?:bị\s+)?(?:hack|deface)\s+bởi`, lang: 'vi', kind: 'defacer', weight: 0.9, claim: true },
  { text: 'đã bị hack', pattern: String.raw`đã\s+bị\s+(?:hack|tấn\s+công\s+deface|deface)`, lang: 'vi', kind: 'defacer', weight: 0.7, claim: true },
  {
    text: 'trang web này đã bị hack',
    pattern: String.raw`(?:trang\s+web|website|trang)\s+(?:này|của\s+(?:bạn|các\s+bạn))\s+(?:đã\s+)?bị\s+(?:hack|deface)`,
    lang: 'vi',
    kind: 'defacer',
    weight: 0.8,
    claim: true,
  },
  { text: 'trang web đã bị hack', pattern: String.raw`(?:trang\s+web|website)\s+đã\s+bị\s+(?:hack|deface)`, lang: 'vi', kind: 'defacer', weight: 0.5, claim: true },
  {
    text: 'bảo mật quá kém',
    pattern: String.raw`bảo\s+mật\s+(?:của\s+(?:bạn|các\s+bạn)\s+)?(?:quá|rất|cực|thật|như)\s+(?:kém|yếu|tệ|cái)`,
    lang: 'vi',
    kind: 'defacer',
    weight: 0.55,
  },

  // Tagalog.
  { text: 'na-hack ni', pattern: String.raw`(?:na[-\s]?hack|hinack|na[-\s]?deface|dinefaced?)\s+(?:ni|ng|nina)`, lang: 'tl', kind: 'defacer', weight: 0.9, claim: true },
  {
    text: 'ang website na ito ay na-hack',
    pattern: String.raw`(?:website|site|web\s*site)\s+(?:na\s+ito|ninyo|nyo|niyo)\s+ay\s+(?:na[-\s]?hack|hinack)`,
    lang: 'tl',
    kind: 'defacer',
    weight: 0.8,
    claim: true,
  },
  {
    // "Na-hack na po ang website ninyo", "hinack namin ang site na ito": the hacked thing named after the verb.
    text: 'na-hack na ang website ninyo',
    pattern: String.raw`(?:na[-\s]?hack|hinack|na[-\s]?deface)\s+(?:na\s+)?(?:po\s+)?(?:namin\s+)?ang\s+(?:inyong\s+|iyong\s+)?(?:website|site|web\s*site)(?:\s+(?:ninyo|nyo|niyo|mo|na\s+ito))?`,
    lang: 'tl',
    kind: 'defacer',
    weight: 0.8,
    claim: true,
  },
  {
    text: 'ayusin ninyo ang seguridad',
    pattern: String.raw`(?:ayusin|i-?patch)\s+(?:ninyo|nyo|niyo|mo)\s+(?:ang\s+)?(?:seguridad|security|depensa)`,
    lang: 'tl',
    kind: 'defacer',
    weight: 0.5,
  },
  {
    text: 'mahina ang seguridad',
    pattern: String.raw`mahina\s+(?:lang\s+(?:talaga\s+)?)?(?:ang\s+)?(?:seguridad|security|depensa)`,
    lang: 'tl',
    kind: 'defacer',
    weight: 0.5,
  },
];

/** Every shipped phrase: defacer signatures, self-referencing claims (./self-claims.ts), then dispute slogans. */
export const DEFACER_PHRASES: readonly PhraseEntry[] = [...DEFACER_SIGNATURES, ...SELF_CLAIMS, ...DISPUTE_SLOGANS];
