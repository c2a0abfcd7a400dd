/**
 * SVG drawings for the corpus images: flags, emblems, photo-like banners, charts, icons. Pure
 * functions returning SVG text; `make-images.ts` rasterises them with sharp.
 */

/** A five-pointed star centred at (cx, cy) with outer radius r, one point towards `angle` (radians, 0 = up). */
export function starPoints(cx: number, cy: number, r: number, angle = 0, inner = 0.382): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * inner;
    const a = angle + (i * Math.PI) / 5;
    pts.push(`${(cx + radius * Math.sin(a)).toFixed(3)},${(cy - radius * Math.cos(a)).toFixed(3)}`);
  }
  return pts.join(' ');
}

export function svg(width: number, height: number, body: string, viewBox = `0 0 ${width} ${height}`): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${viewBox}">${body}</svg>`;
}

/** PRC flag body on a 30×20 grid (GB 12982): a large star and four small ones turned to face it. */
export function prcFlagBody(): string {
  const big = `<polygon fill="#ffde00" points="${starPoints(5, 5, 3)}"/>`;
  const small = [
    [10, 2],
    [12, 4],
    [12, 7],
    [10, 9],
  ]
    .map(([x, y]) => {
      const angle = Math.atan2(5 - y!, 5 - x!) + Math.PI / 2;
      return `<polygon fill="#ffde00" points="${starPoints(x!, y!, 1, angle)}"/>`;
    })
    .join('');
  return `<rect width="30" height="20" fill="#de2910"/>${big}${small}`;
}

export function prcFlag(width: number, height = Math.round((width * 2) / 3)): string {
  return svg(width, height, prcFlagBody(), '0 0 30 20');
}

/** The PRC flag as a waving cloth photo: shaded folds, on a sky. */
export function prcFlagPhoto(width: number, height: number, sky = '#7fb2e5'): string {
  const fw = width * 0.62;
  const fh = fw * (2 / 3);
  const x = width * 0.2;
  const y = (height - fh) / 2;
  const folds = Array.from({ length: 5 }, (_, i) => {
    const fx = (i + 0.5) * (30 / 5);
    return `<rect x="${fx - 1.2}" y="0" width="2.4" height="20" fill="url(#fold)" opacity="0.55"/>`;
  }).join('');
  return svg(
    width,
    height,
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="#e7f0fa"/></linearGradient>
     <linearGradient id="fold" x1="0" x2="1"><stop offset="0" stop-color="#000" stop-opacity="0"/><stop offset="0.5" stop-color="#000" stop-opacity="0.35"/><stop offset="1" stop-color="#000" stop-opacity="0"/></linearGradient></defs>
     <rect width="${width}" height="${height}" fill="url(#sky)"/>
     <rect x="${x - 10}" y="${y - 20}" width="7" height="${height}" fill="#8a8f96"/>
     <g transform="translate(${x},${y}) scale(${fw / 30},${fh / 20}) skewY(4)">${prcFlagBody()}${folds}</g>`,
  );
}

/** Vietnam: red field, one large yellow star. */
export function vietnamFlag(width: number): string {
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="30" height="20" fill="#da251d"/><polygon fill="#ffcd00" points="${starPoints(15, 10.4, 6)}"/>`,
    '0 0 30 20',
  );
}

export function japanFlag(width: number): string {
  return svg(width, Math.round((width * 2) / 3), `<rect width="30" height="20" fill="#fff"/><circle cx="15" cy="10" r="6" fill="#bc002d"/>`, '0 0 30 20');
}

export function indonesiaFlag(width: number): string {
  return svg(width, Math.round((width * 2) / 3), `<rect width="30" height="20" fill="#fff"/><rect width="30" height="10" fill="#ce1126"/>`, '0 0 30 20');
}

export function thailandFlag(width: number): string {
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="30" height="20" fill="#a51931"/><rect y="3.33" width="30" height="13.33" fill="#f4f5f8"/><rect y="6.67" width="30" height="6.67" fill="#2d2a4a"/>`,
    '0 0 30 20',
  );
}

/** Korea: taegeuk and four trigrams (simplified geometry). */
export function koreaFlag(width: number): string {
  const bars = (x: number, y: number, rot: number, pattern: boolean[][]): string => {
    const rows = pattern
      .map((broken, i) =>
        broken.map((b, j) => (b ? '' : `<rect x="${-3 + j * 3.2}" y="${-2.2 + i * 1.6}" width="${broken.length === 1 ? 6 : 2.8}" height="1.1" fill="#000"/>`)).join(''),
      )
      .join('');
    return `<g transform="translate(${x},${y}) rotate(${rot})">${rows}</g>`;
  };
  const solid = [false];
  const split = [false, false];
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="36" height="24" fill="#fff"/>
     <circle cx="18" cy="12" r="6" fill="#0047a0"/>
     <path d="M12 12 a6 6 0 0 1 12 0 a3 3 0 0 1 -6 0 a3 3 0 0 0 -6 0z" fill="#cd2e3a" transform="rotate(33.7 18 12)"/>
     ${bars(7, 5.5, -56.3, [solid, solid, solid])}${bars(29, 18.5, -56.3, [split, split, split])}
     ${bars(29, 5.5, 56.3, [solid, split, solid])}${bars(7, 18.5, 56.3, [split, solid, split])}`,
    '0 0 36 24',
  );
}

export function philippinesFlag(width: number): string {
  const rays = Array.from({ length: 8 }, (_, i) => `<rect x="-0.35" y="-4.2" width="0.7" height="2" fill="#fcd116" transform="rotate(${i * 45})"/>`).join('');
  return svg(
    width,
    Math.round(width / 2),
    `<rect width="40" height="20" fill="#0038a8"/><rect y="10" width="40" height="10" fill="#ce1126"/>
     <polygon points="0,0 17.3,10 0,20" fill="#fff"/>
     <g transform="translate(6,10)"><circle r="2" fill="#fcd116"/>${rays}</g>
     <polygon fill="#fcd116" points="${starPoints(1.8, 2.4, 0.9)}"/><polygon fill="#fcd116" points="${starPoints(1.8, 17.6, 0.9)}"/><polygon fill="#fcd116" points="${starPoints(14.4, 10, 0.9)}"/>`,
    '0 0 40 20',
  );
}

export function malaysiaFlag(width: number): string {
  const stripes = Array.from({ length: 14 }, (_, i) => `<rect y="${i}" width="28" height="1" fill="${i % 2 === 0 ? '#cc0001' : '#fff'}"/>`).join('');
  return svg(
    width,
    Math.round(width / 2),
    `${stripes}<rect width="14" height="8" fill="#010066"/>
     <circle cx="5.3" cy="4" r="3" fill="#fc0"/><circle cx="6.1" cy="4" r="2.5" fill="#010066"/>
     <polygon fill="#fc0" points="${starPoints(10, 4, 2.2, 0, 0.45)}"/>`,
    '0 0 28 14',
  );
}

export function singaporeFlag(width: number): string {
  const stars = [0, 1, 2, 3, 4]
    .map((i) => {
      const a = (i * 2 * Math.PI) / 5;
      return `<polygon fill="#fff" points="${starPoints(8.6 + 2.3 * Math.sin(a), 5.6 - 2.3 * Math.cos(a), 0.75)}"/>`;
    })
    .join('');
  return svg(
    width,
    Math.round((width * 2) / 3),
    `<rect width="30" height="20" fill="#fff"/><rect width="30" height="10" fill="#ef3340"/>
     <circle cx="6.5" cy="5.5" r="3.6" fill="#fff"/><circle cx="7.8" cy="5.5" r="3.4" fill="#ef3340"/>${stars}`,
    '0 0 30 20',
  );
}

/** A photo-like banner: graded sky, sun, hills, a skyline, and a caption baked into the pixels. */
export interface SceneOptions {
  width: number;
  height: number;
  sky: [string, string];
  ground: string;
  accent: string;
  seed: number;
  caption?: string;
  captionFont?: string;
  captionColor?: string;
  water?: boolean;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function scene(o: SceneOptions): string {
  const rnd = random(o.seed);
  const { width: w, height: h } = o;
  const hill = (base: number, amp: number, colour: string, opacity: number): string => {
    let d = `M0 ${h} L0 ${base}`;
    for (let x = 0; x <= w; x += w / 8) d += ` Q${x + w / 16} ${base - amp * (0.5 + rnd())} ${x + w / 8} ${base - amp * rnd() * 0.5}`;
    return `<path d="${d} L${w} ${h}Z" fill="${colour}" opacity="${opacity}"/>`;
  };
  let buildings = '';
  for (let x = w * 0.45; x < w * 0.95; x += 14 + rnd() * 30) {
    const bh = h * (0.15 + rnd() * 0.35);
    const bw = 12 + rnd() * 26;
    buildings += `<rect x="${x.toFixed(1)}" y="${(h * 0.72 - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}" fill="#3a4a5c" opacity="${(0.55 + rnd() * 0.3).toFixed(2)}"/>`;
  }
  const water = o.water
    ? `<rect y="${h * 0.72}" width="${w}" height="${h * 0.28}" fill="#4f86b8"/>` +
      Array.from(
        { length: 14 },
        () =>
          `<rect x="${(rnd() * w).toFixed(0)}" y="${(h * 0.75 + rnd() * h * 0.22).toFixed(0)}" width="${(30 + rnd() * 80).toFixed(0)}" height="2" fill="#d6e8f7" opacity="0.6"/>`,
      ).join('')
    : '';
  const caption = o.caption
    ? `<text x="${w * 0.05}" y="${h * 0.38}" font-family="${o.captionFont ?? 'Noto Sans CJK JP'}" font-weight="700" font-size="${Math.round(h * 0.13)}" fill="${o.captionColor ?? '#fff'}" stroke="rgba(0,0,0,0.25)" stroke-width="1">${escapeXml(o.caption)}</text>`
    : '';
  return svg(
    w,
    h,
    `<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${o.sky[0]}"/><stop offset="1" stop-color="${o.sky[1]}"/></linearGradient></defs>
     <rect width="${w}" height="${h}" fill="url(#s)"/>
     <circle cx="${w * (0.7 + rnd() * 0.2)}" cy="${h * 0.25}" r="${h * 0.12}" fill="${o.accent}" opacity="0.85"/>
     ${hill(h * 0.62, h * 0.25, o.ground, 0.55)}${buildings}${hill(h * 0.75, h * 0.18, o.ground, 0.95)}${water}${caption}`,
  );
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round emblem: ring, inner disc and a simple mark. */
export function emblem(size: number, ring: string, disc: string, mark: string): string {
  const c = size / 2;
  return svg(size, size, `<circle cx="${c}" cy="${c}" r="${c - 1}" fill="${ring}"/><circle cx="${c}" cy="${c}" r="${c * 0.78}" fill="${disc}"/>${mark}`);
}

/** A text banner (link banners, ads): background, border, one or two lines. */
export function textBanner(
  width: number,
  height: number,
  o: { bg: string; fg: string; border?: string; line1: string; line2?: string; font?: string; icon?: string },
): string {
  const font = o.font ?? 'Noto Sans CJK JP';
  const size1 = Math.round(height * (o.line2 ? 0.3 : 0.4));
  const x = o.icon ? height : 10;
  return svg(
    width,
    height,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="${o.bg}" stroke="${o.border ?? o.bg}"/>${o.icon ?? ''}
     <text x="${x}" y="${o.line2 ? height * 0.45 : height * 0.62}" font-family="${font}" font-weight="700" font-size="${size1}" fill="${o.fg}">${escapeXml(o.line1)}</text>
     ${o.line2 ? `<text x="${x}" y="${height * 0.8}" font-family="${font}" font-size="${Math.round(height * 0.2)}" fill="${o.fg}">${escapeXml(o.line2)}</text>` : ''}`,
  );
}

/** A small line chart with axes and a title, like a statistics thumbnail. */
export function lineChart(width: number, height: number, o: { title: string; values: number[]; colour: string; font?: string }): string {
  const pad = 34;
  const max = Math.max(...o.values) * 1.1;
  const min = Math.min(0, ...o.values);
  const x = (i: number): number => pad + (i * (width - pad - 12)) / (o.values.length - 1);
  const y = (v: number): number => height - 22 - ((v - min) / (max - min)) * (height - 60);
  const d = o.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`).join(' ');
  const grid = [0.25, 0.5, 0.75, 1]
    .map((f) => `<line x1="${pad}" x2="${width - 12}" y1="${y(min + f * (max - min) * 0.9)}" y2="${y(min + f * (max - min) * 0.9)}" stroke="#e2e8f0"/>`)
    .join('');
  return svg(
    width,
    height,
    `<rect width="${width}" height="${height}" fill="#fff"/>${grid}
     <text x="12" y="22" font-family="${o.font ?? 'DejaVu Sans'}" font-size="14" font-weight="700" fill="#1a202c">${escapeXml(o.title)}</text>
     <line x1="${pad}" x2="${pad}" y1="34" y2="${height - 22}" stroke="#718096"/><line x1="${pad}" x2="${width - 12}" y1="${height - 22}" y2="${height - 22}" stroke="#718096"/>
     <path d="${d}" fill="none" stroke="${o.colour}" stroke-width="2.5"/>
     ${o.values.map((v, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${o.colour}"/>`).join('')}`,
  );
}

/** A red-and-yellow warning sign: a yellow triangle with a red border and an exclamation mark. */
export function warningIcon(size: number): string {
  return svg(
    size,
    size,
    `<polygon points="50,6 96,90 4,90" fill="#ffd200" stroke="#d0021b" stroke-width="8" stroke-linejoin="round"/>
     <rect x="45" y="34" width="10" height="32" rx="3" fill="#d0021b"/><circle cx="50" cy="77" r="6" fill="#d0021b"/>`,
    '0 0 100 100',
  );
}

/** A red paper lantern with gold bands and tassel. */
export function lantern(width: number): string {
  const h = Math.round(width * 1.5);
  return svg(
    width,
    h,
    `<line x1="50" y1="0" x2="50" y2="14" stroke="#b8860b" stroke-width="3"/>
     <rect x="30" y="12" width="40" height="10" rx="2" fill="#d4a017"/>
     <ellipse cx="50" cy="70" rx="46" ry="50" fill="#d7141a"/>
     ${[28, 40, 50, 60, 72].map((x) => `<path d="M${x} 22 Q${50 + (x - 50) * 2.1} 70 ${x} 118" stroke="#a50f13" stroke-width="2" fill="none"/>`).join('')}
     <rect x="30" y="116" width="40" height="10" rx="2" fill="#d4a017"/>
     ${[38, 44, 50, 56, 62].map((x) => `<line x1="${x}" y1="126" x2="${x}" y2="148" stroke="#e0b030" stroke-width="2.5"/>`).join('')}`,
    '0 0 100 150',
  );
}

/** A defacement "poster" for image-only pages: background, optional PRC flag, slogan lines in the pixels. */
export function defacePoster(
  width: number,
  height: number,
  o: { bg: string; lines: { text: string; size: number; colour: string; font: string }[]; flag?: 'top' | 'left' | 'none'; glow?: string },
): string {
  const flagW = o.flag === 'left' ? width * 0.32 : width * 0.28;
  const flag =
    o.flag === 'none' || o.flag === undefined
      ? ''
      : o.flag === 'top'
        ? `<g transform="translate(${(width - flagW) / 2},${height * 0.06}) scale(${flagW / 30})">${prcFlagBody()}</g>`
        : `<g transform="translate(${width * 0.05},${(height - (flagW * 2) / 3) / 2}) scale(${flagW / 30})">${prcFlagBody()}</g>`;
  const x = o.flag === 'left' ? width * 0.42 : width / 2;
  const anchor = o.flag === 'left' ? 'start' : 'middle';
  let y = o.flag === 'top' ? height * 0.06 + (flagW * 2) / 3 + 30 : height * 0.3;
  const lines = o.lines
    .map((l) => {
      y += l.size * 1.25;
      return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="${l.font}" font-weight="700" font-size="${l.size}" fill="${l.colour}"${o.glow ? ` stroke="${o.glow}" stroke-width="1.5"` : ''}>${escapeXml(l.text)}</text>`;
    })
    .join('');
  return svg(width, height, `<rect width="${width}" height="${height}" fill="${o.bg}"/>${flag}${lines}`);
}

/** Pine, plum blossoms and gold rings on red: a Japanese New Year motif. */
export function newYearMotif(width: number, height: number): string {
  const rnd = random(7);
  const blossoms = Array.from({ length: 9 }, () => {
    const cx = width * (0.1 + rnd() * 0.8);
    const cy = height * (0.15 + rnd() * 0.7);
    const r = 8 + rnd() * 10;
    const petals = [0, 1, 2, 3, 4]
      .map((i) => `<circle cx="${cx + r * Math.sin((i * 2 * Math.PI) / 5)}" cy="${cy - r * Math.cos((i * 2 * Math.PI) / 5)}" r="${r * 0.7}" fill="#fff0f3"/>`)
      .join('');
    return `${petals}<circle cx="${cx}" cy="${cy}" r="${r * 0.45}" fill="#e8b923"/>`;
  }).join('');
  const rings = [0.3, 0.65].map((f) => `<circle cx="${width * f}" cy="${height / 2}" r="${height * 0.4}" fill="none" stroke="#d4af37" stroke-width="6"/>`).join('');
  const pine = Array.from(
    { length: 14 },
    (_, i) =>
      `<line x1="${width * 0.8}" y1="${height * 0.9}" x2="${width * 0.8 + 60 * Math.cos(i / 2.2)}" y2="${height * 0.9 - 60 * Math.sin(i / 4.5 + 0.3)}" stroke="#1f6b3a" stroke-width="4"/>`,
  ).join('');
  return svg(width, height, `${rings}${pine}${blossoms}`);
}
