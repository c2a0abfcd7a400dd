/**
 * The OCR port implemented with the `tesseract` command (Debian's tesseract-ocr 5): one process per
 * call, all parts of the call stacked on one PNG sheet on stdin, TSV (words with confidences and
 * positions) on stdout. One call at a time per instance and one OpenMP thread per process, so OCR
 * never takes more than one core from captures. A missing binary is found once and every later
 * call fails fast with OCR_UNAVAILABLE; an abort or a time-out kills the process.
 */
import { spawn } from 'node:child_process';
import pLimit from 'p-limit';
import { DefacewatchError } from '../core/errors.js';
import type { RawImage } from '../core/types.js';
import type { Ocr, OcrBox, OcrOptions, OcrResult, OcrWord } from '../detectors/types.js';
import type { Logger } from '../log.js';
import { prepareSheet, type Placement } from './prepare.js';
import { definedOnly } from '../core/defined.js';

export interface TesseractOptions {
  /** The binary; default `tesseract` on the PATH (DEFACEWATCH_TESSERACT in the runtime). */
  binary?: string;
  /** A call not answered within this many milliseconds is abandoned and its process killed. */
  timeoutMs?: number;
  /**
   * Page segmentation mode. 11 ("sparse text": as much text as possible, in no particular order)
   * suits a sheet of banners with words scattered over pictures; on plain banners 3, 6 and 11 read
   * alike (measured).
   */
  psm?: number;
  /**
   * Tesseract's `thresholding_method`: 0 global Otsu, 1 adaptive (tiled) Otsu, 2 Sauvola. Each part
   * of a sheet is one banner with its own polarity, so one global threshold fits; the adaptive ones
   * broke glyphs of bold CJK and of two-line banners (measured).
   */
  thresholding?: 0 | 1 | 2;
  /** The parts of one call are scaled down together to at most this many pixels (see prepareSheet). */
  maxPixels?: number;
  /** Parts lower than this are scaled up 2× (see prepareSheet). */
  upscaleBelowHeight?: number;
  /** Parts whose glyph height is known are scaled to bring it into this range (see prepareSheet). */
  glyphRange?: readonly [number, number];
  logger?: Logger;
  /** Environment of the tesseract processes (OMP_THREAD_LIMIT=1 is always set). */
  env?: NodeJS.ProcessEnv;
}

export const TESSERACT_DEFAULTS = Object.freeze({
  binary: 'tesseract',
  timeoutMs: 10_000,
  psm: 11,
  thresholding: 0,
  maxPixels: 1_000_000,
  upscaleBelowHeight: 40,
  // 96: 南海是中国的 at 86 px and 日本鬼子 at 93 px were misread scaled to 72 (measured on the corpus).
  glyphRange: [28, 96] as const,
});

/** A Tesseract-backed Ocr that also says which languages are installed. */
export interface TesseractOcr extends Ocr {
  /** Installed language codes (from `tesseract --list-langs`); rejects with OCR_UNAVAILABLE. */
  languages(): Promise<string[]>;
}

interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** The process could not be started at all (ENOENT: no such binary). */
class SpawnFailed extends Error {
  constructor(readonly errno: NodeJS.ErrnoException) {
    super(errno.message);
  }
}

/** Runs the binary once; rejects on spawn failure, timeout or abort (killing the process). */
function run(
  binary: string,
  args: string[],
  input: Buffer | null,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined; env: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(abortError(opts.signal));
      return;
    }
    const child = spawn(binary, args, { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      kill();
      finish(() => reject(new DefacewatchError('OCR_FAILED', `OCR did not finish within ${opts.timeoutMs} ms`)));
    }, opts.timeoutMs);
    const onAbort = (): void => {
      kill();
      finish(() => reject(abortError(opts.signal)));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(new SpawnFailed(e))));
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('close', (code) => finish(() => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code })));
    // The process may exit before reading all of stdin (bad arguments): that is reported by `close`.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? undefined);
  });
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('The check was aborted', 'AbortError');
}

/** A word of Tesseract's TSV output with where it is on the picture read. */
export interface TsvWord extends OcrWord {
  top: number;
  height: number;
}

/**
 * Words of Tesseract's TSV output (level 5 rows), with confidences scaled to 0..1 and lines numbered
 * in reading order. Rows of other levels and empty words are skipped.
 */
export function parseTesseractTsv(tsv: string): TsvWord[] {
  const words: TsvWord[] = [];
  const lineIndex = new Map<string, number>();
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const text = cells.slice(11).join('\t').trim();
    const conf = Number(cells[10]);
    if (text === '' || !Number.isFinite(conf) || conf < 0) continue;
    const key = `${cells[1]}.${cells[2]}.${cells[3]}.${cells[4]}`;
    let line = lineIndex.get(key);
    if (line === undefined) {
      line = lineIndex.size;
      lineIndex.set(key, line);
    }
    words.push({ text, confidence: Math.min(1, conf / 100), line, top: Number(cells[7]), height: Number(cells[9]) });
  }
  return words;
}

/** Words as an OcrResult: lines renumbered from 0, text joined, confidence weighted by length. */
export function toOcrResult(words: readonly OcrWord[], languages: string[]): OcrResult {
  const renumber = new Map<number, number>();
  const out: OcrWord[] = [];
  const lines: string[] = [];
  let weighted = 0;
  let chars = 0;
  for (const w of words) {
    let line = renumber.get(w.line);
    if (line === undefined) {
      line = renumber.size;
      renumber.set(w.line, line);
      lines.push(w.text);
    } else {
      lines[line] = `${lines[line]} ${w.text}`;
    }
    out.push({ text: w.text, confidence: w.confidence, line });
    const n = Array.from(w.text).length;
    weighted += w.confidence * n;
    chars += n;
  }
  return { text: lines.join('\n'), confidence: chars > 0 ? weighted / chars : 0, words: out, languages };
}

/** Sorts words onto the parts of a sheet by the row of their middle (a part's copies count as the part). */
export function wordsByPlacement(words: readonly TsvWord[], placements: readonly (Placement | null)[]): TsvWord[][] {
  const out: TsvWord[][] = placements.map(() => []);
  const holds = (rows: { top: number; height: number } | undefined, middle: number): boolean =>
    rows !== undefined && middle >= rows.top && middle < rows.top + rows.height;
  for (const w of words) {
    const middle = w.top + w.height / 2;
    const i = placements.findIndex((p) => p !== null && (holds(p, middle) || p.copies.some((c) => holds(c, middle))));
    if (i >= 0) out[i]!.push(w);
  }
  return out;
}

/** The words without the lines that say again what an earlier line of the part said (a copy read like the part). */
export function withoutRepeatedLines<W extends OcrWord>(words: readonly W[]): W[] {
  const lines = new Map<number, W[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  const seen = new Set<string>();
  const out: W[] = [];
  for (const line of lines.values()) {
    const text = line.map((w) => w.text).join(' ');
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(...line);
  }
  return out;
}

/** Language codes, one per line, from `tesseract --list-langs` (its first line is a heading). */
export function parseLanguageList(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[a-z][a-z0-9_]*$/i.test(l) && l !== 'osd');
}

/** Creates the Tesseract OCR port. Nothing is spawned until the first call. */
export function createTesseractOcr(options: TesseractOptions = {}): TesseractOcr {
  const cfg = { ...TESSERACT_DEFAULTS, ...definedOnly(options) };
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), OMP_THREAD_LIMIT: '1' };
  const limit = pLimit(1);
  const logger = options.logger;
  let unavailable: DefacewatchError | null = null;
  let installed: Promise<string[]> | null = null;
  const warnedMissing = new Set<string>();

  function markUnavailable(cause: unknown, what: string): DefacewatchError {
    if (!unavailable) {
      unavailable = new DefacewatchError('OCR_UNAVAILABLE', `OCR is unavailable: ${what}`, { cause });
      logger?.warn({ code: unavailable.code, binary: cfg.binary, err: what }, 'OCR unavailable: text in pictures will not be read');
    }
    return unavailable;
  }

  function spawnFailure(err: unknown): unknown {
    if (err instanceof SpawnFailed) {
      const what = err.errno.code === 'ENOENT' ? `"${cfg.binary}" was not found` : `"${cfg.binary}" cannot be started (${err.errno.message})`;
      return markUnavailable(err.errno, what);
    }
    return err;
  }

  function languages(): Promise<string[]> {
    if (unavailable) return Promise.reject(unavailable);
    installed ??= run(cfg.binary, ['--list-langs'], null, { timeoutMs: cfg.timeoutMs, env }).then(
      (r) => {
        const list = parseLanguageList(r.stdout);
        if (r.code !== 0 || list.length === 0) throw markUnavailable(null, `"${cfg.binary} --list-langs" lists no language`);
        return list;
      },
      (err: unknown) => {
        const failure = spawnFailure(err);
        // A timeout may be a loaded machine: ask again next time.
        if (!(failure instanceof DefacewatchError && failure.code === 'OCR_UNAVAILABLE')) installed = null;
        throw failure;
      },
    );
    return installed;
  }

  async function recognizeNow(image: RawImage, boxes: readonly OcrBox[], opts: OcrOptions): Promise<OcrResult[]> {
    const have = await languages();
    const langs = opts.languages.filter((l) => have.includes(l));
    for (const l of opts.languages) {
      if (!have.includes(l) && !warnedMissing.has(l)) {
        warnedMissing.add(l);
        logger?.warn({ code: 'OCR_UNAVAILABLE', language: l }, `OCR language "${l}" is not installed; reading without it`);
      }
    }
    if (langs.length === 0) {
      throw new DefacewatchError('OCR_UNAVAILABLE', `OCR is unavailable: none of the languages ${opts.languages.join(', ')} is installed`);
    }
    const empty = (): OcrResult => toOcrResult([], langs);
    const sheet = boxes.length > 0 ? await prepareSheet(image, boxes, cfg) : null;
    if (!sheet) return boxes.map(empty);
    opts.signal?.throwIfAborted();
    let result: RunResult;
    try {
      // `--dpi 96`: sharp writes no resolution, and Tesseract's guess (70) shifts its size filters.
      const args = ['stdin', 'stdout', '-l', langs.join('+'), '--psm', String(cfg.psm), '--dpi', '96'];
      args.push('-c', `thresholding_method=${cfg.thresholding}`, 'tsv');
      result = await run(cfg.binary, args, sheet.png, { timeoutMs: cfg.timeoutMs, signal: opts.signal, env });
    } catch (err) {
      throw spawnFailure(err);
    }
    if (result.code !== 0) {
      const first = result.stderr.split('\n').find((l) => l.trim() !== '' && !/^Warning/i.test(l)) ?? `exit code ${result.code}`;
      throw new DefacewatchError('OCR_FAILED', `OCR failed: ${first.trim()}`);
    }
    return wordsByPlacement(parseTesseractTsv(result.stdout), sheet.placements).map((words) => toOcrResult(withoutRepeatedLines(words), langs));
  }

  return {
    languages,
    recognize(image, boxes, opts) {
      if (unavailable) return Promise.reject(unavailable);
      return limit(() => recognizeNow(image, boxes, opts));
    },
  };
}
