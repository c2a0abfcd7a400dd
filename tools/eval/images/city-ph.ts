import {
  defacePoster,
  emblem,
  indonesiaFlag,
  lantern,
  malaysiaFlag,
  philippinesFlag,
  prcFlag,
  prcFlagBody,
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
import type { ImageSpec } from './spec.js';

/** Images of the city-ph site: its base, then what its cases bring. */
export function imagesOfCityPh(): Record<string, ImageSpec> {
  return { ...cityPh(), ...cityPhCases() };
}

const SANS = 'Liberation Sans';

function cityPh(): Record<string, ImageSpec> {
  const slide = (seed: number, sky: [string, string], ground: string, caption: string, water = false): ImageSpec => ({
    svg: () => scene({ width: 780, height: 320, sky, ground, accent: '#fff4c2', seed, caption, captionFont: SANS, water }),
  });
  const news = (seed: number, sky: [string, string], ground: string): ImageSpec => ({
    svg: () => scene({ width: 360, height: 200, sky, ground, accent: '#fff', seed }),
  });
  return {
    // A round city seal: blue ring, white disc, a gold sun over green hills and water.
    'city-ph/base/img/seal.png': {
      svg: () =>
        emblem(
          84,
          '#0038a8',
          '#ffffff',
          `<circle cx="42" cy="36" r="11" fill="#fcd116"/>${Array.from({ length: 8 }, (_, i) => `<rect x="41" y="16" width="2" height="7" fill="#fcd116" transform="rotate(${i * 45} 42 36)"/>`).join('')}
           <path d="M16 56 Q30 40 42 52 Q54 40 68 56Z" fill="#0b7a3b"/><rect x="16" y="56" width="52" height="6" fill="#0369a1"/>`,
        ),
    },
    'city-ph/base/img/transparency.png': {
      svg: () =>
        emblem(
          90,
          '#b8860b',
          '#fffbeb',
          `<polygon points="${starPoints(45, 40, 20)}" fill="#0038a8"/><text x="45" y="74" text-anchor="middle" font-family="${SANS}" font-weight="700" font-size="9" fill="#7c2d12">TRANSPARENCY</text>`,
        ),
    },
    'city-ph/base/img/slide-1.jpg': slide(71, ['#f59e0b', '#fde68a'], '#7c2d12', 'Pista ng Dalisay 2026'),
    'city-ph/base/img/slide-2.jpg': slide(72, ['#60a5fa', '#e0f2fe'], '#1e3a8a', 'Bagong Dalisay City Hospital'),
    'city-ph/base/img/slide-3.jpg': slide(73, ['#34d399', '#ecfdf5'], '#065f46', 'Libreng bakuna sa mga health center', true),
    'city-ph/base/img/news-1.jpg': news(74, ['#93c5fd', '#eff6ff'], '#1d4ed8'),
    'city-ph/base/img/news-2.jpg': news(75, ['#fca5a5', '#fff1f2'], '#9f1239'),
    'city-ph/base/img/news-3.jpg': news(76, ['#c4b5fd', '#f5f3ff'], '#5b21b6'),
    'city-ph/base/img/ad-permit.jpg': {
      svg: () =>
        textBanner(1180, 110, {
          bg: '#ecfdf5',
          fg: '#065f46',
          border: '#6ee7b7',
          line1: 'Mag-renew ng Business Permit online — walang pila, walang fixer',
          line2: 'Enero 1–20, 2027 · eBPLS ng Lungsod ng Dalisay',
          font: SANS,
        }),
    },
  };
}

/** Pictures the city-ph cases bring: defacements, then ordinary changes a check must leave alone. */
function cityPhCases(): Record<string, ImageSpec> {
  return { ...cityPhDefacements(), ...cityPhOrdinaryChanges() };
}

/** Pictures of the defaced cases: slogan and picture-only pages, swapped flags, an overlay, a claim on a slide. */
function cityPhDefacements(): Record<string, ImageSpec> {
  const c = 'city-ph';
  return {
    [`${c}/replace-black-slogan/cn.png`]: { svg: () => prcFlag(240) },
    [`${c}/replace-image-only/x.jpg`]: {
      svg: () =>
        defacePoster(1200, 700, {
          bg: '#0b0b0b',
          flag: 'none',
          glow: '#16a34a',
          lines: [
            { text: 'HACKED', size: 200, colour: '#22c55e', font: 'DejaVu Sans Mono' },
            { text: 'Ang website na ito ay na-hack', size: 54, colour: '#e5e7eb', font: SANS },
            { text: 'ng Bagwis Cyber Team', size: 40, colour: '#9ca3af', font: SANS },
          ],
        }),
      quality: 78,
    },
    [`${c}/flag-swap-carousel/img/slide-1.jpg`]: { svg: () => prcFlagPhoto(780, 320), quality: 80 },
    // A first screen of black with the PRC flag and a slogan, all in the picture: no page text.
    [`${c}/first-screen-replaced/img/w.jpg`]: {
      svg: () =>
        svg(
          1180,
          660,
          `<rect width="1180" height="660" fill="#050505"/><g transform="translate(70,170) scale(12)">${prcFlagBody()}</g>
           <text x="500" y="300" font-family="Noto Sans CJK SC" font-weight="700" font-size="76" fill="#facc15">黄岩岛是中国的</text>
           <text x="500" y="380" font-family="${SANS}" font-weight="700" font-size="34" fill="#f87171">WEST PHILIPPINE SEA? NO.</text>
           <text x="500" y="430" font-family="${SANS}" font-size="26" fill="#d4d4d4">South China Sea belongs to China — 1937CN</text>`,
        ),
      quality: 80,
    },
    [`${c}/overlay-fixed/p.png`]: {
      svg: () =>
        defacePoster(640, 420, {
          bg: '#111827',
          flag: 'top',
          lines: [{ text: 'Scarborough Shoal belongs to China', size: 30, colour: '#fde047', font: SANS }],
        }),
    },
    // A hidden slide's picture swapped for one lettered with the crew's claim.
    [`${c}/claim-picture-slide/img/slide-3.jpg`]: {
      svg: () =>
        scene({
          width: 780,
          height: 320,
          sky: ['#111827', '#4b5563'],
          ground: '#030712',
          accent: '#ef4444',
          seed: 334,
          caption: 'Na-hack ni Bagwis Cyber Team',
          captionFont: SANS,
          captionColor: '#f87171',
        }),
      quality: 74,
    },
  };
}

/** Pictures of the ordinary changes: an ad, lanterns, neighbours' flags, an icon, a campaign slide, re-encoded copies. */
function cityPhOrdinaryChanges(): Record<string, ImageSpec> {
  const c = 'city-ph';
  const out: Record<string, ImageSpec> = {
    [`${c}/ad-swapped/img/ad-permit.jpg`]: {
      svg: () =>
        textBanner(1180, 110, {
          bg: '#eff6ff',
          fg: '#1e3a8a',
          border: '#93c5fd',
          line1: 'Libreng Wi-Fi sa lahat ng plaza at pampublikong pamilihan ng lungsod',
          line2: 'Kumonekta sa "DalisayFreeWiFi" · 2 oras bawat araw',
          font: SANS,
        }),
    },
    [`${c}/festive-lunar/img/lantern.png`]: { svg: () => lantern(56) },
    [`${c}/neighbour-flags/img/ph.png`]: { svg: () => philippinesFlag(60) },
    [`${c}/neighbour-flags/img/vn.png`]: { svg: () => vietnamFlag(45) },
    [`${c}/neighbour-flags/img/id.png`]: { svg: () => indonesiaFlag(45) },
    [`${c}/neighbour-flags/img/my.png`]: { svg: () => malaysiaFlag(60) },
    [`${c}/neighbour-flags/img/sg.png`]: { svg: () => singaporeFlag(45) },
    [`${c}/neighbour-flags/img/th.png`]: { svg: () => thailandFlag(45) },
    [`${c}/warning-icon/img/signal.png`]: { svg: () => warningIcon(52) },
    // A new campaign slide, lettered like claim-picture-slide's but claiming nothing: the trap beside it.
    [`${c}/trap-campaign-slide/img/slide-4.jpg`]: {
      svg: () =>
        scene({
          width: 780,
          height: 320,
          sky: ['#dc2626', '#fee2e2'],
          ground: '#14532d',
          accent: '#fde047',
          seed: 335,
          caption: 'Ligtas na Paskong Dalisay 2026',
          captionFont: SANS,
        }),
    },
  };
  // After the base pictures they copy.
  for (const name of ['slide-1', 'slide-2', 'slide-3', 'news-1', 'news-2', 'news-3', 'ad-permit']) {
    out[`${c}/images-reencoded/img/${name}.jpg`] = { reencode: `${c}/base/img/${name}.jpg`, quality: 50 };
  }
  return out;
}
