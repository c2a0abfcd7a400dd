import { indonesiaFlag, japanFlag, koreaFlag, malaysiaFlag, philippinesFlag, prcFlag, singaporeFlag, starPoints, svg, thailandFlag, vietnamFlag } from './draw.js';

/**
 * Flat flag artwork by name, for the photo pictures to bend and shade. Proportions follow each
 * country's own specification (2:3 for most, 1:2 for the Philippines and Malaysia).
 */

/** The ten ASEAN members, in the association's alphabetical order. */
export const ASEAN = ['brunei', 'cambodia', 'indonesia', 'laos', 'malaysia', 'myanmar', 'philippines', 'singapore', 'thailand', 'vietnam'] as const;

export type FlagName = (typeof ASEAN)[number] | 'prc' | 'japan' | 'korea';

/** Height over width of each flag. */
export function flagRatio(name: FlagName): number {
  return name === 'philippines' || name === 'malaysia' || name === 'brunei' ? 0.5 : 2 / 3;
}

/** The flag as SVG text, `width` pixels wide. */
export function flagSvg(name: FlagName, width: number): string {
  switch (name) {
    case 'prc':
      return prcFlag(width);
    case 'vietnam':
      return vietnamFlag(width);
    case 'japan':
      return japanFlag(width);
    case 'korea':
      return koreaFlag(width);
    case 'philippines':
      return philippinesFlag(width);
    case 'indonesia':
      return indonesiaFlag(width);
    case 'malaysia':
      return malaysiaFlag(width);
    case 'thailand':
      return thailandFlag(width);
    case 'singapore':
      return singaporeFlag(width);
    case 'brunei':
      return bruneiFlag(width);
    case 'cambodia':
      return cambodiaFlag(width);
    case 'laos':
      return laosFlag(width);
    case 'myanmar':
      return myanmarFlag(width);
  }
}

/** Laos: red, blue (double height), red; a white disc in the centre. */
export function laosFlag(width: number): string {
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="30" height="20" fill="#ce1126"/><rect y="5" width="30" height="10" fill="#002868"/><circle cx="15" cy="10" r="4" fill="#fff"/>`,
    '0 0 30 20',
  );
}

/** Myanmar: yellow, green, red bands and a large white star across them. */
export function myanmarFlag(width: number): string {
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="30" height="20" fill="#fecb00"/><rect y="6.67" width="30" height="6.67" fill="#34b233"/><rect y="13.33" width="30" height="6.67" fill="#ea2839"/>
     <polygon fill="#fff" points="${starPoints(15, 10.8, 7.2)}"/>`,
    '0 0 30 20',
  );
}

/** Cambodia: blue, red (double height), blue; Angkor Wat in white with its three visible towers. */
export function cambodiaFlag(width: number): string {
  const tower = (x: number, top: number, w: number): string =>
    `<polygon fill="#fff" stroke="#000" stroke-width="0.12" points="${x - w},14 ${x - w},${top + 3} ${x - w * 0.5},${top + 1.2} ${x},${top} ${x + w * 0.5},${top + 1.2} ${x + w},${top + 3} ${x + w},14"/>`;
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="30" height="20" fill="#032ea1"/><rect y="5" width="30" height="10" fill="#e00025"/>
     <rect x="8.2" y="12.2" width="13.6" height="2" fill="#fff" stroke="#000" stroke-width="0.12"/>
     ${tower(9.8, 9.4, 0.9)}${tower(20.2, 9.4, 0.9)}${tower(12.6, 8.2, 1.1)}${tower(17.4, 8.2, 1.1)}${tower(15, 6.4, 1.4)}
     <rect x="8.6" y="13.2" width="12.8" height="0.5" fill="#000" opacity="0.35"/>`,
    '0 0 30 20',
  );
}

/** Brunei: yellow, with white and black diagonal bands from the upper hoist and the red crest. */
export function bruneiFlag(width: number): string {
  return svg(
    width,
    Math.round(width / 2),
    `<rect width="40" height="20" fill="#f7e017"/>
     <polygon points="0,3 40,13.2 40,17 0,6.8" fill="#fff"/><polygon points="0,6.8 40,17 40,20.6 0,10.4" fill="#000"/>
     <g fill="#cf1126">
       <path d="M14.5 11.5 q5.5 5 11 0 q-1 3.2 -5.5 3.5 q-4.5 -0.3 -5.5 -3.5z"/>
       <rect x="19.4" y="5.5" width="1.2" height="8"/>
       <path d="M16.5 8.5 q3.5 -3 7 0 l-0.6 0.6 q-2.9 -2.2 -5.8 0z"/>
       <path d="M13 6.5 q1.5 2 0.5 5 l1 0 q1 -3 -0.5 -5z"/><path d="M27 6.5 q-1.5 2 -0.5 5 l-1 0 q-1 -3 0.5 -5z"/>
       <rect x="16" y="15.4" width="8" height="1"/>
     </g>`,
    '0 0 40 20',
  );
}
