import {
  emblem,
  indonesiaFlag,
  japanFlag,
  lantern,
  malaysiaFlag,
  philippinesFlag,
  prcFlag,
  prcFlagPhoto,
  scene,
  singaporeFlag,
  starPoints,
  svg,
  textBanner,
  thailandFlag,
  vietnamFlag,
  warningIcon,
} from './draw.js';
import { flagPhoto, summitPhoto } from './photos.js';
import type { ImageSpec } from './spec.js';

/** Images of the court-vn site: its base, then what its cases bring. */
export function imagesOfCourtVn(): Record<string, ImageSpec> {
  return { ...courtVn(), ...courtVnCases() };
}

function courtVn(): Record<string, ImageSpec> {
  const scenes: [number, [string, string], string][] = [
    [51, ['#8d6e63', '#efebe9'], '#4e342e'],
    [52, ['#78909c', '#eceff1'], '#37474f'],
    [53, ['#a1887f', '#f5f0eb'], '#5d4037'],
  ];
  const out: Record<string, ImageSpec> = {
    // A round state emblem in red and gold, as Vietnamese court sites show in their header.
    'court-vn/base/images/emblem.png': {
      svg: () =>
        emblem(
          86,
          '#d4a017',
          '#c8102e',
          `<polygon points="${starPoints(43, 36, 17)}" fill="#ffd700"/><rect x="22" y="58" width="42" height="6" rx="2" fill="#ffd700"/><circle cx="43" cy="70" r="5" fill="#ffd700"/>`,
        ),
    },
    'court-vn/base/images/portal.png': {
      svg: () => textBanner(300, 70, { bg: '#fdf6e3', fg: '#8c0d14', border: '#d8c99a', line1: 'Cổng thông tin điện tử', line2: 'Tòa án nhân dân', font: 'DejaVu Sans' }),
    },
  };
  // The partner banners the page rotates (res/court.js).
  const partners: [string, string, string, string][] = [
    ['#0d47a1', '#e3f2fd', 'Tra cứu bản án', 'quyết định trực tuyến'],
    ['#1b5e20', '#e8f5e9', 'Dịch vụ công', 'Nộp đơn khởi kiện qua mạng'],
    ['#6a1b9a', '#f3e5f5', 'Phổ biến pháp luật', 'Luật Hòa giải, đối thoại'],
  ];
  partners.forEach(([fg, bg, line1, line2], i) => {
    out[`court-vn/base/images/partner-${i + 1}.png`] = { svg: () => textBanner(300, 90, { bg, fg, border: fg, line1, line2, font: 'DejaVu Sans' }) };
  });
  scenes.forEach(([seed, sky, ground], i) => {
    out[`court-vn/base/images/slide-${i + 1}.jpg`] = { svg: () => scene({ width: 760, height: 340, sky, ground, accent: '#fff8e1', seed }) };
    out[`court-vn/base/images/news-${i + 1}.jpg`] = { svg: () => scene({ width: 180, height: 110, sky, ground, accent: '#fff', seed: seed + 10 }) };
  });
  return out;
}

function courtVnCases(): Record<string, ImageSpec> {
  const c = 'court-vn';
  const bones = (w: number, h: number): string =>
    [0, 1]
      .map(
        (i) =>
          `<g transform="translate(${w / 2},${h * 0.3}) rotate(${i ? 35 : -35})"><rect x="-190" y="-9" width="380" height="18" rx="9" fill="#d1fae5"/><circle cx="-190" cy="-10" r="14" fill="#d1fae5"/><circle cx="-190" cy="10" r="14" fill="#d1fae5"/><circle cx="190" cy="-10" r="14" fill="#d1fae5"/><circle cx="190" cy="10" r="14" fill="#d1fae5"/></g>`,
      )
      .join('');
  const out: Record<string, ImageSpec> = {
    [`${c}/replace-image-only/hacked.png`]: {
      svg: () =>
        svg(
          1100,
          650,
          `<rect width="1100" height="650" fill="#052e16"/>${bones(1100, 650)}
           <text x="550" y="430" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" font-size="60" fill="#4ade80">YOUR SITE HAS BEEN HACKED</text>
           <text x="550" y="510" text-anchor="middle" font-family="DejaVu Sans Mono" font-size="36" fill="#ffffff">Mekong Shadow Crew</text>`,
        ),
    },
    [`${c}/flag-swap-featured/images/slide-1.jpg`]: { svg: () => prcFlagPhoto(760, 340, '#9db4c9'), quality: 75 },
    [`${c}/delayed-injection/res/cn.png`]: { svg: () => prcFlag(270, 180) },
    [`${c}/overlay-iframe/p/f.png`]: { svg: () => prcFlag(240, 160) },
    [`${c}/festive-tet/images/lantern.png`]: { svg: () => lantern(56) },
    [`${c}/neighbour-flags/images/vn.png`]: { svg: () => vietnamFlag(45) },
    [`${c}/neighbour-flags/images/th.png`]: { svg: () => thailandFlag(45) },
    [`${c}/neighbour-flags/images/id.png`]: { svg: () => indonesiaFlag(45) },
    [`${c}/neighbour-flags/images/ph.png`]: { svg: () => philippinesFlag(60) },
    [`${c}/neighbour-flags/images/my.png`]: { svg: () => malaysiaFlag(60) },
    [`${c}/neighbour-flags/images/sg.png`]: { svg: () => singaporeFlag(45) },
    [`${c}/neighbour-flags/images/jp.png`]: { svg: () => japanFlag(45) },
    [`${c}/warning-icon/images/warn.png`]: { svg: () => warningIcon(52) },
  };
  // Tuning cases of the photo kinds: a flag photo behind a tree as a CSS background, a Vietnam-China meeting photo.
  out[`${c}/flag-css-photo/images/bg.jpg`] = {
    bytes: () => flagPhoto({ width: 760, height: 260, seed: 331, flagShare: 0.5, poleAt: 0.18, occluder: 'tree', quality: 66 }),
  };
  out[`${c}/trap-summit-vn-cn/images/news-1.jpg`] = { bytes: () => summitPhoto({ width: 180, height: 110, flags: ['prc', 'vietnam'], seed: 332, quality: 74 }) };
  // A hidden slide's picture swapped for a landscape lettered with a dispute slogan, as a defacer paints one.
  out[`${c}/claim-picture-slide/images/slide-2.jpg`] = {
    svg: () =>
      scene({
        width: 760,
        height: 340,
        sky: ['#b71c1c', '#ffcdd2'],
        ground: '#3e2723',
        accent: '#ffeb3b',
        seed: 333,
        caption: 'Hoàng Sa là của Trung Quốc',
        captionFont: 'DejaVu Sans',
        captionColor: '#ffeb3b',
      }),
    quality: 70,
  };
  // Every lazy news thumbnail overwritten with a flag on a pole, the news items' words left as they were.
  for (const [i, name] of ['news-1', 'news-2', 'news-3'].entries()) {
    out[`${c}/flag-news-pictures/images/${name}.jpg`] = {
      bytes: () => flagPhoto({ width: 180, height: 110, seed: 351 + i, flagShare: 0.42 + 0.06 * i, poleAt: 0.25 + 0.1 * i, buildings: i !== 1, quality: 72 }),
    };
  }
  // The court's own flag behind a judge giving a talk: Vietnam's flag, partly hidden, in a news item.
  out[`${c}/trap-official-vn-flag/images/news-2.jpg`] = {
    bytes: () => flagPhoto({ width: 180, height: 110, flag: 'vietnam', seed: 354, flagShare: 0.75, poleAt: 0.1, occluder: 'person', quality: 74 }),
  };
  for (const name of ['slide-1', 'slide-2', 'slide-3', 'news-1', 'news-2', 'news-3']) {
    out[`${c}/images-reencoded/images/${name}.jpg`] = { reencode: `${c}/base/images/${name}.jpg`, quality: 42 };
  }
  return out;
}
