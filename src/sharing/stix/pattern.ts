/**
 * The STIX patterns defacewatch writes and the subset of STIX Patterning (STIX 2.1 §9) it reads back.
 *
 * Written: one observation expression per object type, joined by OR, each an OR of equality tests:
 *
 *   [x-defacewatch-page:first_screen_phash = 'c3d1e0f0a1b2c3d4' OR x-defacewatch-page:phrases[*] = 'hacked by team x']
 *     OR [domain-name:value = 'evil.example']
 *
 * STIX has no object for "a web page as shown" and no perceptual-hash algorithm in its hash vocabulary,
 * so the page is a custom SCO type (`x-defacewatch-page`, STIX 2.1 §11.1 custom objects) with two custom
 * properties: `first_screen_phash` (see compare/perceptual-hash.ts; compared by Hamming distance, not
 * equality, as fuzzy hashes are) and `phrases` (a list of folded phrases the page shows; `[*]` = any).
 * Origins are the spec's own domain-name / ipv4-addr / ipv6-addr / url objects, which other tools read.
 *
 * Read: a disjunction of observation expressions and comparisons. A comparison we understand is an
 * equality (`=`) on one of the paths above; any other comparison in a disjunction is skipped (dropping
 * a disjunct only narrows what matches). AND, FOLLOWEDBY and qualifiers (WITHIN, REPEATS, START/STOP)
 * make the whole pattern refused: evaluating them as OR would match more than the author meant.
 */

/** The custom SCO type standing for a page as defacewatch sees it. */
export const PAGE_TYPE = 'x-defacewatch-page';
/** Its property holding the perceptual hash of the page's first screen. */
export const PHASH_PROPERTY = 'first_screen_phash';
/** Its list property holding phrases the page shows. */
export const PHRASES_PROPERTY = 'phrases';

/** Longest pattern read (characters) and most tokens: a pattern is a query, not a document. */
export const MAX_PATTERN_LENGTH = 32_768;
const MAX_TOKENS = 4_000;
const MAX_DEPTH = 16;

/** What a pattern says, by kind. */
export interface PatternTerms {
  phashes: string[];
  phrases: string[];
  /** Hosts from domain-name, ipv4-addr and ipv6-addr tests. */
  hosts: string[];
  /** Values of url tests. */
  urls: string[];
}

/** Escapes a value for a STIX pattern string literal (STIX 2.1 §9.2: `\'` and `\\`). */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Writes the pattern of a defacement indicator; throws when there is nothing to put in it. */
export function buildPattern(terms: Partial<PatternTerms>): string {
  const page = [
    ...(terms.phashes ?? []).map((h) => `${PAGE_TYPE}:${PHASH_PROPERTY} = ${quote(h)}`),
    ...(terms.phrases ?? []).map((p) => `${PAGE_TYPE}:${PHRASES_PROPERTY}[*] = ${quote(p)}`),
  ];
  const observations: string[] = [];
  if (page.length > 0) observations.push(`[${page.join(' OR ')}]`);
  for (const host of terms.hosts ?? []) observations.push(`[${hostType(host)}:value = ${quote(host)}]`);
  for (const url of terms.urls ?? []) observations.push(`[url:value = ${quote(url)}]`);
  if (observations.length === 0) throw new RangeError('a pattern needs at least one term');
  return observations.join(' OR ');
}

function hostType(host: string): string {
  if (host.includes(':')) return 'ipv6-addr';
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) ? 'ipv4-addr' : 'domain-name';
}

/** Why a pattern was refused. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
}

type Token =
  | { kind: 'punct'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string; prefix?: string }
  | { kind: 'number'; text: string };

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
  'IN',
  'EXISTS',
  'WITHIN',
  'SECONDS',
  'REPEATS',
  'TIMES',
  'START',
  'STOP',
]);
const QUALIFIERS = new Set(['WITHIN', 'REPEATS', 'START', 'STOP']);
const COMPARISON_WORDS = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'IN']);

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (tokens.length > MAX_TOKENS) throw new PatternError(`more than ${MAX_TOKENS} tokens`);
    const ch = pattern[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if ('[]().,:*'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else if (ch === "'" || (/[thb]/.test(ch) && pattern[i + 1] === "'" && !/[\w-]/.test(pattern[i - 1] ?? ' '))) {
      const prefix = ch === "'" ? undefined : ch;
      let j = prefix === undefined ? i + 1 : i + 2;
      let text = '';
      for (;;) {
        if (j >= pattern.length) throw new PatternError('a string literal is not closed');
        const c = pattern[j]!;
        if (c === '\\') {
          const next = pattern[j + 1];
          // STIX 2.1 §9.2: only \' and \\ are escapes in a string literal.
          if (next !== "'" && next !== '\\') throw new PatternError(`bad escape "\\${next ?? ''}" in a string literal`);
          text += next;
          j += 2;
        } else if (c === "'") {
          j++;
          break;
        } else {
          text += c;
          j++;
        }
      }
      tokens.push(prefix === undefined ? { kind: 'string', text } : { kind: 'string', text, prefix });
      i = j;
    } else if (/[=!<>]/.test(ch)) {
      const two = pattern.slice(i, i + 2);
      const text = ['!=', '<=', '>=', '<>'].includes(two) ? two : ch;
      if (text === '!') throw new PatternError('"!" without "="');
      tokens.push({ kind: 'op', text });
      i += text.length;
    } else if (/[-+\d]/.test(ch)) {
      const m = /^[-+]?\d+(?:\.\d+)?/.exec(pattern.slice(i, i + 40));
      if (!m) throw new PatternError(`unexpected "${ch}"`);
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(pattern.slice(i, i + 300));
      if (!m) throw new PatternError('a name is too long');
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      throw new PatternError(`unexpected character "${ch}"`);
    }
  }
  return tokens;
}

/** One comparison of a pattern: an object path, an operator (with NOT when negated), a value. */
interface Comparison {
  type: string;
  /** Property steps: names, list indexes, or "*". */
  steps: (string | number)[];
  op: string;
  value?: string;
  valueKind?: 'string' | 'other';
}

/** Recursive-descent reader of STIX patterns, collecting the comparisons of a pure disjunction. */
class Reader {
  private at = 0;
  readonly comparisons: Comparison[] = [];

  constructor(private readonly tokens: Token[]) {}

  read(): void {
    this.observations(0);
    if (this.at < this.tokens.length) throw new PatternError(`unexpected "${this.peek()?.text ?? ''}"`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new PatternError('the pattern ends too soon');
    return t;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text || t.kind === 'string') throw new PatternError(`expected "${text}", found "${t.text}"`);
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text === text;
  }

  private observations(depth: number): void {
    if (depth > MAX_DEPTH) throw new PatternError('nested too deeply');
    this.observation(depth);
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'word' || !['OR', 'AND', 'FOLLOWEDBY'].includes(t.text)) return;
      if (t.text !== 'OR') throw new PatternError(`joins observations with ${t.text}, which defacewatch does not evaluate`);
      this.next();
      this.observation(depth);
    }
  }

  private observation(depth: number): void {
    const t = this.next();
    if (t.kind === 'punct' && t.text === '[') {
      this.comparisonsOf(depth + 1);
      this.expect(']');
    } else if (t.kind === 'punct' && t.text === '(') {
      this.observations(depth + 1);
      this.expect(')');
    } else {
      throw new PatternError(`expected "[" or "(", found "${t.text}"`);
    }
    const q = this.peek();
    if (q?.kind === 'word' && QUALIFIERS.has(q.text)) throw new PatternError(`uses the ${q.text} qualifier, which defacewatch does not evaluate`);
  }

  private comparisonsOf(depth: number): void {
    if (depth > MAX_DEPTH) throw new PatternError('nested too deeply');
    this.comparisonTerm(depth);
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'word' || (t.text !== 'OR' && t.text !== 'AND')) return;
      if (t.text === 'AND') throw new PatternError('joins comparisons with AND, which defacewatch does not evaluate');
      this.next();
      this.comparisonTerm(depth);
    }
  }

  private comparisonTerm(depth: number): void {
    if (this.peek()?.kind === 'punct' && this.peek()?.text === '(') {
      this.next();
      this.comparisonsOf(depth + 1);
      this.expect(')');
      return;
    }
    if (this.isWord('EXISTS')) {
      this.next();
      this.comparisons.push({ ...this.path(), op: 'EXISTS' });
      return;
    }
    const path = this.path();
    let negated = false;
    if (this.isWord('NOT')) {
      this.next();
      negated = true;
    }
    const t = this.next();
    let op: string;
    if (t.kind === 'op') op = t.text;
    else if (t.kind === 'word' && COMPARISON_WORDS.has(t.text)) op = t.text;
    else throw new PatternError(`expected a comparison operator, found "${t.text}"`);
    const value = this.value();
    this.comparisons.push({ ...path, op: negated ? `NOT ${op}` : op, ...value });
  }

  private path(): { type: string; steps: (string | number)[] } {
    const type = this.next();
    if (type.kind !== 'word' || KEYWORDS.has(type.text)) throw new PatternError(`expected an object type, found "${type.text}"`);
    this.expect(':');
    const first = this.next();
    if (first.kind !== 'word' && first.kind !== 'string') throw new PatternError(`expected a property name, found "${first.text}"`);
    const steps: (string | number)[] = [first.text];
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'punct' && t.text === '.') {
        this.next();
        const name = this.next();
        if (name.kind !== 'word' && name.kind !== 'string') throw new PatternError(`expected a property name, found "${name.text}"`);
        steps.push(name.text);
      } else if (t?.kind === 'punct' && t.text === '[' && this.isIndex()) {
        this.next();
        const index = this.next();
        steps.push(index.kind === 'number' ? Number(index.text) : '*');
        this.expect(']');
      } else {
        return { type: type.text, steps };
      }
    }
  }

  /** "[" then an integer or "*" then "]": a list index, not a new observation. */
  private isIndex(): boolean {
    const a = this.tokens[this.at + 1];
    const b = this.tokens[this.at + 2];
    const star = a?.kind === 'punct' && a.text === '*';
    return (a?.kind === 'number' || star) && b?.kind === 'punct' && b.text === ']';
  }

  private value(): { value?: string; valueKind: 'string' | 'other' } {
    const t = this.next();
    if (t.kind === 'string') return t.prefix === undefined ? { value: t.text, valueKind: 'string' } : { valueKind: 'other' };
    if (t.kind === 'number' || (t.kind === 'word' && (t.text === 'true' || t.text === 'false'))) return { valueKind: 'other' };
    if (t.kind === 'punct' && t.text === '(') {
      // A set for IN: values separated by commas.
      for (;;) {
        const v = this.next();
        if (v.kind !== 'string' && v.kind !== 'number' && !(v.kind === 'word' && (v.text === 'true' || v.text === 'false'))) {
          throw new PatternError(`expected a value in a set, found "${v.text}"`);
        }
        const sep = this.next();
        if (sep.text === ')') return { valueKind: 'other' };
        if (sep.text !== ',') throw new PatternError(`expected "," or ")", found "${sep.text}"`);
      }
    }
    throw new PatternError(`expected a value, found "${t.text}"`);
  }
}

/** A comparison read from a pattern, as a path string for people, e.g. `file:hashes.MD5 =`. */
function describe(c: Comparison): string {
  return `${c.type}:${c.steps.map((s) => (typeof s === 'number' ? `[${s}]` : s === '*' ? '[*]' : s)).join('.')} ${c.op}`;
}

/** The terms of a pattern we understand, and the comparisons we skipped (for the log). */
export interface ReadPattern extends PatternTerms {
  skipped: string[];
}

/**
 * Reads a STIX pattern and sorts its equality tests by what they say. Throws a PatternError when the
 * pattern is malformed, too large, or uses AND, FOLLOWEDBY or a qualifier (see the module header).
 * Values are returned as written; the caller validates and normalises them.
 */
export function readPattern(pattern: string): ReadPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new PatternError(`longer than ${MAX_PATTERN_LENGTH} characters`);
  const reader = new Reader(tokenize(pattern));
  reader.read();
  const out: ReadPattern = { phashes: [], phrases: [], hosts: [], urls: [], skipped: [] };
  for (const c of reader.comparisons) {
    const simple = c.op === '=' && c.valueKind === 'string' && c.value !== undefined;
    const [first, second] = c.steps;
    if (simple && c.type === PAGE_TYPE && c.steps.length === 1 && first === PHASH_PROPERTY) out.phashes.push(c.value!);
    else if (simple && c.type === PAGE_TYPE && c.steps.length === 2 && first === PHRASES_PROPERTY && (second === '*' || typeof second === 'number'))
      out.phrases.push(c.value!);
    else if (simple && ['domain-name', 'ipv4-addr', 'ipv6-addr'].includes(c.type) && c.steps.length === 1 && first === 'value') out.hosts.push(c.value!);
    else if (simple && c.type === 'url' && c.steps.length === 1 && first === 'value') out.urls.push(c.value!);
    else out.skipped.push(describe(c));
  }
  return out;
}
