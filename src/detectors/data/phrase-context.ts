/**
 * Words that tell a defacer's claim ("Hacked by X", "this site was hacked by X") from a report of
 * one ("a regional bank's website was hacked by a group calling itself X, police say"). Data, not
 * code: RegExp sources (lower case, `u` flag) matched against NFKC-normalised, lower-cased text.
 * Used by ../phrase-context.ts.
 */

/**
 * Words by which a sentence points at the page it is on ("this site", "your security", situs ini,
 * trang web này, 이 사이트, このサイト, 本站): a defacer addresses the site or its admin; a report
 * names a third party. Latin-script words match as whole words.
 */
export const SELF_REFERENCE: readonly string[] = [
  String.raw`(?<![\p{L}\p{N}])(?:this\s+(?:site|website|web\s*site|page|server|system|domain)|your|ur|you|admin|anda|kalian|kamu|bạn|ninyo|nyo|niyo)(?![\p{L}\p{N}])`,
  String.raw`(?<![\p{L}\p{N}])(?:(?:situs|website|web|laman|sistem)\s+ini|(?:trang\s+web|website|trang)\s+này|na\s+ito)(?![\p{L}\p{N}])`,
  '本站|本[网網]站|此[网網]?站|[该該][网網]站|你[们們]?的',
  'この(?:サイト|ページ|ホームページ)|当サイト|あなた|お前',
  String.raw`이\s*(?:사이트|홈페이지|누리집|웹사이트)|당신|관리자님`,
  '(?:เว็บ\\S{0,6}|ระบบ|ไซต์)นี้|ของคุณ|แอดมิน',
];

/**
 * What follows "hacked by" (and its translations) in a report rather than a signature: an article,
 * a quantifier, a generic noun ("by a group", "by unknown attackers", "oleh sekelompok", "bởi một
 * nhóm", "ng mga"). A signature names the group.
 */
export const REPORT_AFTER_BY: readonly string[] = [
  String.raw`(?:a|an|some|several|many|unknown|unidentified|suspected|alleged|so-called|foreign|what|whom|someone|people)(?![\p{L}\p{N}])`,
  String.raw`(?:the\s+)?(?:hackers?|attackers?|criminals?|cybercriminals?|groups?|individuals?|actors?|persons?|perpetrators?|same)(?![\p{L}\p{N}])`,
  String.raw`(?:sekelompok|kelompok|oknum|pihak|peretas|orang|para|seseorang|hacker\s+(?:yang|asal))(?![\p{L}\p{N}])`,
  String.raw`(?:một|các|những|nhóm\s+tin\s+tặc|tin\s+tặc|kẻ|đối\s+tượng)(?![\p{L}\p{N}])`,
  String.raw`(?:mga|isang|hindi\s+kilalang|grupo(?:ng)?)(?![\p{L}\p{N}])`,
];

/**
 * The same generic actors where the language names the actor before the verb ("海外のハッカー集団によって
 * 改ざんされ", "해커에 의해 해킹됐다", "bị tin tặc hack", "ถูกแฮกเกอร์เจาะระบบ"): the actor and its "by",
 * matched inside the phrase. Not Chinese 遭駭客入侵: that is the idiom for "got hacked", not a report.
 */
export const REPORT_BEFORE_BY: readonly string[] = [
  '(?:ハッカー(?:集団|グループ)?|何者か|第三者|攻撃者|犯罪(?:者|集団|グループ))(?:によ(?:って|り)|に)',
  String.raw`(?:해커(?:\s?(?:집단|조직|그룹|들))?|누군가|신원\s?미상의?|공격자|외부인)\s?(?:에\s?의해|에게|한테)`,
  String.raw`(?<![\p{L}])bị\s+(?:một\s+)?(?:nhóm\s+)?(?:tin\s+tặc|hacker|kẻ\s+gian|đối\s+tượng)(?:\s+(?:lạ|nước\s+ngoài))?\s+(?:hack|xâm\s+nhập|chiếm|deface)(?![\p{L}])`,
  '(?:ถูก|โดน)\\s*(?:กลุ่ม)?(?:แฮ[็]?[กค]เกอร์|มิจฉาชีพ|คนร้าย|ผู้ไม่หวังดี)(?!\\s*[\\p{Script=Latin}\\p{N}])',
];

/** Opening quotation marks and the closing marks that may end them. */
export const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '“': '”"',
  '‘': "’'",
  '„': '“”"',
  '«': '»',
  '‹': '›',
  '「': '」',
  '『': '』',
  '《': '》',
  '〈': '〉',
  '【': '】',
  '〝': '〟〞',
};

/**
 * Dates as news lists print them: 2026.11.26, 26/11/2026, 2026年11月26日, 26 Nov 2026,
 * November 26, 2026, 26 พ.ย. 69.
 */
export const DATE_PATTERNS: readonly string[] = [
  String.raw`\d{4}\s*[./\-年]\s*\d{1,2}\s*[./\-月]\s*\d{1,2}`,
  String.raw`\d{1,2}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*\d{2,4}`,
  String.raw`(?<!\d)\d{1,2}\s+[\p{L}\p{M}.]{2,12}\s+\d{2,4}(?!\d)`,
  String.raw`(?<![\p{L}])[\p{L}]{3,9}\.?\s+\d{1,2},?\s+\d{4}`,
];

/**
 * Words of reported speech, advisories and denials ("police say", "CERT warns", "rumours… are false",
 * 声称, と主張, 에 따르면, menurut, cảnh báo, 사실무근): a block that tells what someone said, claimed or warned of reports the phrase
 * it holds. Not 警告 and the like: defacers "warn" governments too. Latin-script words match as
 * whole words.
 */
export const REPORTED_SPEECH: readonly string[] = [
  String.raw`(?<![\p{L}])(?:says?|said|claims?|claimed|according\s+to|reported(?:ly)?|allegedly|warns?|warned|urges?|urged)(?![\p{L}])`,
  String.raw`(?<![\p{L}])(?:kata|menurut|mengklaim|mengatakan|menyebut(?:kan)?|imbau|mengimbau|memperingatkan)(?![\p{L}])`,
  String.raw`(?<![\p{L}])(?:cho\s+rằng|tuyên\s+bố|khẳng\s+định|theo\s+(?:đó|báo|thông\s+tin)|cảnh\s+báo)(?![\p{L}])`,
  String.raw`(?<![\p{L}])(?:ayon\s+sa|sinabi|babala)(?![\p{L}])`,
  '声称|聲稱|宣称|宣稱|所谓|所謂|主张|主張|报道|報道|指出',
  'と主張|と述べ|によると|と報じ|とされる|について|注意喚起',
  '주장|밝혔|에\\s?따르면|주의\\s?당부|보도자료',
  'อ้างว่า|ระบุว่า|ตามที่|ชี้แจง|เตือน',
  // Rumours and denials: "reports that the hospital's website was hacked are false" tells of a claim.
  String.raw`(?<![\p{L}])(?:rumou?rs?|hoax|(?:is|are)\s+(?:false|untrue|not\s+true)|hoaks|tidak\s+benar|kabar\s+bohong|tin\s+đồn|sai\s+sự\s+thật|hindi\s+totoo|tsismis)(?![\p{L}])`,
  'ข่าวลือ|ไม่เป็นความจริง|ข่าวปลอม|소문|루머|사실무근|사실이\\s?아닙|デマ|噂|事実ではありません|谣言|謠言|不实|不實|假消息',
];

/**
 * Words that make a statement hypothetical or a how-to ("if your website has been hacked", "what to
 * do when", 如果, 場合): advice about defacements, not one. Before the phrase, in its clause…
 */
export const HYPOTHETICAL_BEFORE: readonly string[] = [
  String.raw`(?<![\p{L}])(?:if|when|whether|how\s+to|what\s+to\s+do|in\s+case|jika|apabila|bila|kalau|jikalau|nếu|khi|kung|kapag)(?![\p{L}])`,
  '如果|若是|如何|怎么|怎麼|万一|萬一|หาก|ถ้า|もし',
];
/** …and right after it (Japanese and Korean put the condition after the verb). */
export const HYPOTHETICAL_AFTER: readonly string[] = ['^\\s*(?:場合|際|時|とき|ら|면|을\\s?때|을\\s?경우|경우)'];
