import { emblem, scene, starPoints, svg, textBanner } from './draw.js';
import { aseanFlagsPhoto, flagGif, flagPhoto, summitPhoto, wavingFlagPhoto } from './photos.js';
import type { ImageSpec } from './spec.js';

/** Images of the hospital-ph site (held-out split): its base, then what its cases bring. */
export function imagesOfHospitalPh(): Record<string, ImageSpec> {
  return { ...hospitalPh(), ...hospitalPhCases() };
}

const SANS = 'Liberation Sans';
const base = 'hospital-ph/base/img';

function hospitalPh(): Record<string, ImageSpec> {
  const slide = (seed: number, sky: [string, string], ground: string, water = false): ImageSpec => ({
    svg: () => scene({ width: 1180, height: 380, sky, ground, accent: '#fffbe6', seed, water }),
    quality: 64,
  });
  const news = (seed: number, sky: [string, string], ground: string): ImageSpec => ({
    svg: () => scene({ width: 360, height: 200, sky, ground, accent: '#ffffff', seed }),
  });
  const ad = (bg: string, fg: string, border: string, line1: string, line2: string): ImageSpec => ({
    svg: () => textBanner(1180, 110, { bg, fg, border, line1, line2, font: SANS }),
    quality: 70,
  });
  return {
    // A green ring with the province's name band, a white disc, a red cross over a golden sun.
    [`${base}/logo.png`]: {
      svg: () =>
        emblem(
          78,
          '#15803d',
          '#ffffff',
          `${Array.from({ length: 8 }, (_, i) => `<rect x="38" y="12" width="2" height="8" fill="#eab308" transform="rotate(${i * 45} 39 39)"/>`).join('')}
           <circle cx="39" cy="39" r="13" fill="#facc15"/><rect x="35" y="27" width="8" height="24" rx="1" fill="#dc2626"/><rect x="27" y="35" width="24" height="8" rx="1" fill="#dc2626"/>`,
        ),
    },
    [`${base}/seal.png`]: {
      svg: () =>
        emblem(
          80,
          '#a16207',
          '#fefce8',
          `<polygon points="${starPoints(40, 36, 18)}" fill="#1d4ed8"/><text x="40" y="66" text-anchor="middle" font-family="${SANS}" font-weight="700" font-size="8" fill="#713f12">TRANSPARENCY</text>`,
        ),
    },
    [`${base}/slide-1.jpg`]: slide(201, ['#38bdf8', '#e0f2fe'], '#166534'),
    [`${base}/slide-2.jpg`]: slide(202, ['#a5b4fc', '#eef2ff'], '#3730a3', true),
    [`${base}/slide-3.jpg`]: slide(203, ['#fcd34d', '#fffbeb'], '#92400e'),
    [`${base}/slide-4.jpg`]: slide(204, ['#fca5a5', '#fef2f2'], '#991b1b', true),
    [`${base}/news-1.jpg`]: news(205, ['#67e8f9', '#ecfeff'], '#0e7490'),
    [`${base}/news-2.jpg`]: news(206, ['#bef264', '#f7fee7'], '#3f6212'),
    [`${base}/news-3.jpg`]: news(207, ['#fdba74', '#fff7ed'], '#9a3412'),
    [`${base}/ad-1.jpg`]: ad(
      '#fefce8',
      '#713f12',
      '#fde047',
      'Diabetes Club: libreng konsulta at blood sugar test',
      'Tuwing unang Sabado ng buwan · 7:00–11:00 AM · OPD Building, 2nd floor',
    ),
    [`${base}/ad-2.jpg`]: ad(
      '#eff6ff',
      '#1e3a8a',
      '#93c5fd',
      'Magparehistro sa PhilHealth Konsulta dito sa ospital',
      'Libreng check-up, laboratoryo at gamot para sa mga miyembro at dependent',
    ),
    [`${base}/ad-3.jpg`]: ad(
      '#f0fdf4',
      '#14532d',
      '#86efac',
      'Telemedicine: kumonsulta sa doktor mula sa bahay',
      'Tumawag o mag-text sa 0917 555 0142 · Lunes–Biyernes, 8:00 AM–5:00 PM',
    ),
  };
}

function hospitalPhCases(): Record<string, ImageSpec> {
  const c = 'hospital-ph';
  const out: Record<string, ImageSpec> = {
    // A news photo whose picture was overwritten by one with the claim painted in, meme-style.
    [`${c}/claim-in-picture/img/news-1.jpg`]: {
      svg: () =>
        svg(
          360,
          200,
          `<rect width="360" height="200" fill="#0a0a0a"/><circle cx="300" cy="60" r="70" fill="#7f1d1d" opacity=".5"/>
           <text x="18" y="62" font-family="DejaVu Sans Mono" font-weight="700" font-size="34" fill="#22c55e">NA-HACK!</text>
           <text x="18" y="104" font-family="${SANS}" font-weight="700" font-size="19" fill="#f5f5f5">Ang website na ito ay na-hack</text>
           <text x="18" y="130" font-family="${SANS}" font-weight="700" font-size="19" fill="#f5f5f5">ng Lakan Cyber Army</text>
           <text x="18" y="172" font-family="${SANS}" font-size="13" fill="#a3a3a3">We are everywhere. Expect us.</text>`,
        ),
      quality: 74,
    },
    // The second hero slide overwritten by a banner with a simplified-Chinese takeover claim.
    [`${c}/claim-slide-picture/img/slide-2.jpg`]: {
      svg: () =>
        svg(
          1180,
          380,
          `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#450a0a"/><stop offset="1" stop-color="#111827"/></linearGradient></defs>
           <rect width="1180" height="380" fill="url(#g)"/>
           <text x="600" y="150" text-anchor="middle" font-family="Noto Sans CJK SC" font-weight="700" font-size="64" fill="#fde047">本站已被中华红客联盟占领</text>
           <text x="600" y="220" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="30" fill="#f3f4f6">菲律宾的网络安全不堪一击</text>
           <text x="600" y="280" text-anchor="middle" font-family="${SANS}" font-size="22" fill="#9ca3af">Hacked by Honker Union of China · 2026</text>`,
        ),
      quality: 70,
    },
    // A new campaign slide (dengue prevention) replacing the blood-drive picture.
    [`${c}/trap-campaign-slide/img/slide-4.jpg`]: {
      svg: () => scene({ width: 1180, height: 380, sky: ['#5eead4', '#f0fdfa'], ground: '#115e59', accent: '#fef9c3', seed: 211, water: true }),
      quality: 64,
    },
  };
  // Flags as photographs: the hero, a slide, a header ornament, a CSS background.
  out[`${c}/flag-hero-waving/img/cn.jpg`] = { bytes: () => wavingFlagPhoto({ width: 1180, height: 380, seed: 221, quality: 68 }) };
  out[`${c}/flag-carousel-slide/img/slide-1.jpg`] = {
    bytes: () => flagPhoto({ width: 1180, height: 380, seed: 222, flagShare: 0.34, poleAt: 0.56, buildings: true, quality: 66 }),
  };
  out[`${c}/flag-gif-header/img/flag.gif`] = { bytes: () => flagGif({ width: 84, height: 64, frames: 6, delayMs: 140 }) };
  out[`${c}/flag-css-background/img/bg.jpg`] = {
    bytes: () => flagPhoto({ width: 1180, height: 300, seed: 223, flagShare: 0.42, poleAt: 0.3, perspective: 0.25, quality: 66 }),
  };
  // Traps: a bilateral meeting with the PRC and Philippine flags, the ASEAN row, the country's own flag.
  out[`${c}/trap-summit-photo/img/summit.jpg`] = { bytes: () => summitPhoto({ width: 360, height: 200, flags: ['prc', 'philippines'], seed: 224 }) };
  out[`${c}/trap-asean-row/img/asean.jpg`] = { bytes: () => aseanFlagsPhoto({ width: 360, height: 200, seed: 225 }) };
  out[`${c}/trap-ph-flag/img/rizal.jpg`] = {
    bytes: () => flagPhoto({ width: 1180, height: 200, flag: 'philippines', seed: 226, flagShare: 0.22, poleAt: 0.08, buildings: true, quality: 66 }),
  };
  for (const name of ['slide-1', 'slide-2', 'slide-3', 'slide-4']) {
    out[`${c}/dyn-hero-reencoded/img/${name}.jpg`] = { reencode: `${base}/${name}.jpg`, quality: 50 };
  }
  return out;
}
