/**
 * Screenshots for the OCR tests, drawn with sharp from SVG in the installed fonts (Noto CJK, DejaVu,
 * Thai TLWG): a ministry home page with a picture slot, and pictures to put in it — slogans as JPEG
 * banners, and ordinary banners and photos without a slogan.
 */
import sharp from 'sharp';
import type { Capture, RawImage } from '../../src/core/types.js';
import { fakeCapture } from './capture-fixture.js';

export const PAGE = { width: 1366, height: 900 } as const;
/** Where the picture sits on the page. */
export const SLOT = { x: 363, y: 180 } as const;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface BannerSpec {
  /** One or more lines of text. */
  lines: string[];
  width: number;
  height: number;
  background: string;
  color: string;
  fontSize: number;
  font?: string;
  weight?: 'normal' | 'bold';
  italic?: boolean;
  /** A diagonal gradient from `background` to this colour. */
  gradientTo?: string;
  /** A dark drop shadow under the text. */
  shadow?: boolean;
  /** JPEG quality (default 75). */
  quality?: number;
}

/** A banner with text, as a JPEG. */
export async function textBanner(b: BannerSpec): Promise<Buffer> {
  const font = b.font ?? 'Noto Sans CJK SC';
  const lineHeight = b.fontSize * 1.25;
  const firstY = b.height / 2 - ((b.lines.length - 1) * lineHeight) / 2;
  const text = (dx: number, dy: number, fill: string) =>
    b.lines
      .map(
        (l, i) =>
          `<text x="${b.width / 2 + dx}" y="${firstY + i * lineHeight + dy}" dominant-baseline="central" text-anchor="middle" font-family="${font}" font-weight="${b.weight ?? 'bold'}" font-style="${b.italic ? 'italic' : 'normal'}" font-size="${b.fontSize}" fill="${fill}">${esc(l)}</text>`,
      )
      .join('');
  const fill = b.gradientTo ? 'url(#g)' : b.background;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${b.width}" height="${b.height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${b.background}"/><stop offset="1" stop-color="${b.gradientTo ?? b.background}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="${fill}"/>${b.shadow ? text(3, 3, '#000') : ''}${text(0, 0, b.color)}</svg>`;
  return sharp(Buffer.from(svg))
    .jpeg({ quality: b.quality ?? 75 })
    .toBuffer();
}

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A picture without text: sky and ground, sharp-edged shapes, sensor noise. */
export async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  const r = random(seed);
  let shapes = '';
  for (let i = 0; i < 30; i++) {
    const c = `rgb(${Math.floor(r() * 255)},${Math.floor(r() * 255)},${Math.floor(r() * 255)})`;
    shapes += `<circle cx="${r() * width}" cy="${r() * height}" r="${8 + r() * 70}" fill="${c}" fill-opacity="${0.4 + r() * 0.6}"/>`;
    shapes += `<rect x="${r() * width}" y="${r() * height}" width="${10 + r() * 120}" height="${10 + r() * 80}" fill="${c}" transform="rotate(${r() * 60 - 30})"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#6aa9e0"/><stop offset="0.55" stop-color="#d6e6f2"/><stop offset="0.56" stop-color="#4d7a3a"/><stop offset="1" stop-color="#2c4a22"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + Math.floor((r() - 0.5) * 30)));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

const BODY = [
  'The ministry announced a new programme for regional disaster preparedness on Monday.',
  'Applications for the national scholarship open in April and close at the end of May.',
  'Public consultation on the draft coastal management plan runs until the end of June.',
  'Office hours during the holiday season: 9:00 to 15:00, closed on public holidays.',
];

export interface PageOptions {
  /** A black page (a full-page defacement). */
  dark?: boolean;
  /** Moves the body text down by this many pixels (a news item added above it). */
  bodyShift?: number;
}

/** The page around the picture: header, menu and body text. */
async function pageWith(picture: Buffer | null, options: PageOptions = {}): Promise<Buffer> {
  const top = 470 + (options.bodyShift ?? 0);
  const body = Array.from(
    { length: 14 },
    (_, i) => `<text x="60" y="${top + i * 28}" font-family="DejaVu Sans" font-size="15" fill="#222">${esc(BODY[i % BODY.length]!)}</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE.width}" height="${PAGE.height}">
    <rect width="100%" height="100%" fill="${options.dark ? '#000' : '#fff'}"/>
    <rect width="100%" height="90" fill="#003366"/>
    <text x="40" y="56" font-family="DejaVu Sans" font-size="30" fill="#fff">Ministry of Examples</text>
    <text x="60" y="130" font-family="DejaVu Sans" font-size="15" fill="#003366">Home    About    Services    News    Contact</text>
    ${body}</svg>`;
  let page = sharp(Buffer.from(svg));
  if (picture) page = page.composite([{ input: picture, left: SLOT.x, top: SLOT.y }]);
  return page.png().toBuffer();
}

/** A page screenshot as PNG (what a capture holds) and decoded (what detectors get). */
export interface Shot {
  png: Buffer;
  image: RawImage;
}

export async function pageShot(picture: Buffer | null, options: PageOptions = {}): Promise<Shot> {
  const png = await pageWith(picture, options);
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { png, image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) } };
}

/** A capture of a page shot, with the page text the DOM would give. */
export function shotCapture(shot: Shot, url: string, visibleText = `Ministry of Examples\nHome About Services News Contact\n${BODY.join('\n')}`): Capture {
  return fakeCapture({
    url,
    finalUrl: url,
    redirectChain: [url],
    title: 'Ministry of Examples',
    html: `<html><head><title>Ministry of Examples</title></head><body>${visibleText
      .split('\n')
      .map((l) => `<p>${esc(l)}</p>`)
      .join('')}</body></html>`,
    visibleText,
    screenshot: shot.png,
    screenshotSize: { width: shot.image.width, height: shot.image.height },
    pageHeight: shot.image.height,
    viewport: { width: PAGE.width, height: 768 },
  });
}
