/**
 * Evidence pictures for a message: the baseline, current and diff screenshots cropped around the
 * changed area (for showing inline), and the full-page files (for attaching). Full-page screenshots
 * are up to 10,000 px tall: shown inline, a mail client shrinks them to an unreadable strip, so the
 * message shows the part that changed and attaches the rest. The crop is framed around the block the
 * change sits in (its heading, the slogan under a flag) when that fits, found on the current picture
 * (compare/enclosing-block.ts); all three pictures show the same part of their pages.
 *
 * Nothing here stops an alert: a missing or unreadable file becomes a `problem` and the alert goes
 * out without that picture.
 */

import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { clipBox } from '../compare/boxes.js';
import { enclosingBlock } from '../compare/enclosing-block.js';
import type { Box } from '../core/types.js';
import type { AlertEvidence } from './types.js';

/** Which screenshot a picture is. */
export type EvidenceRole = 'current' | 'baseline' | 'diff';

/** The order pictures are shown and attached in: what the page shows now comes first. */
export const EVIDENCE_ROLES: readonly EvidenceRole[] = ['current', 'baseline', 'diff'];

const EVIDENCE_KEY: Record<EvidenceRole, 'actualPng' | 'baselinePng' | 'diffPng'> = {
  current: 'actualPng',
  baseline: 'baselinePng',
  diff: 'diffPng',
};

/** A cropped picture, encoded, to show inline in the HTML part (by `cid:`). */
export interface InlineEvidenceImage {
  role: EvidenceRole;
  /** Content-ID without angle brackets. */
  cid: string;
  filename: string;
  contentType: 'image/jpeg' | 'image/png';
  content: Buffer;
  /** Size of `content` in pixels. */
  width: number;
  height: number;
  /** The part of the full-page picture shown, in its pixels. */
  area: Box;
  /** Size of the full-page picture. */
  pageSize: { width: number; height: number };
  /** True when `area` was placed around the alert's focus; false when it is the top of the page. */
  focused: boolean;
  /** The part of the page the change and its block take, inside `area` (when focused). */
  frame?: Box;
}

/** A full-page screenshot attached as a file (not shown inline). */
export interface FullPageEvidence {
  role: EvidenceRole;
  filename: string;
  path: string;
  contentType: 'image/png';
  bytes: number;
  width: number;
  height: number;
}

/** Something about one evidence file that people should know: it is why a picture is absent. */
export interface EvidenceProblem {
  role: EvidenceRole;
  path: string;
  problem: string;
}

/** Everything a message needs about the evidence pictures. */
export interface EvidenceImages {
  inline: InlineEvidenceImage[];
  attachments: FullPageEvidence[];
  problems: EvidenceProblem[];
}

/** No pictures: for digests, and alerts without evidence. */
export const NO_EVIDENCE_IMAGES: EvidenceImages = Object.freeze({ inline: [], attachments: [], problems: [] });

export interface CropLimits {
  /** Widest inline picture, in pixels (mail clients lay out at about 600–640 px). Default 640. */
  maxWidth: number;
  /** Tallest inline picture, in pixels. Default 480. */
  maxHeight: number;
  /** Pixels of page kept around the focus on each side. Default 48. */
  margin: number;
}

export interface EvidenceImageOptions extends Partial<CropLimits> {
  /** Starts file names, e.g. the site id `moh-home`. */
  baseName: string;
  /** Makes Content-IDs unique to the message (RFC 2392 wants them globally unique), e.g. the alert token. */
  cidToken: string;
  /** Largest encoded inline picture, in bytes; quality and then size are reduced to fit. Default 200 kB. */
  maxInlineBytes?: number;
  /**
   * Most bytes of full-page files attached to one message. Mail servers commonly refuse messages
   * over 10–25 MB, and base64 adds a third; files past the budget are named, not attached. Default 7 MB.
   */
  maxAttachmentBytes?: number;
}

export const DEFAULT_CROP_LIMITS: Readonly<CropLimits> = Object.freeze({ maxWidth: 640, maxHeight: 480, margin: 48 });
const DEFAULT_MAX_INLINE_BYTES = 200_000;
const DEFAULT_MAX_ATTACHMENT_BYTES = 7_000_000;
const JPEG_QUALITIES = [82, 70, 58, 46];
/** Below this width a picture says nothing more; the smallest encoding is kept even if over budget. */
const MIN_SHRINK_WIDTH = 240;

/**
 * The part of a `page`-sized picture to show for `focus`: the focus plus `margin` on each side,
 * widened to at least the inline picture's size (a small flag is shown with what surrounds it, at
 * full scale) and no taller than the inline picture's shape allows (a tall change is shown from its
 * top). A missing focus, or one outside the picture, gives the top of the page.
 */
export function cropArea(focus: Box | undefined, page: { width: number; height: number }, limits: CropLimits = DEFAULT_CROP_LIMITS): { area: Box; focused: boolean } {
  const W = Math.max(1, Math.floor(page.width));
  const H = Math.max(1, Math.floor(page.height));
  const shape = limits.maxHeight / limits.maxWidth;
  const inside = focus === undefined ? null : clipBox(focus, W, H);
  if (inside === null) {
    return { area: { x: 0, y: 0, width: W, height: Math.min(H, Math.max(1, Math.round(W * shape))) }, focused: false };
  }
  const m = Math.max(0, limits.margin);
  const width = clamp(inside.width + 2 * m, Math.min(W, limits.maxWidth), W);
  const height = clamp(inside.height + 2 * m, Math.min(H, limits.maxHeight), Math.min(H, Math.max(1, Math.round(width * shape))));
  const x = clamp(Math.round(inside.x + inside.width / 2 - width / 2), 0, W - width);
  // A change taller than the picture is shown from its top edge, where a reader starts.
  const centredY = inside.height + 2 * m > height ? inside.y - m : Math.round(inside.y + inside.height / 2 - height / 2);
  const y = clamp(centredY, 0, H - height);
  return { area: { x, y, width, height }, focused: true };
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/** A block up to this many times the inline picture's size is shown whole, shrunk to fit. */
const MAX_FRAME_SCALE = 2;

/**
 * What the crop is placed around: the change together with its `block` (the change grown to the calm
 * margins around it) when the block fits MAX_FRAME_SCALE times the picture the change needs; else
 * the block's top down to the change (a heading above a long change) when that fits; else the change
 * alone. Cut off, a headline says less than shrunk.
 */
export function frameAround(change: Box, block: Box, page: { width: number; height: number }, limits: CropLimits = DEFAULT_CROP_LIMITS): Box {
  const m = Math.max(0, limits.margin);
  const width = clamp(change.width + 2 * m, MAX_FRAME_SCALE * limits.maxWidth, Math.max(limits.maxWidth, page.width));
  const height = Math.max(MAX_FRAME_SCALE * limits.maxHeight, Math.round(width * (limits.maxHeight / limits.maxWidth)));
  const x0 = Math.min(change.x, block.x);
  const x1 = Math.max(change.x + change.width, block.x + block.width);
  const y0 = Math.min(change.y, block.y);
  const y1 = Math.max(change.y + change.height, block.y + block.height);
  const columns = x1 - x0 + 2 * m <= width ? { x: x0, width: x1 - x0 } : { x: change.x, width: change.width };
  const bottom = change.y + change.height;
  const rows =
    y1 - y0 + 2 * m <= height ? { y: y0, height: y1 - y0 } : bottom - y0 + 2 * m <= height ? { y: y0, height: bottom - y0 } : { y: change.y, height: change.height };
  return { ...columns, ...rows };
}

/**
 * The alert's focus framed on the current picture at `path` (frameAround): the picture is read only
 * around the focus. Undefined when there is no focus or the picture cannot be read (the crop then
 * falls back as cropArea says, and the unreadable picture is reported where it is cropped).
 */
async function framedFocus(focus: Box | undefined, path: string | undefined, limits: CropLimits): Promise<Box | undefined> {
  if (focus === undefined || path === undefined || path === '') return focus;
  try {
    const meta = await sharp(path).metadata();
    if (!meta.width || !meta.height) return focus;
    const page = { width: meta.width, height: meta.height };
    const change = clipBox(focus, page.width, page.height);
    if (change === null) return focus;
    const reach = Math.max(limits.maxWidth, limits.maxHeight);
    const window = clipBox({ x: change.x - reach, y: change.y - reach, width: change.width + 2 * reach, height: change.height + 2 * reach }, page.width, page.height)!;
    const { data, info } = await sharp(path)
      .extract({ left: window.x, top: window.y, width: window.width, height: window.height })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const inWindow = { ...change, x: change.x - window.x, y: change.y - window.y };
    const found = enclosingBlock({ width: info.width, height: info.height, data }, inWindow, { reach });
    return frameAround(change, { ...found, x: found.x + window.x, y: found.y + window.y }, page, limits);
  } catch {
    // Unreadable: the loop below reports it for the current picture and crops without a frame.
    return focus;
  }
}

/**
 * Reads the evidence files of an alert: each existing picture cropped around `evidence.focus` for
 * showing inline, and the full-page files for attaching within the byte budget.
 */
export async function prepareEvidenceImages(evidence: AlertEvidence, options: EvidenceImageOptions): Promise<EvidenceImages> {
  const limits: CropLimits = {
    maxWidth: options.maxWidth ?? DEFAULT_CROP_LIMITS.maxWidth,
    maxHeight: options.maxHeight ?? DEFAULT_CROP_LIMITS.maxHeight,
    margin: options.margin ?? DEFAULT_CROP_LIMITS.margin,
  };
  const maxInlineBytes = options.maxInlineBytes ?? DEFAULT_MAX_INLINE_BYTES;
  let attachBudget = options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const base = fileSafe(options.baseName) || 'site';
  const out: EvidenceImages = { inline: [], attachments: [], problems: [] };
  const focus = await framedFocus(evidence.focus, evidence.actualPng, limits);

  for (const role of EVIDENCE_ROLES) {
    const path = evidence[EVIDENCE_KEY[role]];
    if (path === undefined || path === '') continue;
    const bytes = await stat(path).then(
      (s) => (s.isFile() ? s.size : -1),
      () => -1,
    );
    if (bytes < 0) {
      out.problems.push({ role, path, problem: 'the file is missing' });
      continue;
    }
    let page: { width: number; height: number };
    let inline: InlineEvidenceImage;
    try {
      const meta = await sharp(path).metadata();
      if (!meta.width || !meta.height) throw new Error('no picture size');
      page = { width: meta.width, height: meta.height };
      const { area, focused } = cropArea(focus, page, limits);
      const encoded = await encodeCrop(path, area, limits, maxInlineBytes);
      inline = {
        role,
        cid: `${role}.${options.cidToken}@defacewatch`,
        filename: `${base}-${role}-cropped.${encoded.contentType === 'image/png' ? 'png' : 'jpg'}`,
        ...encoded,
        area,
        pageSize: page,
        focused,
        ...(focused && focus ? { frame: focus } : {}),
      };
    } catch (err) {
      out.problems.push({ role, path, problem: `not a readable picture (${err instanceof Error ? err.message : String(err)})` });
      continue;
    }
    out.inline.push(inline);
    if (bytes > attachBudget) {
      out.problems.push({
        role,
        path,
        problem: `the full-page file (${formatBytes(bytes)}) is not attached: it would make the message too large`,
      });
      continue;
    }
    attachBudget -= bytes;
    out.attachments.push({ role, filename: `${base}-${role}-full-page.png`, path, contentType: 'image/png', bytes, ...page });
  }
  return out;
}

interface Encoded {
  contentType: 'image/jpeg' | 'image/png';
  content: Buffer;
  width: number;
  height: number;
}

/**
 * Cuts `area` out, scales it to fit the limits, and encodes it as the smaller of a palette PNG
 * (crisp for flat pages and diffs) and a JPEG (small for photos), lowering JPEG quality and then
 * the size until it fits `maxBytes`.
 */
async function encodeCrop(path: string, area: Box, limits: CropLimits, maxBytes: number): Promise<Encoded> {
  const scale = Math.min(1, limits.maxWidth / area.width, limits.maxHeight / area.height);
  let width = Math.max(1, Math.round(area.width * scale));
  let height = Math.max(1, Math.round(area.height * scale));
  // Decoded once; every attempt below re-encodes these pixels.
  const cropped = await sharp(path)
    .extract({ left: area.x, top: area.y, width: area.width, height: area.height })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const source = () => sharp(cropped.data, { raw: { width: cropped.info.width, height: cropped.info.height, channels: cropped.info.channels } });

  let smallest: Encoded | undefined;
  for (;;) {
    const scaled = await source().resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(scaled.data, { raw: { width, height, channels: scaled.info.channels } });
    // Low quantisation effort: files a few per cent larger, several times faster on photos.
    const png = await pixels().png({ palette: true, compressionLevel: 9, effort: 3 }).toBuffer();
    const attempts: Encoded[] = [{ contentType: 'image/png', content: png, width, height }];
    for (const quality of JPEG_QUALITIES) {
      // 4:4:4 keeps thin red diff marks and coloured text sharp; 4:2:0 smears them.
      const jpeg = await pixels().jpeg({ quality, chromaSubsampling: '4:4:4' }).toBuffer();
      attempts.push({ contentType: 'image/jpeg', content: jpeg, width, height });
      if (jpeg.length <= maxBytes) break;
    }
    const fitting = attempts.filter((a) => a.content.length <= maxBytes);
    // Prefer the PNG when it fits and is no larger than the best JPEG: text stays crisp.
    const best = fitting.sort((a, b) => a.content.length - b.content.length)[0];
    if (best) return png.length <= maxBytes && png.length <= best.content.length * 1.25 ? attempts[0]! : best;
    const least = attempts.reduce((a, b) => (b.content.length < a.content.length ? b : a));
    if (!smallest || least.content.length < smallest.content.length) smallest = least;
    if (width <= MIN_SHRINK_WIDTH) return smallest;
    width = Math.max(MIN_SHRINK_WIDTH, Math.round(width * 0.75));
    height = Math.max(1, Math.round((height * width) / Math.max(1, scaled.info.width)));
  }
}

/** e.g. `12.3 MB`, `840 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

function fileSafe(value: string): string {
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80);
}
