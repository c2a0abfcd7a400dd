/**
 * Named pieces of phrase patterns. A pattern may write `{{name}}` for one of these: it stands for
 * `(?:a|b|…)` of the slot's alternatives, so a slogan shape is written once and the places, the
 * spellings of "China" and the verbs of belonging vary in one list. Data, not code: alternatives are
 * RegExp sources (lower case, `u` flag) matched against NFKC-normalised, lower-cased text.
 *
 * Places are the ones fought over in slogans aimed at Japanese, Korean and ASEAN sites. Bare place
 * names never match on their own: a slot is only ever used inside a slogan shape.
 */
export const PATTERN_SLOTS: Readonly<Record<string, readonly string[]>> = {
  /** "China" in simplified and traditional script; not 中华 alone (中华民国 is Taiwan's claim). */
  zh_china: ['中[国國]', '中[华華]人民共和[国國]'],
  /** "is / belongs to / has belonged since antiquity to", simplified and traditional. */
  zh_belongs: [String.raw`(?:自古(?:以来|以來)?(?:就|便)?)?(?:是|[属屬][于於]|[归歸][属屬](?:[于於])?|乃)`],
  /** The islands of the slogans aimed at Japan, in Chinese. */
  zh_diaoyu: ['[钓釣][鱼魚](?:[岛島]|[台臺](?:列[屿嶼])?)(?:及其附[属屬][岛島][屿嶼])?', '尖[阁閣](?:[诸諸][岛島]|列[岛島])?'],
  /** Other places Chinese dispute slogans name (written as the slogans write them). */
  zh_place: [
    '南(?:中[国國])?海(?:[诸諸][岛島])?',
    '[西南中东東]沙(?:群[岛島])?',
    '[黄黃]岩[岛島]',
    '[长長]白山',
    '[纳納]土[纳納](?:群?[岛島]|海域)?',
    '琉球(?:群[岛島])?',
    '[冲沖][绳繩](?:[岛島]|[县縣])?',
    '[台臺][湾灣](?:[岛島])?',
    '[苏蘇]岩礁',
    '(?:仁[爱愛]|美[济濟]|永暑|赤瓜|渚碧|[华華][阳陽]|[黄黃]岩)礁',
    '曾母暗沙',
    '[万萬]安[滩灘]',
    '[北南]康暗沙',
  ],
  /** The same places as Japanese writes them. */
  ja_place: ['尖[閣阁](?:諸島|列島)?', '釣魚(?:島|台)', '魚釣島', '沖縄(?:県)?', '琉球(?:諸島)?'],
  /** Territory, in simplified, traditional and Japanese script. */
  zh_territory: ['[领領]土'],
  /** Places of the South China Sea in Vietnamese (with and without accents, as OCR loses them). */
  vi_place: [String.raw`ho[aà]ng\s+sa`, String.raw`tr[uư][oơờ]ng\s+sa`, String.raw`bi[eêể]n\s+[dđ][oô]ng`],
  /** Places of the South China Sea in English. */
  en_place: [
    String.raw`diaoyu(?:\s+(?:islands?|dao))?`,
    String.raw`senkaku(?:\s+islands?)?`,
    String.raw`south\s+china\s+sea`,
    String.raw`scarborough(?:\s+shoal)?`,
    String.raw`huangyan(?:\s+island|\s+dao)?`,
    String.raw`(?:paracel|spratly|xisha|nansha)(?:\s+islands?)?`,
    String.raw`natuna(?:\s+(?:islands?|sea))?`,
  ],
  /** "…belongs to / is (an inherent part of) China" after an English place (at most 20 characters between). */
  en_belongs_to_china: [String.raw`[^.!?\n]{0,20}?(?:belong(?:s|ed)?\s+to|(?:is|are)\s+(?:a\s+|an\s+)?(?:inherent\s+|integral\s+)?(?:part\s+of\s+)?)\s*china`],
};
