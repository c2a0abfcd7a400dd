/**
 * Territorial- and cultural-dispute slogans of politically motivated defacements ("钓鱼岛是中国的",
 * "南海諸島自古屬於中國", "独島は…", "Hoàng Sa là của Trung Quốc"). Written as slogan shapes with the
 * place in a slot (./phrase-slots.ts), so a slogan about a reef the list names matches however it is
 * phrased, and the rhetoric that is a claim by itself ("自古以来…", "…神圣领土", "…!") matches
 * whatever place it names. Same format and weights as ./defacer-phrases.ts.
 */
import type { PhraseEntry } from './phrase-entry.js';

export const DISPUTE_SLOGANS: readonly PhraseEntry[] = [
  // Chinese, simplified and traditional.
  {
    text: '钓鱼岛是中国的',
    pattern: '{{zh_diaoyu}}\\s*{{zh_belongs}}\\s*{{zh_china}}',
    lang: 'zh',
    kind: 'dispute',
    weight: 0.95,
  },
  { text: '南海是中国的', pattern: '{{zh_place}}\\s*{{zh_belongs}}\\s*{{zh_china}}', lang: 'zh', kind: 'dispute', weight: 0.9 },
  {
    // 自古以来就是中国的 / 自古屬於中國: the formula of the claim, whatever the place; it has to end
    // there or name territory ("茶叶自古以来就是中国重要的出口商品" is history, not a claim).
    text: '自古以来就是中国的',
    pattern: '自古(?:以来|以來)?(?:就|便)?(?:是|[属屬][于於]|[归歸][属屬])\\s*{{zh_china}}(?=的?(?:{{zh_territory}}|固有|神[圣聖]|不可|一部分|[\\s!?。,、;]|$))',
    lang: 'zh',
    kind: 'dispute',
    weight: 0.8,
  },
  {
    text: '自古以来是中国领土',
    pattern: `自古(?:以来|以來)?[^。!?？！\\n]{0,15}?{{zh_china}}(?:的)?(?:固有|神[圣聖]|不可分割)?(?:的)?{{zh_territory}}`,
    lang: 'zh',
    kind: 'dispute',
    weight: 0.85,
  },
  {
    text: '是中国神圣领土',
    pattern: `(?:是|[属屬][于於])\\s*{{zh_china}}(?:的)?(?:固有|神[圣聖]|不可分割|不可分|合法)(?:的)?(?:一部分|{{zh_territory}})`,
    lang: 'zh',
    kind: 'dispute',
    weight: 0.8,
  },
  { text: '中国领土神圣不可侵犯', pattern: `{{zh_china}}(?:的)?{{zh_territory}}神[圣聖]不可侵犯`, lang: 'zh', kind: 'dispute', weight: 0.75 },
  {
    // A place-like name (island, reef, mountain, sea…) "is China's!" with an exclamation: a slogan's
    // shape even for a place the list does not know (the known ones are the first entry's);
    // moderate, since 上海是中国的! is not a claim.
    text: '某岛是中国的!',
    pattern: String.raw`(?<!\p{Script=Han})(?!{{zh_place}}|{{zh_diaoyu}})\p{Script=Han}{1,4}(?:岛|島|群岛|群島|诸岛|諸島|列岛|列島|礁|山|海|湾|灣|沙|峰)(?:是|[属屬][于於])中[国國]的?(?=\s*!)`,
    lang: 'zh',
    kind: 'dispute',
    weight: 0.6,
  },
  {
    text: '泡菜是中国的',
    pattern: '(?:泡菜|[韩韓]服|端午[节節祭]?|江陵端午祭|[长長]白山文化)\\s*(?:是|[属屬][于於]|源自|起源于|起源於)\\s*{{zh_china}}',
    lang: 'zh',
    kind: 'dispute',
    weight: 0.75,
  },
  { text: '偷我们的文化', pattern: '偷(?:我[们們]|中[国國])的?文化', lang: 'zh', kind: 'hostile', weight: 0.5 },

  // Japanese.
  {
    text: '尖閣諸島は中国のもの',
    pattern: '{{ja_place}}は(?:昔から|古来|古くから|もともと)?中国(?:の(?:固有の)?(?:領土|もの)|に属)',
    lang: 'ja',
    kind: 'dispute',
    weight: 0.95,
  },
  {
    text: 'は中国の固有の領土だ',
    pattern: 'は(?:昔から|古来|古くから|もともと)?中国の(?:固有の|神聖な)?領土(?:だ|である|です)?(?:[!。]|$)',
    lang: 'ja',
    kind: 'dispute',
    weight: 0.55,
  },

  // Korean.
  {
    text: '독도는 한국땅',
    pattern: String.raw`독도는\s?(?:(?:대)?한민?국|우리)\s?(?:의\s?)?(?:땅|영토)`,
    lang: 'ko',
    kind: 'dispute',
    weight: 0.75,
  },

  // English.
  { text: 'diaoyu islands belong to china', pattern: '{{en_place}}{{en_belongs_to_china}}', lang: 'en', kind: 'dispute', weight: 0.9 },

  // Indonesian and Malay.
  {
    text: 'natuna milik china',
    pattern: String.raw`(?:laut\s+)?natuna(?:\s+utara)?[^.!?\n]{0,20}?(?:milik|punya|wilayah|bagian\s+dari)\s+(?:china|tiongkok|cina)`,
    lang: 'id',
    kind: 'dispute',
    weight: 0.85,
  },

  // Thai: the temples and islands fought over with Cambodia.
  {
    text: 'ปราสาทพระวิหารเป็นของกัมพูชา',
    pattern: String.raw`(?:ปราสาท)?(?:พระวิหาร|ตาเมือน(?:ธม)?|ตาควาย|เกาะกูด)\s*(?:เป็น(?:ของ|ดินแดนของ)|เป็นของประเทศ)\s*(?:กัมพูชา|เขมร)`,
    lang: 'th',
    kind: 'dispute',
    weight: 0.85,
  },

  // Vietnamese.
  {
    text: 'hoàng sa là của trung quốc',
    pattern: String.raw`{{vi_place}}[^.!?\n]{0,20}?(?:l[aà]\s+c[uủ]a|thu[oộ]c(?:\s+v[eề])?)\s+trung\s+qu[oố]c`,
    lang: 'vi',
    kind: 'dispute',
    weight: 0.9,
  },

  // Tagalog.
  {
    text: 'ang west philippine sea ay sa china',
    pattern: String.raw`(?:west\s+philippine\s+sea|scarborough|panatag)[^.!?\n]{0,20}?ay\s+(?:sa|pag[-\s]?aari\s+ng)\s+(?:china|tsina)`,
    lang: 'tl',
    kind: 'dispute',
    weight: 0.85,
  },
];
