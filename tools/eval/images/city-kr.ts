import {
  defacePoster,
  emblem,
  indonesiaFlag,
  japanFlag,
  koreaFlag,
  lantern,
  philippinesFlag,
  prcFlag,
  scene,
  svg,
  thailandFlag,
  vietnamFlag,
  warningIcon,
} from './draw.js';
import { wavingFlagPhoto } from './photos.js';
import type { ImageSpec } from './spec.js';

/** Images of the city-kr site: its base, then what its cases bring. */
export function imagesOfCityKr(): Record<string, ImageSpec> {
  return { ...cityKr(), ...cityKrCases() };
}

function cityKr(): Record<string, ImageSpec> {
  const kr = 'Noto Sans CJK KR';
  const popup = (seed: number, sky: [string, string], ground: string, caption: string, colour = '#ffffff'): ImageSpec => ({
    svg: () => scene({ width: 560, height: 300, sky, ground, accent: '#fff', seed, caption, captionFont: kr, captionColor: colour }),
  });
  const promo = (seed: number, sky: [string, string], ground: string): ImageSpec => ({
    svg: () => scene({ width: 200, height: 130, sky, ground, accent: '#fff', seed }),
  });
  return {
    'city-kr/base/img/symbol.png': {
      svg: () =>
        emblem(48, '#1e3a8a', '#ffffff', `<path d="M12 30 Q24 10 36 30" stroke="#f59e0b" stroke-width="4" fill="none"/><circle cx="24" cy="30" r="4" fill="#1e3a8a"/>`),
    },
    'city-kr/base/img/popup-1.jpg': popup(61, ['#1e1b4b', '#4338ca'], '#111827', '2026 한빛 겨울 빛축제'),
    'city-kr/base/img/popup-2.jpg': popup(62, ['#bfdbfe', '#eff6ff'], '#1e40af', '한파 대비 시민행동요령', '#1e3a8a'),
    'city-kr/base/img/popup-3.jpg': popup(63, ['#bbf7d0', '#f0fdf4'], '#166534', '2027 예산 시민 의견 수렴', '#14532d'),
    'city-kr/base/img/popup-4.jpg': popup(64, ['#fde68a', '#fffbeb'], '#92400e', '한빛페이 10% 특별할인', '#78350f'),
    'city-kr/base/img/promo-1.jpg': promo(65, ['#c7d2fe', '#eef2ff'], '#3730a3'),
    'city-kr/base/img/promo-2.jpg': promo(66, ['#a7f3d0', '#ecfdf5'], '#065f46'),
    'city-kr/base/img/promo-3.jpg': promo(67, ['#fbcfe8', '#fdf2f8'], '#9d174d'),
    'city-kr/base/img/ad-festival.jpg': {
      svg: () =>
        svg(
          1200,
          110,
          `<rect width="1200" height="110" fill="#fef3c7"/>${[80, 180, 1040, 1120].map((x, i) => `<circle cx="${x}" cy="${55 + (i % 2) * 10}" r="34" fill="#f59e0b" opacity=".75"/><circle cx="${x}" cy="${55 + (i % 2) * 10}" r="12" fill="#b45309"/>`).join('')}
           <text x="600" y="62" text-anchor="middle" font-family="${kr}" font-weight="700" font-size="38" fill="#92400e">제20회 한빛 국화 축제 · 한빛천 둔치</text>
           <text x="600" y="94" text-anchor="middle" font-family="${kr}" font-size="20" fill="#b45309">10. 24.(금) ~ 11. 30.(일)</text>`,
        ),
    },
  };
}

function cityKrCases(): Record<string, ImageSpec> {
  const c = 'city-kr';
  const out: Record<string, ImageSpec> = {
    [`${c}/replace-black-slogan/cn.png`]: { svg: () => prcFlag(300) },
    [`${c}/replace-image-only/h.jpg`]: {
      svg: () =>
        defacePoster(1280, 720, {
          bg: '#0a1a3f',
          flag: 'none',
          lines: [
            { text: '해킹됨', size: 220, colour: '#ffffff', font: 'Noto Sans CJK KR' },
            { text: 'HACKED BY CYBER CHOLLIMA', size: 54, colour: '#60a5fa', font: 'DejaVu Sans' },
          ],
        }),
      quality: 80,
    },
    [`${c}/flag-swap-popup/img/popup-1.jpg`]: { svg: () => prcFlag(560, 300), quality: 80 },
    [`${c}/overlay-fixed/o.png`]: {
      svg: () =>
        defacePoster(720, 400, {
          bg: '#000000',
          flag: 'none',
          glow: '#ef4444',
          lines: [
            { text: '보안이 허술하네요', size: 64, colour: '#fca5a5', font: 'Noto Sans CJK KR' },
            { text: 'Defaced by Lazarus Kids', size: 40, colour: '#f5f5f5', font: 'DejaVu Sans' },
          ],
        }),
    },
    [`${c}/ad-swapped/img/ad-festival.jpg`]: {
      svg: () =>
        svg(
          1200,
          110,
          `<rect width="1200" height="110" fill="#1e1b4b"/>${Array.from({ length: 40 }, (_, i) => `<circle cx="${(i * 97) % 1200}" cy="${(i * 53) % 110}" r="${1 + (i % 3)}" fill="#fde68a"/>`).join('')}
           <text x="600" y="64" text-anchor="middle" font-family="Noto Sans CJK KR" font-weight="700" font-size="38" fill="#ffffff">2026 한빛 겨울 빛축제 · 시청광장</text>
           <text x="600" y="96" text-anchor="middle" font-family="Noto Sans CJK KR" font-size="20" fill="#c7d2fe">12. 5.(토) ~ 2027. 1. 31.(일) 17:30~23:00</text>`,
        ),
    },
    [`${c}/festive-seollal/img/lantern.png`]: { svg: () => lantern(64) },
    [`${c}/neighbour-flags/img/kr.png`]: { svg: () => koreaFlag(48) },
    [`${c}/neighbour-flags/img/jp.png`]: { svg: () => japanFlag(48) },
    [`${c}/neighbour-flags/img/vn.png`]: { svg: () => vietnamFlag(48) },
    [`${c}/neighbour-flags/img/id.png`]: { svg: () => indonesiaFlag(48) },
    [`${c}/neighbour-flags/img/ph.png`]: { svg: () => philippinesFlag(64) },
    [`${c}/neighbour-flags/img/th.png`]: { svg: () => thailandFlag(48) },
    [`${c}/warning-icon/img/warn.png`]: { svg: () => warningIcon(44) },
  };
  // Tuning cases of the photo kinds: a pop-up slide overwritten by a waving flag half hidden by a person, a re-saved pop-up.
  out[`${c}/flag-photo-popup/img/popup-2.jpg`] = { bytes: () => wavingFlagPhoto({ width: 560, height: 300, seed: 321, occluder: 'person', quality: 70 }) };
  out[`${c}/dyn-popup-reencoded/img/popup-1.jpg`] = { reencode: `${c}/base/img/popup-1.jpg`, quality: 60 };
  for (const name of ['popup-1', 'popup-2', 'popup-3', 'popup-4', 'promo-1', 'promo-2', 'promo-3', 'ad-festival']) {
    out[`${c}/images-reencoded/img/${name}.jpg`] = { reencode: `${c}/base/img/${name}.jpg`, quality: 48 };
  }
  return out;
}
