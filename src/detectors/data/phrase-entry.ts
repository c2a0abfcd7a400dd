/** The shape of one entry of the phrase lists (./defacer-phrases.ts, ./dispute-slogans.ts). */

export type PhraseKind = 'defacer' | 'dispute' | 'hostile';

export interface PhraseEntry {
  /** How the entry is named in alerts, and a sample of what it matches. */
  text: string;
  /** RegExp source (lower case, `u` flag) for variants, `{{slot}}`s allowed; defaults to `text` taken literally. */
  pattern?: string;
  /** BCP 47 language of the phrase. */
  lang: string;
  /** defacer: a signature ("hacked by"); dispute: a territorial slogan; hostile: slurs and taunts. */
  kind: PhraseKind;
  weight: number;
  /**
   * The phrase follows a name or sits inside one ("X was here", "Sunda Cyber Legion"), so words
   * before it do not make it a report. Hostile phrases are always taken so.
   */
  anywhere?: boolean;
  /**
   * The phrase says a site fell (hacked, defaced, taken over): said of the site the page is on, it
   * is a self-referencing claim, decisive wherever it sits (../phrase-context.ts).
   */
  claim?: boolean;
}
