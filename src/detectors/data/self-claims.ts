/**
 * Self-referencing claims: the page saying that THIS site was hacked, defaced or taken over ("this
 * site has been hacked by X", このサイトは「X」によってハッキングされました, 本網站已遭駭客入侵,
 * na-hack ng X ang website na ito). A report says it of someone else's site ("the bank's website was
 * hacked by…", 该网站, website của Sở Y tế); a defacer says it of the site it is written on. Data, not
 * code: RegExp sources (lower case, `u` flag) matched against NFKC-normalised, lower-cased text.
 *
 * The claims follow each language's grammar, with room for the actor between the site and the verb:
 * - passives with the site as subject and the actor before the verb: ja "Xによって…された", ko
 *   "X에 의해 해킹되었습니다", zh "被/遭X入侵", vi "bị X hack", th "ถูก X แฮก", id/ms "telah kami retas";
 * - passives with the actor after the verb: en "hacked by X", id "diretas oleh X", vi "bị hack bởi X";
 * - verb-first Tagalog, where the site comes last: "na-hack ng X ang website na ito";
 * - the defacer's own voice, with the site as object: "we hacked your site", 入侵了本站, 이 사이트를 해킹했다.
 * Verbs are the ones that say the site fell (hacked, defaced, taken over, 入侵, 攻陷, 乗っ取られ), never
 * "attacked" (本站遭到黑客攻击 is a site's own outage notice) nor "compromised" (a breach notice).
 */
import type { PhraseEntry } from './phrase-entry.js';

/**
 * Words that name the site the page is on, in each language: a demonstrative or a second-person
 * possessive with a site noun ("this website", "your server", situs ini, trang web này, ang website
 * na ito, 이 홈페이지, このサイト, 本站, 貴站, เว็บไซต์นี้). Unlike a bare "you", these name the site
 * wherever they stand in the sentence (Tagalog puts the subject after the verb).
 */
export const SELF_SITE: Readonly<Record<string, string>> = {
  en: String.raw`(?<![\p{L}\p{N}])(?:this|your|ur|our)\s+(?:(?:own|whole|entire|official)\s+)?(?:site|website|web\s*site|web\s*page|page|home\s*page|server|system|domain|portal)(?![\p{L}\p{N}])`,
  id: String.raw`(?<![\p{L}\p{N}])(?:situs|website|laman(?:\s+web)?|web|halaman|portal|sistem|server)\s+(?:ini|anda|kamu|kalian|korang|awak|lu|lo)(?![\p{L}\p{N}])`,
  vi: String.raw`(?<![\p{L}\p{N}])(?:trang\s+web|website|trang|web|hệ\s+thống|máy\s+chủ|cổng\s+thông\s+tin)\s+(?:này|của\s+(?:bạn|các\s+bạn|mày|chúng\s+mày|các\s+người|quý\s+vị))(?![\p{L}\p{N}])`,
  tl: String.raw`(?<![\p{L}\p{N}])(?:(?:inyong|iyong|aming)\s+(?:website|site|web\s*site|sistema|server|pahina)|(?:website|site|web\s*site|sistema|server|pahina)\s+(?:na\s+ito|ninyo|nyo|niyo|mo))(?![\p{L}\p{N}])`,
  th: '(?:เว็บ(?:ไซต์|ไซท์)?|หน้าเว็บ|ระบบ|เซิร์ฟเวอร์|ไซต์)\\s*(?:นี้|ของ(?:คุณ|แก|มึง|พวกคุณ|พวกแก))',
  ko: String.raw`(?:(?<![\p{L}\p{N}])이|당신의|귀하의|너희|니네)\s*(?:사이트|홈페이지|누리집|웹\s?사이트|서버|시스템|페이지)`,
  ja: '(?:この|当(?:省|庁|院|社|市|町|村|県|局|機構)?|本|貴|あなたの|お前(?:ら|たち)?の)(?:サイト|ページ|ホームページ|ウェブサイト|webサイト|ウェブページ|サーバー?|システム)',
  zh: '(?:本|此|这个|這個|这|這|贵|貴|你们的|你們的|你的)(?:[网網]站|站[点點]|站|[网網][页頁]|[页頁]面|系[统統]|服[务務]器|伺服器|主[页頁]|官[网網])',
};

/**
 * Words that make a sentence about this site advice or a question rather than a claim: "how to tell
 * whether your website has been hacked", cách kiểm tra website của bạn đã bị hack hay chưa, 本站是否
 * 被入侵, このサイトがハッキングされたかどうか. A sentence ending in a question mark is one too.
 */
export const ADVICE: readonly string[] = [
  String.raw`(?<![\p{L}])(?:how\s+to|how\s+do|how\s+can|whether|what\s+to\s+do|signs?\s+(?:that|of)|check\s+if|find\s+out)(?![\p{L}])`,
  String.raw`(?<![\p{L}])(?:cara|bagaimana|apakah|tanda-tanda|cek\s+apakah|semak\s+sama\s+ada|sama\s+ada)(?![\p{L}])`,
  String.raw`(?<![\p{L}])(?:cách|làm\s+sao|làm\s+thế\s+nào|hay\s+chưa|hay\s+không|có\s+phải|dấu\s+hiệu)(?![\p{L}])`,
  String.raw`(?<![\p{L}])(?:paano|alamin\s+kung|tingnan\s+kung|senyales)(?![\p{L}])`,
  'วิธี|หรือไม่|หรือเปล่า|สัญญาณ',
  '방법|여부|인지\\s?확인|는지|다면|징후',
  '方法|かどうか|見分け方|対処法|確認する|確かめ|兆候',
  '如何|怎么|怎麼|怎样|怎樣|是否|方法|有没有|有沒有|迹象|跡象',
];

const S = SELF_SITE;
/** Characters an actor's name may take between the site and the verb (not across a sentence). */
const ACTOR = String.raw`[^.!?。！？\n]{0,40}?`;

/** The weight of a self-referencing claim: a defacement on its own wherever it sits. */
export const SELF_CLAIM_WEIGHT = 0.95;

const claim = (text: string, lang: string, pattern: string): PhraseEntry => ({ text, pattern, lang, kind: 'defacer', weight: SELF_CLAIM_WEIGHT, claim: true });

export const SELF_CLAIMS: readonly PhraseEntry[] = [
  // English: "this site has been hacked (by X)", "your server got pwned", "we hacked your site".
  claim(
    'this site was hacked',
    'en',
    `${S.en}\\s+(?:has\\s+(?:just\\s+)?been|have\\s+been|was|is|got|just\\s+got|had\\s+been)\\s+(?:(?:completely|totally|successfully|officially|just)\\s+)?(?:h[a4@]ck(?:e|3)d|d[e3]f[a4@]c(?:e|3)d|pwn(?:e|3)?d|0wn(?:e|3)d|taken\\s+over|hijacked|seized)(?![\\p{L}])`,
  ),
  claim(
    'we hacked your site',
    'en',
    `(?<![\\p{L}])we\\s+(?:have\\s+|just\\s+|successfully\\s+)*(?:h[a4@]ck(?:e|3)d|d[e3]f[a4@]c(?:e|3)d|pwn(?:e|3)?d|0wn(?:e|3)d|owned|took\\s+over)\\s+${S.en}`,
  ),
  {
    // "Owned by X Team": a signature; "this website is owned by the Prefecture" is not (no crew, "the").
    text: 'owned by … team',
    pattern: String.raw`(?:0|o)wn(?:e|3)d\s+by\s+(?!the\s)[^.!?\n]{1,40}?(?:team|crew|army|squad|legion|h[a4]ck(?:3|e)rs?|1337|b[l1]ackhat)(?![\p{L}\p{N}])`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.9,
    claim: true,
  },
  {
    // "Greetz to X Crew", "greets: all members of Y Team": a defacer's thanks to the crews.
    text: 'greetz to … crew',
    pattern: String.raw`gr(?:e|3){2}t[sz]\s*(?:to|for|:)?\s*[^.!?\n]{0,60}?(?:team|crew|army|squad|legion|h[a4]ck(?:3|e)rs?|1337)(?![\p{L}\p{N}])`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.9,
  },

  // Indonesian and Malay: "situs ini telah diretas oleh X", "website ini sudah kami retas",
  // "laman web ini telah digodam", "kami telah meretas situs anda".
  claim(
    'situs ini telah diretas …',
    'id',
    `${S.id}\\s+(?:(?:telah|sudah|udah|sdh|baru\\s+saja|kini|berhasil)\\s+)*(?:kami\\s+)?(?:di[-\\s]?hack|di[-\\s]?retas|retas|di[-\\s]?godam|godam|di[-\\s]?deface|deface|di[-\\s]?bobol|bobol|dijebol|jebol|diambil\\s*alih|ambil\\s*alih|dikuasai|kuasai)(?![\\p{L}])`,
  ),
  claim(
    'kami telah meretas situs anda',
    'id',
    `(?<![\\p{L}])kami\\s+(?:(?:telah|sudah|berhasil)\\s+)*(?:meretas|menggodam|hack|deface|membobol|menjebol|menguasai|mengambil\\s*alih)\\s+${S.id}`,
  ),

  // Vietnamese: "trang web này đã bị hack bởi X", "trang web này đã bị nhóm X hack", "chúng tôi đã hack trang web này".
  claim(
    'trang web này đã bị … hack',
    'vi',
    `${S.vi}\\s+(?:(?:đã|vừa|đã\\s+chính\\s+thức)\\s+)?bị\\s+(?:${ACTOR}\\s+)?(?:hack|deface|xâm\\s+nhập|chiếm\\s+quyền|chiếm\\s+đoạt|chiếm)(?![\\p{L}])`,
  ),
  claim(
    'chúng tôi đã hack trang web này',
    'vi',
    `(?<![\\p{L}])(?:chúng\\s+tôi|chúng\\s+tao|bọn\\s+tao|tao|tôi)\\s+(?:đã\\s+|vừa\\s+)?(?:hack|deface|xâm\\s+nhập|chiếm\\s+quyền)\\s+${S.vi}`,
  ),

  // Tagalog: "ang website na ito ay na-hack ng X", "na-hack ng X ang website na ito", "hinack namin ang inyong site".
  claim(
    'ang website na ito ay na-hack …',
    'tl',
    `${S.tl}\\s+(?:ay\\s+)?(?:na\\s+)?(?:na[-\\s]?hack|nahack|hinack|na[-\\s]?deface|dinefaced?|nasakop)(?![\\p{L}])`,
  ),
  claim(
    'na-hack ng … ang website na ito',
    'tl',
    `(?<![\\p{L}])(?:na[-\\s]?hack|nahack|hinack|na[-\\s]?deface|dinefaced?|nasakop)\\s+(?:na\\s+)?(?:po\\s+)?(?:(?:ni|ng|nina)\\s+${ACTOR}\\s+|namin\\s+|ko\\s+)?ang\\s+${S.tl}`,
  ),

  // Thai: "เว็บไซต์นี้ถูกแฮกโดย X", "เว็บไซต์นี้ถูกทีม X แฮก", "เราได้แฮกเว็บไซต์ของคุณ".
  claim(
    'เว็บไซต์นี้ถูก … แฮก',
    'th',
    `${S.th}\\s*(?:ได้)?\\s*(?:ถูก|โดน)\\s*(?:${ACTOR})?(?:แฮ[็]?[กค]|เจาะระบบ|ยึด|บุกรุก|deface|hack)`,
  ),
  claim('เราแฮกเว็บไซต์ของคุณ', 'th', `(?:พวกเรา|เรา|กู)\\s*(?:ได้)?\\s*(?:แฮ[็]?[กค]|ยึด|เจาะ)\\s*${S.th}`),

  // Korean: "이 사이트는 X에 의해 해킹되었습니다", "당신의 홈페이지는 해킹당했습니다", "우리가 이 사이트를 해킹했다".
  claim(
    '이 사이트는 X에 의해 해킹되었습니다',
    'ko',
    `${S.ko}(?:는|은|가|이|도)?\\s*(?:${ACTOR}(?:에\\s?의해(?:서)?|에게|한테)\\s*)?(?:해킹|장악|점령|변조)\\s?(?:(?:되었|됐|당했|당하였|되어\\s?버렸)(?:습니다|다(?!면)|음|어요|네요|고)|당함|됨)`,
  ),
  claim('이 사이트를 해킹했다', 'ko', `${S.ko}(?:를|을)\\s*(?:${ACTOR})?(?:해킹|장악|점령)\\s?(?:(?:했|하였|해\\s?버렸)(?:습니다|다(?!면)|음|어요|네요|고)|함)`),

  // Japanese: "このサイトは「X」によってハッキングされました", "当サイトは乗っ取られた", "このサイトをハッキングしました".
  // The verb must end its sentence: ハッキングされたサイトの見分け方 is a relative clause, not a claim.
  claim(
    'このサイトは…によってハッキングされました',
    'ja',
    `${S.ja}(?:は|が|も)?${ACTOR}(?:(?:ハッキング|ハック|改ざん|改竄|侵入|占拠|制圧|掌握)され|乗っ取られ)(?:ました|た(?=[!！。\\s」]|$)|ています|てしまいました|ちゃった)`,
  ),
  claim(
    'このサイトをハッキングしました',
    'ja',
    `${S.ja}を${ACTOR}(?:(?:ハッキング|ハック|改ざん|占拠|制圧|掌握)し(?:ました|た(?=[!！。\\s」]|$)|てやった)|乗っ取(?:りました|った(?=[!！。\\s」]|$)|ってやった))`,
  ),

  // Chinese, simplified and traditional: "本站已被X入侵", "本網站已遭駭客入侵", "此站被黑了", "X入侵了本站".
  // Not 攻击/攻擊 (attacked): 本站遭到黑客攻击 is the site's own notice of an outage.
  claim(
    '本站已被入侵',
    'zh',
    `${S.zh}(?:[^，,。！？!?\\n]{0,6}?)(?:已[经經]?|刚刚|剛剛|刚|剛)?(?:被|遭|遭到|遭受|让|讓)${ACTOR}(?:入侵|攻陷|攻破|攻占|攻佔|占[领領]|佔[领領]|接管|篡改|竄改|黑掉|黑(?!客)|[骇駭](?!客)|拿下)`,
  ),
  claim('入侵了本站', 'zh', `(?:入侵|攻陷|攻破|黑掉|黑了|拿下|接管|占[领領]|佔[领領])(?:了)?${S.zh}`),
];
