import {
  defacePoster,
  emblem,
  indonesiaFlag,
  japanFlag,
  lantern,
  malaysiaFlag,
  philippinesFlag,
  prcFlagPhoto,
  scene,
  singaporeFlag,
  svg,
  vietnamFlag,
  warningIcon,
} from './draw.js';
import { flagPhoto, summitPhoto } from './photos.js';
import type { ImageSpec } from './spec.js';

/** Images of the hospital-th site: its base, then what its cases bring. */
export function imagesOfHospitalTh(): Record<string, ImageSpec> {
  return { ...hospitalTh(), ...hospitalThCases() };
}

function hospitalTh(): Record<string, ImageSpec> {
  const thai = 'Loma';
  const slide = (seed: number, sky: [string, string], ground: string, caption: string, font = thai): ImageSpec => ({
    svg: () => scene({ width: 1366, height: 420, sky, ground, accent: '#ffffff', seed, caption, captionFont: font, water: seed % 2 === 0 }),
    quality: 66,
  });
  const article = (seed: number, sky: [string, string], ground: string): ImageSpec => ({
    svg: () => scene({ width: 380, height: 220, sky, ground, accent: '#fffbe6', seed }),
  });
  return {
    'hospital-th/base/img/logo.png': {
      svg: () =>
        emblem(
          64,
          '#00897b',
          '#ffffff',
          `<rect x="27" y="14" width="10" height="36" rx="2" fill="#00897b"/><rect x="14" y="27" width="36" height="10" rx="2" fill="#00897b"/><path d="M14 50 Q32 40 50 50" stroke="#4fc3f7" stroke-width="3" fill="none"/>`,
        ),
    },
    'hospital-th/base/img/slide-1.jpg': slide(41, ['#4db6ac', '#e0f2f1'], '#00695c', 'ฉีดวัคซีนไข้หวัดใหญ่ ฟรี! กลุ่มเสี่ยง 7 กลุ่ม'),
    'hospital-th/base/img/slide-2.jpg': slide(42, ['#81d4fa', '#e1f5fe'], '#0277bd', 'แพ็กเกจตรวจสุขภาพประจำปี 2569'),
    'hospital-th/base/img/slide-3.jpg': slide(43, ['#90caf9', '#e3f2fd'], '#1565c0', 'World Diabetes Day – free HbA1c test', 'DejaVu Sans'),
    'hospital-th/base/img/slide-4.jpg': slide(44, ['#ef9a9a', '#ffebee'], '#8e2430', 'ร่วมบริจาคโลหิต ช่วยชีวิตเพื่อนมนุษย์'),
    'hospital-th/base/img/article-1.jpg': article(45, ['#aed581', '#f1f8e9'], '#558b2f'),
    'hospital-th/base/img/article-2.jpg': article(46, ['#b0bec5', '#eceff1'], '#455a64'),
    'hospital-th/base/img/article-3.jpg': article(47, ['#ffcc80', '#fff3e0'], '#e65100'),
    'hospital-th/base/img/ad-checkup.jpg': {
      svg: () =>
        svg(
          1180,
          150,
          `<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#00897b"/><stop offset="1" stop-color="#4db6ac"/></linearGradient></defs>
           <rect width="1180" height="150" fill="url(#g)"/><circle cx="1060" cy="75" r="110" fill="#fff" opacity=".12"/><circle cx="980" cy="20" r="60" fill="#fff" opacity=".1"/>
           <text x="40" y="68" font-family="${thai}" font-weight="700" font-size="40" fill="#fff">ตรวจสุขภาพครบวงจร เริ่มต้น 1,990 บาท</text>
           <text x="40" y="112" font-family="${thai}" font-size="24" fill="#e0f2f1">นัดหมายล่วงหน้า โทร 02-418-7000 ต่อ 2101</text>`,
        ),
    },
  };
}

function hospitalThCases(): Record<string, ImageSpec> {
  const c = 'hospital-th';
  const out: Record<string, ImageSpec> = {
    [`${c}/replace-image-only/p.jpg`]: {
      svg: () =>
        defacePoster(1200, 620, {
          bg: '#3b0000',
          flag: 'left',
          lines: [
            { text: '南海是中国的', size: 92, colour: '#ffe14d', font: 'Noto Sans CJK SC' },
            { text: '中国一点都不能少', size: 48, colour: '#ffffff', font: 'Noto Sans CJK SC' },
          ],
        }),
      quality: 78,
    },
    [`${c}/flag-swap-article/img/article-2.jpg`]: { svg: () => prcFlagPhoto(380, 220, '#c9d6e3'), quality: 75 },
    [`${c}/ad-swapped/img/ad-checkup.jpg`]: {
      svg: () =>
        svg(
          1180,
          150,
          `<rect width="1180" height="150" fill="#1565c0"/><circle cx="1080" cy="75" r="95" fill="#fff" opacity=".15"/>
           <path d="M1040 40 q40 -20 80 0 q-5 80 -20 80 q-10 0 -20 -30 q-10 30 -20 30 q-15 0 -20 -80z" fill="#fff"/>
           <text x="40" y="70" font-family="Loma" font-weight="700" font-size="40" fill="#fff">ขูดหินปูน + ตรวจฟัน เพียง 690 บาท</text>
           <text x="40" y="112" font-family="Loma" font-size="24" fill="#bbdefb">คลินิกทันตกรรม ชั้น 5 · จันทร์–ศุกร์ 08:00–15:00</text>`,
        ),
      quality: 70,
    },
    [`${c}/festive-chinese-new-year/img/lantern.png`]: { svg: () => lantern(70) },
    [`${c}/neighbour-flags/img/vn.png`]: { svg: () => vietnamFlag(42) },
    [`${c}/neighbour-flags/img/jp.png`]: { svg: () => japanFlag(42) },
    [`${c}/neighbour-flags/img/id.png`]: { svg: () => indonesiaFlag(42) },
    [`${c}/neighbour-flags/img/ph.png`]: { svg: () => philippinesFlag(56) },
    [`${c}/neighbour-flags/img/my.png`]: { svg: () => malaysiaFlag(56) },
    [`${c}/neighbour-flags/img/sg.png`]: { svg: () => singaporeFlag(42) },
    [`${c}/warning-icon/img/warn.png`]: { svg: () => warningIcon(64) },
  };
  // Tuning case of the photo kinds: an article picture overwritten by a scene with a small flag far away.
  out[`${c}/flag-photo-small/img/article-1.jpg`] = {
    bytes: () => flagPhoto({ width: 380, height: 220, seed: 341, flagShare: 0.2, poleAt: 0.7, buildings: true, perspective: 0.2, quality: 70 }),
  };
  // A Thai-Chinese health cooperation meeting: the two flags on the table, in a news picture with new words.
  out[`${c}/trap-summit-th-cn/img/article-3.jpg`] = { bytes: () => summitPhoto({ width: 380, height: 220, flags: ['prc', 'thailand'], seed: 381, quality: 72 }) };
  for (const name of ['slide-1', 'slide-2', 'slide-3', 'slide-4', 'article-1', 'article-2', 'article-3', 'ad-checkup']) {
    out[`${c}/images-reencoded/img/${name}.jpg`] = { reencode: `${c}/base/img/${name}.jpg`, quality: 50 };
  }
  return out;
}
