import {
  defacePoster,
  emblem,
  indonesiaFlag,
  japanFlag,
  malaysiaFlag,
  newYearMotif,
  philippinesFlag,
  prcFlag,
  prcFlagPhoto,
  scene,
  singaporeFlag,
  svg,
  textBanner,
  thailandFlag,
  vietnamFlag,
  warningIcon,
} from './draw.js';
import { flagGif, flagPhoto, summitPhoto } from './photos.js';
import type { ImageSpec } from './spec.js';

const jpMinistrySlides = {
  'slide-1': { sky: ['#5b8fc7', '#cfe3f5'], ground: '#3d7a4a', accent: '#fff7c2', seed: 11, caption: '流域治水プロジェクト2.0', water: true },
  'slide-2': { sky: ['#f0a35e', '#fde7c8'], ground: '#7a5a3d', accent: '#fff', seed: 12, caption: '防災週間 8月30日〜9月5日', water: false },
  'slide-3': { sky: ['#3aa7a3', '#d8f3f0'], ground: '#2e6b5e', accent: '#fdfdfd', seed: 13, caption: 'Water Day Essay Contest', water: true },
} as const;

/** Images of the ministry-jp site: its base, then what its cases bring. */
export function imagesOfMinistryJp(): Record<string, ImageSpec> {
  const out: Record<string, ImageSpec> = {
    'ministry-jp/base/img/emblem.png': {
      svg: () =>
        emblem(
          56,
          '#00549f',
          '#ffffff',
          `<path d="M14 34 Q21 24 28 34 T42 34" stroke="#00549f" stroke-width="4" fill="none"/><path d="M14 26 Q21 16 28 26 T42 26" stroke="#4aa3df" stroke-width="3" fill="none"/>`,
        ),
    },
    'ministry-jp/base/img/bnr-1.png': {
      svg: () => textBanner(234, 60, { bg: '#e6f2fb', fg: '#00549f', border: '#00549f', line1: '川の防災情報', line2: '水位・雨量をリアルタイムで' }),
    },
    'ministry-jp/base/img/bnr-2.png': {
      svg: () => textBanner(234, 60, { bg: '#fff', fg: '#1f6e43', border: '#1f6e43', line1: 'ハザードマップ', line2: 'ポータルサイト' }),
    },
    'ministry-jp/base/img/bnr-3.png': {
      svg: () => textBanner(234, 60, { bg: '#f7f7f7', fg: '#333', border: '#999', line1: '政府広報オンライン', line2: 'Government of Japan' }),
    },
  };
  for (const [name, o] of Object.entries(jpMinistrySlides)) {
    out[`ministry-jp/base/img/${name}.jpg`] = { svg: () => scene({ width: 1200, height: 300, ...o, sky: [...o.sky] }) };
  }
  const cards = [
    { sky: ['#8fb8de', '#e8f1f9'], ground: '#4c7c3f', accent: '#fff', seed: 21, water: true },
    { sky: ['#9bb0c2', '#e4e9ee'], ground: '#5b6b78', accent: '#ffe9a8', seed: 22, water: true },
    { sky: ['#c2d9ea', '#f2f7fb'], ground: '#7d8f5b', accent: '#fff', seed: 23, water: false },
    { sky: ['#a7c7a0', '#eef6ec'], ground: '#3f6e48', accent: '#fff6d5', seed: 24, water: false },
  ] as const;
  cards.forEach((o, i) => {
    out[`ministry-jp/base/img/card-${i + 1}.jpg`] = { svg: () => scene({ width: 300, height: 170, ...o, sky: [...o.sky] }) };
  });
  return { ...out, ...ministryJpCases() };
}

/** Pictures the ministry-jp cases bring. */
function ministryJpCases(): Record<string, ImageSpec> {
  const out: Record<string, ImageSpec> = {};
  const c = 'ministry-jp';
  Object.assign(out, {
    [`${c}/replace-black-senkaku/flag.png`]: { svg: () => prcFlag(360) },
    [`${c}/first-screen-replaced/w.png`]: {
      svg: () =>
        defacePoster(1100, 620, {
          bg: '#000000',
          flag: 'left',
          lines: [
            { text: '尖閣諸島は', size: 84, colour: '#ffffff', font: 'Noto Sans CJK JP' },
            { text: '中国の領土', size: 84, colour: '#ff3b3b', font: 'Noto Sans CJK JP' },
          ],
        }),
    },
    [`${c}/replace-image-only/x.jpg`]: {
      svg: () =>
        defacePoster(1366, 768, {
          bg: '#000',
          flag: 'top',
          lines: [
            { text: '釣魚島是中國的', size: 96, colour: '#ff2020', font: 'Noto Serif CJK TC' },
            { text: '日本鬼子滾出去', size: 44, colour: '#ffffff', font: 'Noto Sans CJK TC' },
          ],
        }),
      quality: 80,
    },
    [`${c}/banner-top-slogan/cn.png`]: { svg: () => prcFlag(75, 50) },
    [`${c}/flag-swap-carousel/img/slide-1.jpg`]: { svg: () => prcFlagPhoto(1200, 300), quality: 75 },
    [`${c}/redirect-deface/r.png`]: { svg: () => prcFlag(300) },
    [`${c}/ad-swapped/img/bnr-3.png`]: {
      svg: () => textBanner(234, 60, { bg: '#fff8e6', fg: '#b35c00', border: '#e69500', line1: 'マイナポータル', line2: '行政手続のオンライン窓口' }),
    },
    [`${c}/festive-red-gold/img/nenga.png`]: { svg: () => newYearMotif(300, 170) },
    [`${c}/neighbour-flags/img/flags/jp.png`]: { svg: () => japanFlag(45) },
    [`${c}/neighbour-flags/img/flags/vn.png`]: { svg: () => vietnamFlag(45) },
    [`${c}/neighbour-flags/img/flags/id.png`]: { svg: () => indonesiaFlag(45) },
    [`${c}/neighbour-flags/img/flags/th.png`]: { svg: () => thailandFlag(45) },
    [`${c}/neighbour-flags/img/flags/ph.png`]: { svg: () => philippinesFlag(60) },
    [`${c}/neighbour-flags/img/flags/my.png`]: { svg: () => malaysiaFlag(60) },
    [`${c}/neighbour-flags/img/flags/sg.png`]: { svg: () => singaporeFlag(45) },
    [`${c}/warning-icon/img/warn.png`]: { svg: () => warningIcon(48) },
  } satisfies Record<string, ImageSpec>);
  // Tuning cases of the photo kinds: a flag GIF by the brand, a Japan-China meeting photo, a re-saved slide.
  out[`${c}/flag-gif-brand/img/f.gif`] = { bytes: () => flagGif({ width: 60, height: 46, frames: 8, delayMs: 100, background: [255, 255, 255] }) };
  out[`${c}/trap-summit-jp-cn/img/card-4.jpg`] = { bytes: () => summitPhoto({ width: 300, height: 170, flags: ['prc', 'japan'], seed: 301 }) };
  out[`${c}/dyn-slide-reencoded/img/slide-1.jpg`] = { reencode: `${c}/base/img/slide-1.jpg`, quality: 58 };
  // A hidden slide overwritten with a tight crop of a waving flag: its lower half is cut off by the slide.
  out[`${c}/flag-hero-crop/img/slide-2.jpg`] = {
    bytes: () => flagPhoto({ width: 1200, height: 300, seed: 361, pole: false, flagShare: 0.72, poleAt: 0.06, flagTop: -0.12, quality: 68 }),
  };
  for (const name of ['slide-1', 'slide-2', 'slide-3', 'card-1', 'card-2', 'card-3', 'card-4']) {
    out[`${c}/images-reencoded/img/${name}.jpg`] = { reencode: `${c}/base/img/${name}.jpg`, quality: 40 };
  }
  // A policy card's picture overwritten with a claim that names no site, the crew signing below in smaller type.
  out[`${c}/claim-picture-crew/img/card-2.jpg`] = {
    svg: () =>
      svg(
        300,
        170,
        `<rect width="300" height="170" fill="#1a1a2e"/>
         <text x="150" y="52" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="32" fill="#ffd400">HAS BEEN</text>
         <text x="150" y="92" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="32" fill="#ffd400">HACKED</text>
         <text x="150" y="140" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="18" fill="#7dd3fc">Red Lotus Cyber Crew</text>`,
      ),
    quality: 80,
  };
  out[`${c}/claim-slide-photo/img/slide-1.jpg`] = claimSlidePhoto();
  return out;
}

/**
 * The visible first slide overwritten with a busy street photo: lettering low across its buildings,
 * white with a thin dark edge, as a defacer sets a slogan over a picture.
 */
function claimSlidePhoto(): ImageSpec {
  return {
    svg: () => {
      const photo = scene({ width: 1200, height: 300, sky: ['#6d8fb3', '#d8e4ee'], ground: '#4a5240', accent: '#fff4c2', seed: 41 });
      const windows = Array.from({ length: 160 }, (_, k) => {
        const x = 520 + ((k * 37) % 640);
        const y = 90 + ((k * 53) % 120);
        return `<rect x="${x}" y="${y}" width="6" height="9" fill="${k % 3 === 0 ? '#f8e7a1' : '#1e2b38'}" opacity="0.8"/>`;
      }).join('');
      const lettering =
        '<text x="60" y="250" font-family="Noto Sans CJK JP" font-weight="700" font-size="58" fill="#ffffff" stroke="#111" stroke-width="2" paint-order="stroke">尖閣諸島は中国のもの</text>';
      return photo.replace(/<\/svg>\s*$/, `${windows}${lettering}</svg>`);
    },
    quality: 72,
  };
}
