import {
  defacePoster,
  indonesiaFlag,
  japanFlag,
  lantern,
  lineChart,
  malaysiaFlag,
  philippinesFlag,
  prcFlag,
  scene,
  singaporeFlag,
  starPoints,
  svg,
  thailandFlag,
  vietnamFlag,
  warningIcon,
} from './draw.js';
import { flagPhoto } from './photos.js';
import type { ImageSpec } from './spec.js';

/** Images of the central-bank-id site: its base, then what its cases bring. */
export function imagesOfCentralBankId(): Record<string, ImageSpec> {
  return { ...centralBankId(), ...centralBankIdCases() };
}

function centralBankId(): Record<string, ImageSpec> {
  const logo = (w: number, h: number, fg: string, sub: string): string =>
    svg(
      w,
      h,
      `<circle cx="${h / 2}" cy="${h / 2}" r="${h / 2 - 2}" fill="none" stroke="#c79a2b" stroke-width="3"/>
       <polygon points="${starPoints(h / 2, h / 2, h * 0.3)}" fill="#c79a2b"/>
       <text x="${h + 8}" y="${h * 0.5}" font-family="Liberation Serif" font-weight="700" font-size="${h * 0.3}" fill="${fg}">BANK SENTRAL</text>
       <text x="${h + 8}" y="${h * 0.86}" font-family="Liberation Serif" font-size="${h * 0.28}" fill="${sub}" letter-spacing="3">NUSANTARA</text>`,
    );
  const hero = (seed: number, sky: [string, string], ground: string, accent: string, water: boolean): ImageSpec => ({
    svg: () => scene({ width: 1366, height: 360, sky, ground, accent, seed, water }),
    quality: 68,
  });
  return {
    'central-bank-id/base/img/logo.png': { svg: () => logo(210, 54, '#0a2c5a', '#c79a2b') },
    'central-bank-id/base/img/logo-white.png': { svg: () => logo(170, 44, '#ffffff', '#e5c77a') },
    'central-bank-id/base/img/hero-1.jpg': hero(31, ['#0a2c5a', '#3b6ea5'], '#102640', '#f3d27a', true),
    'central-bank-id/base/img/hero-2.jpg': hero(32, ['#5a3a0a', '#c79a2b'], '#3d2a10', '#fff3d0', false),
    'central-bank-id/base/img/hero-3.jpg': hero(33, ['#0d4d4d', '#3fa7a0'], '#0b3535', '#ffffff', true),
    'central-bank-id/base/img/promo.jpg': {
      svg: () =>
        svg(
          360,
          200,
          `<rect width="360" height="200" fill="#f7f1e1"/><rect x="14" y="14" width="120" height="172" rx="8" fill="#c79a2b"/>
           <rect x="30" y="40" width="88" height="46" rx="4" fill="#fff" opacity=".8"/><circle cx="74" cy="130" r="28" fill="#fff" opacity=".6"/>
           <text x="150" y="70" font-family="Liberation Sans" font-weight="700" font-size="22" fill="#0a2c5a">Gerakan Nasional</text>
           <text x="150" y="100" font-family="Liberation Sans" font-weight="700" font-size="26" fill="#a8321e">Cinta Rupiah</text>
           <text x="150" y="135" font-family="Liberation Sans" font-size="14" fill="#333">Cinta, Bangga, Paham</text>`,
        ),
    },
    'central-bank-id/base/img/chart-inflation.png': {
      svg: () => lineChart(400, 220, { title: 'Inflasi IHK (yoy, %)', values: [2.8, 2.6, 2.9, 3.1, 2.7, 2.5, 2.2, 2.4, 2.3, 2.41], colour: '#c0392b' }),
    },
    'central-bank-id/base/img/chart-reserves.png': {
      svg: () =>
        lineChart(400, 220, { title: 'Cadangan Devisa (miliar USD)', values: [139, 140.2, 142.8, 141.1, 144.5, 146, 147.9, 149.3, 150.1, 151.2], colour: '#0b5cad' }),
    },
    'central-bank-id/base/img/chart-credit.png': {
      svg: () => lineChart(400, 220, { title: 'Pertumbuhan Kredit (yoy, %)', values: [9.1, 9.8, 10.2, 11, 10.6, 10.1, 9.7, 9.9, 10.4, 10.8], colour: '#138a36' }),
    },
  };
}

function centralBankIdCases(): Record<string, ImageSpec> {
  const c = 'central-bank-id';
  const out: Record<string, ImageSpec> = {
    [`${c}/replace-image-only/poster.png`]: {
      svg: () =>
        defacePoster(1024, 600, {
          bg: '#ffffff',
          flag: 'none',
          lines: [
            { text: 'HACKED', size: 190, colour: '#d10000', font: 'DejaVu Sans' },
            { text: 'Situs ini telah diretas', size: 46, colour: '#111111', font: 'Liberation Sans' },
          ],
        }),
    },
    [`${c}/flag-swap-promo/img/promo.jpg`]: { svg: () => prcFlag(360, 200), quality: 80 },
    [`${c}/delayed-injection/assets/f.png`]: { svg: () => prcFlag(300) },
    [`${c}/ad-swapped/img/promo.jpg`]: {
      svg: () =>
        svg(
          360,
          200,
          `<rect width="360" height="200" fill="#e0f2fe"/><rect x="24" y="30" width="110" height="140" rx="10" fill="#fff" stroke="#0369a1" stroke-width="3"/>
           ${[0, 1, 2, 3, 4, 5].map((i) => `<rect x="${40 + (i % 3) * 28}" y="${50 + Math.floor(i / 3) * 50}" width="22" height="22" fill="#0f172a"/>`).join('')}
           <text x="150" y="80" font-family="Liberation Sans" font-weight="700" font-size="34" fill="#0369a1">QRIS</text>
           <text x="150" y="112" font-family="Liberation Sans" font-size="17" fill="#0f172a">Satu kode untuk</text>
           <text x="150" y="134" font-family="Liberation Sans" font-size="17" fill="#0f172a">semua pembayaran</text>`,
        ),
    },
    [`${c}/festive-imlek/img/lantern.png`]: { svg: () => lantern(60) },
    [`${c}/neighbour-flags/img/id.png`]: { svg: () => indonesiaFlag(36) },
    [`${c}/neighbour-flags/img/my.png`]: { svg: () => malaysiaFlag(48) },
    [`${c}/neighbour-flags/img/sg.png`]: { svg: () => singaporeFlag(36) },
    [`${c}/neighbour-flags/img/th.png`]: { svg: () => thailandFlag(36) },
    [`${c}/neighbour-flags/img/ph.png`]: { svg: () => philippinesFlag(48) },
    [`${c}/neighbour-flags/img/vn.png`]: { svg: () => vietnamFlag(36) },
    [`${c}/neighbour-flags/img/jp.png`]: { svg: () => japanFlag(36) },
    [`${c}/warning-icon/img/alert.png`]: { svg: () => warningIcon(56) },
  };
  // The promotion picture overwritten by a flag photo whose fly is hidden behind a tree.
  out[`${c}/flag-photo-tree/img/promo.jpg`] = {
    bytes: () => flagPhoto({ width: 360, height: 200, seed: 371, flagShare: 0.62, poleAt: 0.12, occluder: 'tree', quality: 70 }),
  };
  // Tuning cases of the photo kinds: the visible hero overwritten by a flag photo, a re-saved hero.
  out[`${c}/flag-photo-hero/img/hero-1.jpg`] = {
    bytes: () => flagPhoto({ width: 1366, height: 360, seed: 311, flagShare: 0.3, poleAt: 0.6, buildings: true, quality: 64 }),
  };
  out[`${c}/dyn-hero-reencoded/img/hero-1.jpg`] = { reencode: `${c}/base/img/hero-1.jpg`, quality: 55 };
  for (const name of ['hero-1', 'hero-2', 'hero-3', 'promo']) {
    out[`${c}/images-reencoded/img/${name}.jpg`] = { reencode: `${c}/base/img/${name}.jpg`, quality: 45 };
  }
  // The promotion picture overwritten with a claim that names no site, signed by a crew on a line of its own.
  out[`${c}/claim-picture-crew/img/promo.jpg`] = {
    svg: () =>
      svg(
        360,
        200,
        `<rect width="360" height="200" fill="#0b0b0b"/>
         <text x="180" y="88" text-anchor="middle" font-family="Liberation Sans" font-weight="700" font-size="38" fill="#e11d1d">TELAH DIRETAS</text>
         <text x="180" y="146" text-anchor="middle" font-family="Liberation Sans" font-weight="700" font-size="22" fill="#f5f5f5">Garuda Cyber Team</text>`,
      ),
    quality: 78,
  };
  return out;
}
