import { defacePoster, emblem, scene, starPoints, textBanner } from './draw.js';
import { aseanFlagsPhoto, crowdPhoto, flagGif, flagPhoto, flagPhotoPixels, summitPhoto, sunsetPhoto, wavingFlagPhoto } from './photos.js';
import { toJpeg } from './pixels.js';
import type { ImageSpec } from './spec.js';

/** Images of the ministry-vn site (held-out): its base, then what its cases bring. */
export function imagesOfMinistryVn(): Record<string, ImageSpec> {
  return { ...base(), ...cases() };
}

const B = 'ministry-vn/base/img';
const FONT = 'DejaVu Sans';

function base(): Record<string, ImageSpec> {
  const out: Record<string, ImageSpec> = {
    // The national emblem as ministries show it: red disc, gold star, rice ears and a cogwheel.
    [`${B}/emblem.png`]: {
      svg: () =>
        emblem(
          92,
          '#e0b422',
          '#d2232a',
          `<polygon points="${starPoints(46, 38, 19)}" fill="#ffd400"/>
           <circle cx="46" cy="72" r="9" fill="none" stroke="#ffd400" stroke-width="4" stroke-dasharray="3 2"/>
           <path d="M16 60 Q12 36 28 18" stroke="#ffd400" stroke-width="5" fill="none"/><path d="M76 60 Q80 36 64 18" stroke="#ffd400" stroke-width="5" fill="none"/>`,
        ),
    },
    [`${B}/slide-1.jpg`]: { svg: () => scene({ width: 780, height: 330, sky: ['#6fb1e3', '#e6f4ea'], ground: '#2f7d3b', accent: '#fff8d6', seed: 71 }), quality: 70 },
    [`${B}/slide-2.jpg`]: { bytes: () => crowdPhoto({ width: 780, height: 330, seed: 72, quality: 66 }) },
    [`${B}/slide-3.jpg`]: {
      svg: () => scene({ width: 780, height: 330, sky: ['#8fb8d8', '#f1f5f8'], ground: '#4d6b3c', accent: '#ffffff', seed: 73, water: true }),
      quality: 70,
    },
    [`${B}/slide-4.jpg`]: { svg: () => scene({ width: 780, height: 330, sky: ['#a9c7e0', '#f7f3e3'], ground: '#8a9a3b', accent: '#fff3c4', seed: 74 }), quality: 70 },
    [`${B}/news-1.jpg`]: { svg: () => scene({ width: 300, height: 190, sky: ['#9ab3c7', '#eef2f5'], ground: '#5b6b60', accent: '#fff', seed: 75 }) },
    [`${B}/ad-1.png`]: { svg: () => textBanner(300, 100, { bg: '#0d5c3a', fg: '#ffffff', line1: 'Dịch vụ công', line2: 'Nộp hồ sơ trực tuyến', font: FONT }) },
    [`${B}/ad-2.png`]: {
      svg: () => textBanner(300, 100, { bg: '#e8f4fb', fg: '#0b4f8a', border: '#9cc3de', line1: 'Đường dây nóng', line2: 'Môi trường 1800 1098', font: FONT }),
    },
    [`${B}/ad-3.png`]: {
      svg: () => textBanner(300, 100, { bg: '#fff7e0', fg: '#8a5a00', border: '#e8c777', line1: 'Dữ liệu đất đai', line2: 'Tra cứu thửa đất', font: FONT }),
    },
  };
  const thumbs: [string, string][] = [
    ['#b7cbd9', '#4b6c80'],
    ['#7d9bb5', '#3c4e5c'],
    ['#c5d9e8', '#5e8a5b'],
    ['#d9c8a6', '#7b6a3a'],
  ];
  thumbs.forEach(([sky, ground], i) => {
    out[`${B}/news-${i + 2}.jpg`] = { svg: () => scene({ width: 150, height: 95, sky: [sky, '#f4f4f0'], ground, accent: '#fff', seed: 80 + i }) };
  });
  const links = ['Cổng Dịch vụ công quốc gia', 'CSDL quốc gia về đất đai', 'Dự báo khí tượng thủy văn', 'Cổng thông tin biển Việt Nam'];
  links.forEach((line1, i) => {
    out[`${B}/link-${i + 1}.png`] = { svg: () => textBanner(280, 70, { bg: i % 2 ? '#f1f7f3' : '#eef4fa', fg: '#0d5c3a', border: '#c9d8cf', line1, font: FONT }) };
  });
  return out;
}

function cases(): Record<string, ImageSpec> {
  const c = 'ministry-vn';
  const out: Record<string, ImageSpec> = {
    // Flags as photographs, where a visitor looks first.
    [`${c}/flag-hero-waving/img/slide-3.jpg`]: { bytes: () => wavingFlagPhoto({ width: 780, height: 330, seed: 301 }) },
    [`${c}/flag-hero-angle/img/slide-3.jpg`]: {
      bytes: () => flagPhoto({ width: 780, height: 330, seed: 302, perspective: 0.45, buildings: true, poleAt: 0.3, flagShare: 0.5 }),
    },
    [`${c}/flag-slide-pole/img/slide-1.jpg`]: { bytes: () => flagPhoto({ width: 780, height: 330, seed: 303, buildings: true, poleAt: 0.45, flagShare: 0.4 }) },
    [`${c}/flag-partly-hidden/img/slide-3.jpg`]: { bytes: () => flagPhoto({ width: 780, height: 330, seed: 304, occluder: 'tree', poleAt: 0.15, flagShare: 0.55 }) },
    [`${c}/flag-picture-srcset/img/hero-780.jpg`]: { bytes: () => flagPhoto({ width: 780, height: 330, seed: 305, occluder: 'person', poleAt: 0.25, flagShare: 0.5 }) },
    [`${c}/flag-css-hero/img/bg.jpg`]: { bytes: () => wavingFlagPhoto({ width: 780, height: 330, seed: 306, perspective: 0.2 }) },
    [`${c}/flag-gif-header/img/cn.gif`]: { bytes: () => flagGif({ width: 110, height: 80, background: [238, 246, 241] }) },
    [`${c}/flag-logo-small/img/logo.jpg`]: {
      bytes: async () => toJpeg(await flagPhotoPixels({ width: 92, height: 92, seed: 307, flagShare: 0.72, poleAt: 0.14 }), 78, 0),
    },
    [`${c}/flag-photo-lazy/img/news-1.jpg`]: { bytes: () => flagPhoto({ width: 300, height: 190, seed: 308, flagShare: 0.6, poleAt: 0.18 }) },
    // Self-referencing claims drawn into pictures (read only by OCR).
    [`${c}/claim-in-picture/img/news-1.jpg`]: {
      svg: () =>
        defacePoster(300, 190, {
          bg: '#0a0a0a',
          glow: '#00ff66',
          lines: [
            { text: 'HACKED BY', size: 30, colour: '#00ff66', font: 'DejaVu Sans Mono' },
            { text: 'HẮC LONG TEAM', size: 30, colour: '#ffffff', font: FONT },
            { text: 'security = 0%', size: 16, colour: '#9ca3af', font: 'DejaVu Sans Mono' },
          ],
        }),
      quality: 75,
    },
    [`${c}/claim-carousel/img/slide-3.jpg`]: {
      svg: () =>
        defacePoster(780, 330, {
          bg: '#1a0505',
          lines: [
            { text: 'Website đã bị xâm nhập', size: 46, colour: '#ff3b30', font: FONT },
            { text: 'bởi Hắc Long Team', size: 40, colour: '#ffd60a', font: FONT },
            { text: 'Chúng tôi sẽ quay lại.', size: 24, colour: '#e5e5e5', font: FONT },
          ],
        }),
      quality: 72,
    },
    // Traps: flags and colours that belong to ordinary news.
    [`${c}/trap-summit-photo/img/talks.jpg`]: { bytes: () => summitPhoto({ width: 300, height: 190, flags: ['prc', 'vietnam'], seed: 311 }) },
    [`${c}/trap-asean-row/img/asean.jpg`]: { bytes: () => aseanFlagsPhoto({ width: 560, height: 210, seed: 312 }) },
    [`${c}/trap-own-flag/img/vn-flag.jpg`]: { bytes: () => flagPhoto({ width: 360, height: 160, flag: 'vietnam', seed: 313, flagShare: 0.5, poleAt: 0.3 }) },
    [`${c}/trap-campaign-slide/img/slide-3.jpg`]: { bytes: () => sunsetPhoto({ width: 780, height: 330, seed: 314 }) },
    [`${c}/trap-news-crowd/img/cleanup.jpg`]: { bytes: () => crowdPhoto({ width: 300, height: 190, seed: 315 }) },
  };
  for (const i of [2, 3, 4, 5]) {
    out[`${c}/flag-photo-lazy/img/news-${i}.jpg`] = { bytes: () => flagPhoto({ width: 150, height: 95, seed: 308 + i, flagShare: 0.6, poleAt: 0.2, pole: i % 2 === 0 }) };
  }
  for (const i of [1, 2, 3, 4]) {
    out[`${c}/dyn-hero-reencoded/img/slide-${i}.jpg`] = { reencode: `${B}/slide-${i}.jpg`, quality: 48 };
  }
  return out;
}
