/**
 * Vertical alignment of two screenshots, so a notice inserted near the top does not make everything
 * below it "changed". Each row gets a signature (a hash of its unmasked pixels over the common
 * width); the two signature sequences are then aligned like lines in a text diff:
 *
 * 1. the common top and bottom are matched as they are, by comparing row bytes (the usual case: one
 *    inserted, removed or replaced block, found in linear time with no hashing);
 * 2. in what is left, rows with detail (not one flat colour) whose signature occurs only a few times
 *    seed runs of equal rows, each extended as far as the rows stay equal on its diagonal;
 * 3. runs are accepted largest first when they keep both row orders (a monotone chain, as patience
 *    and histogram diff do), trimmed where they overlap an accepted one;
 * 4. the gaps between accepted runs are aligned the same way, a few levels deep.
 *
 * Flat rows (page background, rules) never seed a run, so blank space cannot glue unrelated content
 * together, but they extend runs, so margins move with the content next to them. What stays
 * unmatched is compared in place by the pixel pass, exactly as without alignment: a full replacement
 * is as "changed" as ever. Exact signatures assume identical rendering of unchanged content, which
 * Chromium gives for the same page (docs/performance.md); a page re-rendered with colour noise simply
 * does not align and is compared in place.
 */
import type { Box, RawImage } from '../core/types.js';
import { unmaskedBands, type RowBand } from './boxes.js';
import { pixelWords } from './png.js';

/** A signature occurring more often than this on either side does not seed a run (it still extends one). */
export const MAX_SEED_OCCURRENCES = 16;
/** A run must hold at least this many rows that differ from the row above them to be trusted. */
export const MIN_RUN_DETAIL = 4;
/** Gaps between accepted runs are aligned again down to this depth. */
const MAX_DEPTH = 6;

/** Per-row signatures of one image. */
export interface RowSignatures {
  /** 32-bit hash of each row's unmasked pixels over the compared width. */
  hashes: Int32Array;
  /** 1 where the row is not one flat colour (it can seed a run). */
  detail: Uint8Array;
}

/** Baseline rows [a, a + length) show the same pixels as current rows [b, b + length). */
export interface MatchedRun {
  a: number;
  b: number;
  length: number;
}

/** Rows between matched runs: baseline [a0, a1) against current [b0, b1); either side may be empty. */
export interface RowGap {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/**
 * Signatures of each row over columns [0, width), pixels under `masks` left out (the mask edges are
 * hashed, so rows masked differently do not collide). Only rows [y0, y1) are hashed; the others are 0.
 */
export function rowSignatures(image: RawImage, width: number, masks: readonly Box[], y0 = 0, y1 = image.height): RowSignatures {
  const words = pixelWords(image);
  const w = Math.min(width, image.width);
  const hashes = new Int32Array(image.height);
  const detail = new Uint8Array(image.height);
  for (const band of unmaskedBands(masks, w, image.height)) {
    const spans = band.spans;
    for (let y = Math.max(band.y0, y0); y < Math.min(band.y1, y1); y++) {
      const row = y * image.width;
      let h = 0x2f6b1d5 ^ w;
      const first = spans.length > 0 ? words[row + spans[0]!]! : 0;
      let differs = 0;
      for (let s = 0; s + 1 < spans.length; s += 2) {
        const x0 = spans[s]!;
        const x1 = spans[s + 1]!;
        h = Math.imul(h ^ (x0 * 65537 + x1), 0x5bd1e995);
        for (let i = row + x0, end = row + x1; i < end; i++) {
          const p = words[i]!;
          differs |= p ^ first;
          h = Math.imul(h ^ p, 0x5bd1e995);
          h ^= h >>> 15;
        }
      }
      hashes[y] = h;
      detail[y] = differs !== 0 ? 1 : 0;
    }
  }
  return { hashes, detail };
}

/** The baseline rows of `a` and the current rows of `b` matched into runs, top to bottom. */
export function alignRows(a: RowSignatures, b: RowSignatures): MatchedRun[] {
  const runs: MatchedRun[] = [];
  alignRange(a, b, 0, a.hashes.length, 0, b.hashes.length, 0, runs);
  return mergeAdjacent(runs);
}

/**
 * Aligns two screenshots over columns [0, width), each with its own masks. The common top and bottom
 * are found first by comparing the rows' bytes (memcmp, far cheaper than hashing), so only the rows
 * in between are hashed and aligned: for a banner on a long page, a few hundred rows.
 */
export function alignImages(baseline: RawImage, current: RawImage, width: number, baselineMasks: readonly Box[], currentMasks: readonly Box[]): MatchedRun[] {
  const hA = baseline.height;
  const hB = current.height;
  const w = Math.min(width, baseline.width, current.width);
  const same = new SameRows(baseline, current, w, baselineMasks, currentMasks);
  let top = 0;
  while (top < hA && top < hB && same.rows(top, top)) top++;
  let bottom = 0;
  while (bottom < hA - top && bottom < hB - top && same.rows(hA - 1 - bottom, hB - 1 - bottom)) bottom++;

  const runs: MatchedRun[] = [];
  if (top > 0) runs.push({ a: 0, b: 0, length: top });
  if (top < hA - bottom && top < hB - bottom) {
    const sa = rowSignatures(baseline, w, baselineMasks, top, hA - bottom);
    const sb = rowSignatures(current, w, currentMasks, top, hB - bottom);
    alignRange(sa, sb, top, hA - bottom, top, hB - bottom, 0, runs);
  }
  if (bottom > 0) runs.push({ a: hA - bottom, b: hB - bottom, length: bottom });
  return mergeAdjacent(runs);
}

/** Byte equality of two rows over their unmasked spans (the spans must be the same on both sides). */
class SameRows {
  private readonly bufA: Buffer;
  private readonly bufB: Buffer;
  private readonly bandsA: RowBand[];
  private readonly bandsB: RowBand[];
  private readonly bandOfA: Int32Array;
  private readonly bandOfB: Int32Array;

  constructor(
    private readonly a: RawImage,
    private readonly b: RawImage,
    width: number,
    masksA: readonly Box[],
    masksB: readonly Box[],
  ) {
    this.bufA = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
    this.bufB = Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
    this.bandsA = unmaskedBands(masksA, width, a.height);
    this.bandsB = unmaskedBands(masksB, width, b.height);
    this.bandOfA = new Int32Array(a.height);
    this.bandOfB = new Int32Array(b.height);
    this.bandsA.forEach((band, i) => this.bandOfA.fill(i, band.y0, band.y1));
    this.bandsB.forEach((band, i) => this.bandOfB.fill(i, band.y0, band.y1));
  }

  rows(ya: number, yb: number): boolean {
    const sa = this.bandsA[this.bandOfA[ya]!]?.spans ?? [];
    const sb = this.bandsB[this.bandOfB[yb]!]?.spans ?? [];
    if (sa.length !== sb.length) return false;
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return false;
    const rowA = ya * this.a.width * 4;
    const rowB = yb * this.b.width * 4;
    for (let s = 0; s + 1 < sa.length; s += 2) {
      const x0 = sa[s]! * 4;
      const x1 = sa[s + 1]! * 4;
      if (this.bufB.compare(this.bufA, rowA + x0, rowA + x1, rowB + x0, rowB + x1) !== 0) return false;
    }
    return true;
  }
}

/**
 * No alignment: no runs, so the whole page is one gap, compared row y with row y (and reported as
 * one block where it changed).
 */
export function positionalRuns(): MatchedRun[] {
  return [];
}

/** The gaps between runs, including before the first and after the last; empty gaps are left out. */
export function gapsBetween(runs: readonly MatchedRun[], heightA: number, heightB: number): RowGap[] {
  const gaps: RowGap[] = [];
  let a = 0;
  let b = 0;
  for (const r of [...runs, { a: heightA, b: heightB, length: 0 }]) {
    if (r.a > a || r.b > b) gaps.push({ a0: a, a1: r.a, b0: b, b1: r.b });
    a = r.a + r.length;
    b = r.b + r.length;
  }
  return gaps;
}

function alignRange(A: RowSignatures, B: RowSignatures, a0: number, a1: number, b0: number, b1: number, depth: number, out: MatchedRun[]): void {
  const hA = A.hashes;
  const hB = B.hashes;
  let p = 0;
  while (a0 + p < a1 && b0 + p < b1 && hA[a0 + p] === hB[b0 + p]) p++;
  if (p > 0) out.push({ a: a0, b: b0, length: p });
  a0 += p;
  b0 += p;
  let s = 0;
  while (a1 - s > a0 && b1 - s > b0 && hA[a1 - 1 - s] === hB[b1 - 1 - s]) s++;
  a1 -= s;
  b1 -= s;

  if (a0 < a1 && b0 < b1 && depth < MAX_DEPTH) {
    const chain = anchorChain(A, B, a0, a1, b0, b1);
    if (chain.length > 0) {
      let ca = a0;
      let cb = b0;
      for (const r of chain) {
        alignRange(A, B, ca, r.a, cb, r.b, depth + 1, out);
        out.push(r);
        ca = r.a + r.length;
        cb = r.b + r.length;
      }
      alignRange(A, B, ca, a1, cb, b1, depth + 1, out);
    }
  }
  if (s > 0) out.push({ a: a1, b: b1, length: s });
}

interface Candidate extends MatchedRun {
  detail: number;
}

/** Rows in [y0, y1) that carry detail and differ from the row above: how much a run really shows. */
function runDetail(S: RowSignatures, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    if (S.detail[y] && (y === y0 || S.hashes[y] !== S.hashes[y - 1])) n++;
  }
  return n;
}

/** Maximal runs seeded by rare detailed rows, then the largest ones that keep both orders. */
function anchorChain(A: RowSignatures, B: RowSignatures, a0: number, a1: number, b0: number, b1: number): MatchedRun[] {
  const hA = A.hashes;
  const hB = B.hashes;
  const inB = new Map<number, number[]>();
  for (let y = b0; y < b1; y++) {
    if (!B.detail[y]) continue;
    const list = inB.get(hB[y]!);
    if (list) list.push(y);
    else inB.set(hB[y]!, [y]);
  }
  if (inB.size === 0) return [];
  const countA = new Map<number, number>();
  for (let y = a0; y < a1; y++) if (A.detail[y]) countA.set(hA[y]!, (countA.get(hA[y]!) ?? 0) + 1);

  const candidates: Candidate[] = [];
  // Per diagonal (b - a), where the last run found on it ends: rows inside it are not seeds again.
  const coveredTo = new Map<number, number>();
  for (let ya = a0; ya < a1; ya++) {
    if (!A.detail[ya]) continue;
    const list = inB.get(hA[ya]!);
    if (!list || list.length > MAX_SEED_OCCURRENCES || (countA.get(hA[ya]!) ?? 0) > MAX_SEED_OCCURRENCES) continue;
    for (const yb of list) {
      const d = yb - ya;
      if ((coveredTo.get(d) ?? -1) > ya) continue;
      let back = 0;
      while (ya - back > a0 && yb - back > b0 && hA[ya - back - 1] === hB[yb - back - 1]) back++;
      let fwd = 1;
      while (ya + fwd < a1 && yb + fwd < b1 && hA[ya + fwd] === hB[yb + fwd]) fwd++;
      coveredTo.set(d, ya + fwd);
      const run = { a: ya - back, b: yb - back, length: back + fwd };
      const detail = runDetail(A, run.a, run.a + run.length);
      if (detail >= MIN_RUN_DETAIL) candidates.push({ ...run, detail });
    }
  }
  candidates.sort((x, y) => y.detail - x.detail || y.length - x.length || x.a - y.a);

  const chain: MatchedRun[] = [];
  for (const c of candidates) {
    // The accepted runs before and after this one in baseline order bound where it may go.
    let i = 0;
    while (i < chain.length && chain[i]!.a <= c.a) i++;
    const prev = chain[i - 1];
    const next = chain[i];
    let start = 0;
    let end = c.length;
    if (prev) start = Math.max(start, prev.a + prev.length - c.a, prev.b + prev.length - c.b);
    if (next) end = Math.min(end, next.a - c.a, next.b - c.b);
    if (end - start <= 0) continue;
    const trimmed = { a: c.a + start, b: c.b + start, length: end - start };
    if (start > 0 || end < c.length) {
      if (runDetail(A, trimmed.a, trimmed.a + trimmed.length) < MIN_RUN_DETAIL) continue;
    }
    chain.splice(i, 0, trimmed);
  }
  return chain;
}

function mergeAdjacent(runs: MatchedRun[]): MatchedRun[] {
  const out: MatchedRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.a + last.length === r.a && last.b + last.length === r.b) last.length += r.length;
    else if (r.length > 0) out.push({ ...r });
  }
  return out;
}
