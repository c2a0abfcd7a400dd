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

/** The languages whose words for "this site" are listed. */
const SITE_LANGS = ['en', 'id', 'vi', 'tl', 'th', 'ko', 'ja', 'zh'] as const;
type SiteLang = (typeof SITE_LANGS)[number];

/**
 * Words that name the site the page is on by a demonstrative or a second-person possessive with a
 * site noun ("this website", "your server", situs ini, trang web này, ang website na ito, 이 홈페이지,
 * このサイト, 本站, 貴站, เว็บไซต์นี้). Unlike a bare "you", these name the site wherever they stand in
 * the sentence (Tagalog puts the subject after the verb).
 */
const THIS_SITE: Readonly<Record<SiteLang, string>> = {
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
 * The site named by the body that runs it: a site noun with a bare organisation noun ("the
 * hospital's website", situs rumah sakit ini, website ng ospital, trang web của bộ, 病院のウェブサイト,
 * 병원 홈페이지, 醫院網站, เว็บไซต์โรงพยาบาล). A report names *which* hospital ("website of Hospital X",
 * 某醫院網站, 서울대병원 홈페이지, 全国の市のサイト, เว็บไซต์โรงพยาบาล 3 แห่ง): so the organisation noun must
 * stand alone, followed by the verb, a demonstrative or the end of the clause (spaced and Thai
 * script), or opening its clause (Han, kana and Hangul, where the name or a quantifier comes first).
 */
const ORG_SITE: Readonly<Record<SiteLang, string>> = {
  en: String.raw`(?<![\p{L}\p{N}])(?:(?:the|our|this)\s+(?:hospital|clinic|ministry|department|court|bank|central\s+bank|city\s+hall|city|municipality|municipal|council|agency|office|bureau|government|university|school|embassy|police)(?:['’]s)?\s+(?:official\s+)?(?:site|website|web\s*site|web\s*page|home\s*page|portal)|(?:site|website|portal)\s+of\s+(?:the|this|our)\s+(?:hospital|clinic|ministry|department|court|bank|city\s+hall|city|municipality|council|agency|office|bureau|government|university|school|embassy))(?=\s+(?:has|have|was|is|got|had|just|now|belongs)(?![\p{L}])|\s*[^\p{L}\p{N}\s]|\s*$)`,
  id: String.raw`(?<![\p{L}\p{N}])(?:situs|website|laman(?:\s+web)?|portal|web)\s+(?:resmi\s+)?(?:rumah\s+sakit|rsud|rs|hospital|klinik|kementerian|kementrian|jabatan|pengadilan|mahkamah|bank(?:\s+sentral)?|balai\s+kota|pemkot|pemkab|pemprov|pemda|pemerintah(?:\s+(?:kota|kabupaten|daerah|provinsi))?|dewan\s+bandaraya|majlis\s+bandaraya|majlis|badan|lembaga|dinas|kantor|universitas|sekolah|kedutaan|polisi|polis)(?:\s+(?:ini|kami|kita))?(?=\s+(?:telah|sudah|udah|sdh|kini|sekarang|baru|berhasil|kami|milik|adalah|di-?\p{L}+|ambil|retas|godam|bobol|jebol|kuasai)(?![\p{L}])|\s*[^\p{L}\p{N}\s]|\s*$)`,
  vi: String.raw`(?<![\p{L}\p{N}])(?:trang\s+web|website|cổng\s+thông\s+tin(?:\s+điện\s+tử)?|trang\s+thông\s+tin(?:\s+điện\s+tử)?|cổng\s+điện\s+tử)\s+(?:của\s+)?(?:bộ|t(?:òa|oà)\s+án|t(?:òa|oà)|tand|bệnh\s+viện|ngân\s+hàng|(?:ủy|uỷ)\s+ban|ubnd|cơ\s+quan|sở|thành\s+phố|tỉnh|huyện|quận|trường|viện|cục|chính\s+phủ)(?:\s+(?:này|chúng\s+tôi|chúng\s+ta))?(?=\s+(?:đã|vừa|bị|đang|giờ|nay|bây\s+giờ|chính\s+thức|thuộc|hiện)(?![\p{L}])|\s*[^\p{L}\p{N}\s]|\s*$)`,
  tl: String.raw`(?<![\p{L}\p{N}])(?:website|site|web\s*site|portal|pahina|sistema)\s+ng\s+(?:(?:aming|inyong|ating)\s+)?(?:ospital|pagamutan|kagawaran|departamento|ministeryo|korte|hukuman|bangko|munisipyo|munisipalidad|lungsod|siyudad|lgu|pamahalaang\s+(?:lungsod|lokal|bayan)|pamahalaan|city\s+hall|ahensya|ahensiya|tanggapan|opisina|paaralan|unibersidad|bayan|barangay)(?:\s+na\s+ito)?(?=\s+(?:ay|na|ngayon|po)(?![\p{L}])|\s*[^\p{L}\p{N}\s]|\s*$)`,
  th: '(?:เว็บ(?:ไซต์|ไซท์)?|หน้าเว็บ|ระบบ|ไซต์)\\s*(?:ของ\\s*)?(?:โรงพยาบาล|กระทรวง|ศาล|ธนาคาร|ศาลากลาง|เทศบาล|กรม|สำนักงาน|หน่วยงาน|องค์การ|องค์กร|มหาวิทยาลัย|โรงเรียน|จังหวัด|สถานทูต)(?:\\s*(?:แห่งนี้|นี้|ของเรา))?(?=\\s*(?:ถูก|โดน|ได้|เป็นของ|ตก|ตอนนี้)|\\s*[^\\p{L}\\p{M}\\p{N}\\s]|\\s*$)',
  ko: String.raw`(?<![\p{L}\p{N}])(?:우리\s?)?(?:병원|시청|구청|군청|도청|법원|은행|중앙은행|부처|기관|공단|대학교|학교|대사관|경찰청|본청)\s?(?:공식\s?)?(?:홈페이지|누리집|웹\s?사이트|사이트)`,
  ja: '(?:(?<=この)|(?<![\\p{L}\\p{N}]))(?:病院|当院|本院|当省|本省|省|当庁|庁|市役所|区役所|町役場|村役場|役所|役場|裁判所|銀行|当行|市|区|県|大学|学校|大使館|機構|協会)の(?:公式)?(?:ウェブサイト|サイト|ホームページ|webサイト|ウェブページ)',
  zh: '(?<![\\p{L}\\p{N}])(?:[医醫]院|本院|法院|[银銀]行|本行|市政府|[县縣]政府|市政[厅廳]|本部|本局|本署|本府|本[会會]|[学學]校|大[学學]|[机機][关關])(?:的)?(?:官方)?(?:[网網]站|官[网網]|[网網][页頁]|主[页頁])',
};

/**
 * Quantifiers before an organisation's site make it one or several of many ("sejumlah situs pemda
 * diretas", các trang web của bộ, ang mga website ng ospital, หลายเว็บไซต์ของโรงพยาบาล): a report
 * about sites, not this site speaking. Han, kana and Hangul need none: there the organisation noun
 * must open its clause.
 */
const MANY: Readonly<Partial<Record<SiteLang, string>>> = {
  en: String.raw`many|several|some|multiple|various|numerous|other|two|three|four|five`,
  id: String.raw`sejumlah|beberapa|banyak|berbagai|puluhan|ratusan|ribuan|semua|seluruh|para|sebuah|satu|salah\s+satu|dua|tiga|empat|lima`,
  vi: String.raw`các|nhiều|một\s+số|những|hàng\s+loạt|một|hai|ba|bốn|năm`,
  tl: String.raw`mga|ilang|maraming|ibang|isang`,
  th: 'หลาย|บาง|ทุก',
};

function notOneOfMany(lang: SiteLang): string {
  const many = MANY[lang];
  if (many === undefined) return '';
  // Thai writes words unspaced, and its site noun may match from ไซต์ inside หลายเว็บไซต์.
  if (lang === 'th') return String.raw`(?<!(?:${many})[\p{L}\p{M}]{0,4})`;
  return String.raw`(?<!(?<![\p{L}\p{M}])(?:${many})\s*)`;
}

/**
 * Words that name the site the page is on, in each language: the demonstrative or possessive forms
 * above, or the site of the organisation that runs it.
 */
export const SELF_SITE: Readonly<Record<SiteLang, string>> = Object.fromEntries(
  SITE_LANGS.map((lang) => [lang, `(?:${THIS_SITE[lang]}|${notOneOfMany(lang)}${ORG_SITE[lang]})`]),
) as Record<SiteLang, string>;

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

/** The weight of a site-falling phrase that names no site: it needs other evidence unless said of this site. */
const BARE_CLAIM_WEIGHT = 0.4;

const claim = (text: string, lang: string, pattern: string, weight = SELF_CLAIM_WEIGHT): PhraseEntry => ({ text, pattern, lang, kind: 'defacer', weight, claim: true });

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
  // "This website is now owned by X", "this site belongs to us now". Not "is owned by the Prefecture"
  // (no "now", or an owner with "the"): that is who runs it.
  claim(
    'this site is now owned by …',
    'en',
    `${S.en}\\s+(?:(?:is|has\\s+been)\\s+now\\s+(?:owned\\s+by|(?:the\\s+)?property\\s+of|controlled\\s+by|under\\s+(?:the\\s+)?control\\s+of|in\\s+the\\s+hands\\s+of)|now\\s+belongs\\s+to|belongs\\s+to\\s+us)(?!\\s+the\\s)|${S.en}\\s+is\\s+(?:now\\s+)?ours(?![\\p{L}])`,
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
  // "Situs ini kini milik X", "laman ini milik kami sekarang": not "situs ini milik Pemerintah Kota" (who runs it).
  claim(
    'situs ini kini milik …',
    'id',
    `${S.id}\\s+(?:(?:kini|sekarang|telah|sudah)\\s+(?:(?:menjadi|jadi)\\s+)?(?:milik|di\\s*bawah\\s+(?:kendali|kawalan|kuasa))|(?:adalah\\s+)?milik\\s+kami|milik\\s+${ACTOR}\\s+(?:sekarang|kini))(?![\\p{L}])`,
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
  // "Trang web này giờ thuộc về X": not "trang web này thuộc quyền sở hữu của Tòa án" (who runs it).
  claim(
    'trang web này giờ thuộc về …',
    'vi',
    `${S.vi}\\s+(?:(?:giờ\\s+đây|giờ|nay|bây\\s+giờ|từ\\s+nay|đã)\\s+)+(?:thuộc\\s+về|thuộc\\s+quyền\\s+(?:kiểm\\s+soát|sở\\s+hữu)\\s+của|nằm\\s+trong\\s+tay|là\\s+của)(?![\\p{L}])|${S.vi}\\s+(?:là\\s+)?của\\s+(?:chúng\\s+tôi|chúng\\s+tao|bọn\\s+tao)(?![\\p{L}])`,
  ),

  // Tagalog: "ang website na ito ay na-hack ng X", "na-hack ng X ang website na ito", "hinack namin ang inyong site".
  claim('ang website na ito ay na-hack …', 'tl', `${S.tl}\\s+(?:ay\\s+)?(?:na\\s+)?(?:na[-\\s]?hack|nahack|hinack|na[-\\s]?deface|dinefaced?|nasakop)(?![\\p{L}])`),
  claim(
    'na-hack ng … ang website na ito',
    'tl',
    `(?<![\\p{L}])(?:na[-\\s]?hack|nahack|hinack|na[-\\s]?deface|dinefaced?|nasakop)\\s+(?:na\\s+)?(?:po\\s+)?(?:(?:ni|ng|nina)\\s+${ACTOR}\\s+|namin\\s+|ko\\s+)?ang\\s+${S.tl}`,
  ),
  // "Pag-aari na ng X ang website na ito", "sakop na namin ang site ninyo", "amin na ang website na ito":
  // the "na" (now) makes it a seizure; "pag-aari ng lungsod ang website na ito" is who runs it.
  claim(
    'pag-aari na ng … ang website na ito',
    'tl',
    `(?<![\\p{L}])(?:(?:pag-?aari|sakop|hawak|kontrolado)\\s+na\\s+(?:po\\s+)?(?:(?:ni|ng|nina)\\s+${ACTOR}\\s+|namin\\s+|ko\\s+)|amin\\s+na\\s+(?:po\\s+)?)ang\\s+${S.tl}`,
  ),
  claim('ang website na ito ay pag-aari na ng …', 'tl', `${S.tl}\\s+(?:ay\\s+)?(?:pag-?aari|sakop|hawak|kontrolado)\\s+na\\s+(?:ng|ni|nina|namin)(?![\\p{L}])`),

  // Thai: "เว็บไซต์นี้ถูกแฮกโดย X", "เว็บไซต์นี้ถูกทีม X แฮก", "เราได้แฮกเว็บไซต์ของคุณ".
  claim('เว็บไซต์นี้ถูก … แฮก', 'th', `${S.th}\\s*(?:ได้)?\\s*(?:ถูก|โดน)\\s*(?:${ACTOR})?(?:แฮ[็]?[กค]|เจาะระบบ|ยึด|บุกรุก|deface|hack)`),
  claim('เราแฮกเว็บไซต์ของคุณ', 'th', `(?:พวกเรา|เรา|กู)\\s*(?:ได้)?\\s*(?:แฮ[็]?[กค]|ยึด|เจาะ)\\s*${S.th}`),
  // "เว็บไซต์นี้ตกเป็นของ X แล้ว", "ตอนนี้เป็นของเรา": not "เว็บไซต์นี้เป็นของกรมอนามัย" (who runs it).
  claim(
    'เว็บไซต์นี้เป็นของ … แล้ว',
    'th',
    `${S.th}\\s*(?:ตอนนี้\\s*)?(?:ตกเป็นของ|อยู่ในมือ(?:ของ)?|อยู่ภายใต้การควบคุมของ)|${S.th}\\s*(?:ตอนนี้\\s*)?(?:ได้)?เป็นของ(?:\\s*(?:เรา|พวกเรา|กู)|${ACTOR}\\s*แล้ว)|${S.th}\\s*ตอนนี้\\s*เป็นของ`,
  ),

  // Korean: "이 사이트는 X에 의해 해킹되었습니다", "당신의 홈페이지는 해킹당했습니다", "우리가 이 사이트를 해킹했다".
  claim(
    '이 사이트는 X에 의해 해킹되었습니다',
    'ko',
    `${S.ko}(?:는|은|가|이|도)?\\s*(?:${ACTOR}(?:에\\s?의해(?:서)?|에게|한테)\\s*)?(?:해킹|장악|점령|변조)\\s?(?:(?:되었|됐|당했|당하였|되어\\s?버렸)(?:습니다|다(?!면)|음|어요|네요|고)|당함|됨)`,
  ),
  claim('이 사이트를 해킹했다', 'ko', `${S.ko}(?:를|을)\\s*(?:${ACTOR})?(?:해킹|장악|점령)\\s?(?:(?:했|하였|해\\s?버렸)(?:습니다|다(?!면)|음|어요|네요|고)|함)`),
  // "이 사이트는 X가 장악했습니다" (the site as topic, the crew as subject), "이 홈페이지는 이제 X의 것입니다".
  claim(
    '이 사이트는 X가 장악했습니다',
    'ko',
    `${S.ko}(?:는|은)\\s*${ACTOR}(?:가|이)\\s*(?:해킹|장악|점령|접수)\\s?(?:(?:했|하였|해\\s?버렸)(?:습니다|다(?!면)|음|어요|네요|고)|함)`,
  ),
  claim('이 사이트는 이제 X의 것입니다', 'ko', `${S.ko}(?:는|은|도)\\s*(?:이제|이제부터|지금부터)\\s*${ACTOR}(?:의\\s?)?(?:것|소유|차지)(?:입니다|이다|임|다(?!면))`),

  // Japanese: "このサイトは「X」によってハッキングされました", "当サイトは乗っ取られた", "このサイトをハッキングしました".
  // The verb must end its sentence: ハッキングされたサイトの見分け方 is a relative clause, not a claim.
  claim(
    'このサイトは…によってハッキングされました',
    'ja',
    `${S.ja}(?:は|が|も)?${ACTOR}(?:(?:ハッキング|ハック|改ざん|改竄|侵入|占拠|占領|制圧|掌握)され|乗っ取られ)(?:ました|た(?=[!！。\\s」]|$)|ています|てしまいました|ちゃった)`,
  ),
  claim(
    'このサイトをハッキングしました',
    'ja',
    `${S.ja}を${ACTOR}(?:(?:ハッキング|ハック|改ざん|占拠|制圧|掌握)し(?:ました|た(?=[!！。\\s」]|$)|てやった)|乗っ取(?:りました|った(?=[!！。\\s」]|$)|ってやった))`,
  ),
  // "このサイトは紅龍チームが乗っ取りました" (the site as topic, the crew as subject), "このサイトは今や我々のものだ".
  claim(
    'このサイトは…が乗っ取りました',
    'ja',
    `${S.ja}(?:は|も)${ACTOR}が(?:(?:ハッキング|ハック|改ざん|占拠|占領|制圧|掌握)し(?:ました|た(?=[!！。\\s」]|$)|てやった)|乗っ取(?:りました|った(?=[!！。\\s」]|$)|ってやった))`,
  ),
  claim(
    'このサイトは今や…のものです',
    'ja',
    `${S.ja}(?:は|も)(?:(?:今や|もう|すでに|既に)${ACTOR}|(?:我々|われわれ|俺たち|俺ら|私たち))のもの(?:になりました|になった|だ|です)`,
  ),

  // Chinese, simplified and traditional: "本站已被X入侵", "本網站已遭駭客入侵", "此站被黑了", "X入侵了本站".
  // Not followed by 事件/案: 本站被入侵事件说明 names an incident in a notice about it.
  // Not 攻击/攻擊 (attacked): 本站遭到黑客攻击 is the site's own notice of an outage.
  claim(
    '本站已被入侵',
    'zh',
    `${S.zh}(?:[^，,。！？!?\\n]{0,6}?)(?:已[经經]?|刚刚|剛剛|刚|剛)?(?:被|遭|遭到|遭受|让|讓)${ACTOR}(?:入侵|攻陷|攻破|攻占|攻佔|占[领領]|佔[领領]|接管|篡改|竄改|黑掉|黑(?!客)|[骇駭](?!客)|拿下)(?!事件|案|事故|一事)`,
  ),
  claim('入侵了本站', 'zh', `(?:入侵|攻陷|攻破|黑掉|黑了|拿下|接管|占[领領]|佔[领領])(?:了)?${S.zh}`),
  // "本站现在归X所有", "本網站從此屬於X": not "本站属于某市人民政府" (who runs it).
  claim(
    '本站现在归…所有',
    'zh',
    `${S.zh}(?:[^，,。！？!?\\n]{0,6}?)(?:现在|現在|从此|從此|如今|已[经經]?)(?:[归歸](?:[属屬])?(?:[于於])?|[属屬][于於]|是)${ACTOR}(?:所有|的了|的天下|的地[盘盤])`,
  ),

  // A site falling with no site named ("has been hacked", 被駭客入侵, telah diretas, na-hack): weak on its
  // own (news says it of other sites every day), a claim when its sentence names this site, and said
  // by the site of itself in its title (../title-change.ts).
  claim(
    'has been hacked',
    'en',
    String.raw`(?:has|have)\s+been\s+(?:h[a4@]ck(?:e|3)d|d[e3]f[a4@]c(?:e|3)d|pwn(?:e|3)?d|taken\s+over)|(?:was|got)\s+(?:h[a4@]ck(?:e|3)d|d[e3]f[a4@]c(?:e|3)d|pwn(?:e|3)?d)`,
    BARE_CLAIM_WEIGHT,
  ),
  claim(
    'telah diretas',
    'id',
    String.raw`(?:telah|sudah|udah|berhasil)\s+(?:di[-\s]?hack|di[-\s]?retas|di[-\s]?godam|di[-\s]?deface|dibobol|dijebol|diambil\s*alih|dikuasai)`,
    BARE_CLAIM_WEIGHT,
  ),
  claim('na-hack', 'tl', String.raw`na[-\s]?hack|nahack|na[-\s]?deface`, BARE_CLAIM_WEIGHT),
  claim('被駭客入侵', 'zh', '(?:被|遭|遭到)(?:[黑駭骇]客|不明人士)?(?:入侵|攻陷|攻破|[篡竄]改)(?!事件|案|事故|一事)', BARE_CLAIM_WEIGHT),
];
