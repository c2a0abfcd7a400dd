/**
 * Phrases defacers leave behind, and the territorial-dispute slogans of politically motivated
 * defacements of Japanese and ASEAN sites. Data, not code: a TS module so it survives `tsc` into dist/.
 *
 * Each entry is matched against NFKC-normalised, lower-cased text. `pattern` (a RegExp source, `u`
 * flag) covers spelling variants; `text` is how the entry is named in alerts. Entries written in a
 * space-separated script only match whole words; Chinese, Japanese and Thai match anywhere.
 *
 * Weights (0..1) say how sure one match alone makes us: ≥ 0.7 is a defacement on its own (a signature
 * nobody writes on their own site), 0.3–0.6 needs other evidence (the words have innocent uses too).
 * Bare place names, "hacker", 黑客 and the like are deliberately absent: legitimate news uses them.
 */

export type PhraseKind = 'defacer' | 'dispute' | 'hostile';

export interface PhraseEntry {
  /** How the entry is named in alerts. */
  text: string;
  /** RegExp source (lower case, `u` flag) for variants; defaults to `text` taken literally. */
  pattern?: string;
  /** BCP 47 language of the phrase. */
  lang: string;
  /** defacer: a signature ("hacked by"); dispute: a territorial slogan; hostile: slurs and taunts. */
  kind: PhraseKind;
  weight: number;
}

/** "…belongs to China" after a disputed place name, in English (at most 20 characters between). */
const EN_BELONGS_TO_CHINA = String.raw`[^.!?\n]{0,20}?(?:belongs?\s+to|(?:is|are)\s+(?:a\s+|an\s+)?(?:inherent\s+)?(?:part\s+of\s+)?)\s*china`;

export const DEFACER_PHRASES: readonly PhraseEntry[] = [
  // English: the defacer signatures seen in Zone-H style mirrors.
  { text: 'hacked by', pattern: String.raw`h[a4@]ck(?:e|3)?d\s*by`, lang: 'en', kind: 'defacer', weight: 0.9 },
  { text: 'defaced by', pattern: String.raw`d[e3]f[a4@]c(?:e|3)d\s*by`, lang: 'en', kind: 'defacer', weight: 0.95 },
  { text: 'pwned by', pattern: String.raw`pwn(?:e|3)?d\s+by`, lang: 'en', kind: 'defacer', weight: 0.8 },
  { text: 'owned by', pattern: String.raw`(?:0|o)wn(?:e|3)d\s+by`, lang: 'en', kind: 'defacer', weight: 0.35 },
  { text: 'h4ck3d', pattern: String.raw`h4ck3d|h4x0r(?:ed|z)?|h4ck3r`, lang: 'en', kind: 'defacer', weight: 0.8 },
  { text: 'greetz', pattern: String.raw`gr(?:e|3){2}tz`, lang: 'en', kind: 'defacer', weight: 0.6 },
  {
    text: 'your security is low',
    pattern: String.raw`(?:your|ur)\s+(?:security|system|site|website|server)(?:\s+security)?\s+(?:is\s+)?(?:so\s+|very\s+|too\s+)?(?:low|weak|poor|bad|shit|sucks)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.65,
  },
  {
    text: 'patch your system',
    pattern: String.raw`(?:patch|fix|secure)\s+(?:your|ur)\s+(?:system|security|site|website|server)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.55,
  },
  {
    text: 'this site has been hacked',
    pattern: String.raw`(?:this\s+|your\s+)(?:site|website|web\s*site|page|server)\s+(?:has\s+been|have\s+been|was|is|got)\s+(?:hacked|defaced|pwned)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.8,
  },
  { text: 'we are anonymous', pattern: String.raw`we\s+are\s+anonymous`, lang: 'en', kind: 'defacer', weight: 0.6 },
  { text: 'expect us', pattern: String.raw`expect\s+us`, lang: 'en', kind: 'defacer', weight: 0.45 },
  { text: 'was here', pattern: String.raw`was\s+here`, lang: 'en', kind: 'defacer', weight: 0.25 },
  {
    text: 'cyber army',
    pattern: String.raw`cyber\s*(?:army|team|crew|troops?|warriors?)`,
    lang: 'en',
    kind: 'defacer',
    weight: 0.4,
  },
  // English dispute slogans.
  { text: 'diaoyu islands belong to china', pattern: String.raw`diaoyu(?:\s+(?:islands?|dao))?` + EN_BELONGS_TO_CHINA, lang: 'en', kind: 'dispute', weight: 0.9 },
  { text: 'senkaku islands belong to china', pattern: String.raw`senkaku(?:\s+islands?)?` + EN_BELONGS_TO_CHINA, lang: 'en', kind: 'dispute', weight: 0.9 },
  { text: 'south china sea belongs to china', pattern: String.raw`south\s+china\s+sea` + EN_BELONGS_TO_CHINA, lang: 'en', kind: 'dispute', weight: 0.85 },
  {
    text: 'scarborough shoal belongs to china',
    pattern: String.raw`(?:scarborough(?:\s+shoal)?|huangyan(?:\s+island|\s+dao)?)` + EN_BELONGS_TO_CHINA,
    lang: 'en',
    kind: 'dispute',
    weight: 0.85,
  },
  {
    text: 'paracel islands belong to china',
    pattern: String.raw`(?:paracel|spratly|xisha|nansha)(?:\s+islands?)?` + EN_BELONGS_TO_CHINA,
    lang: 'en',
    kind: 'dispute',
    weight: 0.85,
  },

  // Chinese, simplified and traditional.
  { text: '钓鱼岛是中国的', pattern: '[钓釣][鱼魚][岛島](?:及其附[属屬][岛島][屿嶼])?(?:是|[属屬]于|[属屬]於|[归歸][属屬])中[国國]', lang: 'zh', kind: 'dispute', weight: 0.95 },
  { text: '南海是中国的', pattern: '南海(?:[诸諸][岛島])?(?:是|[属屬]于|[属屬]於|[归歸][属屬])中[国國]', lang: 'zh', kind: 'dispute', weight: 0.9 },
  { text: '黄岩岛是中国的', pattern: '[黄黃]岩[岛島](?:是|[属屬]于|[属屬]於|[归歸][属屬])中[国國]', lang: 'zh', kind: 'dispute', weight: 0.9 },
  { text: '西沙群岛是中国的', pattern: '[西南]沙(?:群[岛島])?(?:是|[属屬]于|[属屬]於|[归歸][属屬])中[国國]', lang: 'zh', kind: 'dispute', weight: 0.9 },
  { text: '中国红客', pattern: '中[国國][红紅]客|[红紅]客[联聯]盟', lang: 'zh', kind: 'defacer', weight: 0.9 },
  { text: '本站已被黑', pattern: '(?:本|此|[该該])?(?:[网網]站|站点|站點|[网網]页|[网網]頁)(?:已[经經]?)?被黑', lang: 'zh', kind: 'defacer', weight: 0.8 },
  { text: '被黑了', lang: 'zh', kind: 'defacer', weight: 0.5 },
  { text: '中国黑客', pattern: '中[国國]黑客', lang: 'zh', kind: 'defacer', weight: 0.5 },
  { text: '勿忘国耻', pattern: '勿忘[国國][耻恥]', lang: 'zh', kind: 'hostile', weight: 0.6 },
  { text: '小日本', lang: 'zh', kind: 'hostile', weight: 0.6 },
  { text: '日本鬼子', lang: 'zh', kind: 'hostile', weight: 0.7 },
  { text: '打倒日本', pattern: '打倒小?日本', lang: 'zh', kind: 'hostile', weight: 0.7 },
  { text: '中国万岁', pattern: '中[国國]萬[岁歲]|中[国國]万[岁歲]', lang: 'zh', kind: 'hostile', weight: 0.5 },

  // Japanese.
  { text: '尖閣諸島は中国のもの', pattern: '尖[閣阁](?:諸島)?は中国(?:の|に属)', lang: 'ja', kind: 'dispute', weight: 0.95 },
  { text: '釣魚島は中国のもの', pattern: '釣魚島は中国(?:の|に属)', lang: 'ja', kind: 'dispute', weight: 0.95 },
  { text: 'ハッキングされました', pattern: 'ハッキングされ(?:ました|た)', lang: 'ja', kind: 'defacer', weight: 0.6 },

  // Korean.
  { text: '해킹당했습니다', pattern: String.raw`해킹\s?당했`, lang: 'ko', kind: 'defacer', weight: 0.7 },
  { text: '독도는 한국땅', pattern: String.raw`독도는\s?(?:한국|우리)\s?땅`, lang: 'ko', kind: 'dispute', weight: 0.75 },

  // Indonesian and Malay.
  { text: 'diretas oleh', pattern: String.raw`(?:di[-\s]?hack|di[-\s]?retas|digodam|di[-\s]?deface)\s+oleh`, lang: 'id', kind: 'defacer', weight: 0.9 },
  {
    text: 'website ini telah diretas',
    pattern: String.raw`(?:website|situs|laman|web)\s+(?:ini\s+|anda\s+)?(?:telah|sudah)\s+(?:di[-\s]?hack|diretas|digodam|di[-\s]?deface)`,
    lang: 'id',
    kind: 'defacer',
    weight: 0.8,
  },
  {
    text: 'keamanan website anda lemah',
    pattern: String.raw`(?:keamanan|keselamatan)\s+(?:website|situs|web|sistem|laman)\s+(?:anda\s+|kamu\s+|lu\s+)?(?:sangat\s+)?(?:lemah|buruk)`,
    lang: 'id',
    kind: 'defacer',
    weight: 0.6,
  },

  // Thai.
  { text: 'แฮกโดย', pattern: String.raw`แฮ[็]?[กค]\s*โดย`, lang: 'th', kind: 'defacer', weight: 0.9 },
  { text: 'เว็บไซต์นี้ถูกแฮก', pattern: 'เว็บ(?:ไซต์|ไซท์)?(?:นี้)?\\s*(?:ได้)?(?:ถูก|โดน)\\s*แฮ[็]?[กค]', lang: 'th', kind: 'defacer', weight: 0.8 },
  { text: 'ถูกแฮก', pattern: String.raw`(?:ถูก|โดน)\s*แฮ[็]?[กค]`, lang: 'th', kind: 'defacer', weight: 0.5 },

  // Vietnamese.
  { text: 'hack bởi', pattern: String.raw`(?:bị\s+)?(?:hack|deface)\s+bởi`, lang: 'vi', kind: 'defacer', weight: 0.9 },
  { text: 'đã bị hack', pattern: String.raw`đã\s+bị\s+(?:hack|tấn\s+công\s+deface)`, lang: 'vi', kind: 'defacer', weight: 0.7 },
  {
    text: 'hoàng sa là của trung quốc',
    pattern: String.raw`(?:hoàng\s+sa|trường\s+sa|biển\s+đông)[^.!?\n]{0,20}?(?:là\s+của|thuộc\s+về)\s+trung\s+quốc`,
    lang: 'vi',
    kind: 'dispute',
    weight: 0.9,
  },

  // Tagalog.
  { text: 'na-hack ni', pattern: String.raw`na[-\s]?hack\s+(?:ni|ng|nina)`, lang: 'tl', kind: 'defacer', weight: 0.9 },
  {
    text: 'ang website na ito ay na-hack',
    pattern: String.raw`(?:website|site|web\s*site)\s+(?:na\s+ito\s+|ninyo\s+|nyo\s+)?ay\s+na[-\s]?hack`,
    lang: 'tl',
    kind: 'defacer',
    weight: 0.8,
  },
  {
    text: 'ang west philippine sea ay sa china',
    pattern: String.raw`(?:west\s+philippine\s+sea|scarborough|panatag)[^.!?\n]{0,20}?ay\s+(?:sa|pag[-\s]?aari\s+ng)\s+(?:china|tsina)`,
    lang: 'tl',
    kind: 'dispute',
    weight: 0.85,
  },
];
