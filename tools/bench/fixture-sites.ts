import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * Fixture sites of realistic weight for the bench: long portal pages (~150 KB of HTML, ~7,000 px
 * tall at 1366 wide) with a stylesheet, a script, a data table and a dozen photos. Half the sites
 * carry a live clock, so their screenshots differ between checks and the full diff path runs.
 * The bench serves them from a child process (fixture-server.ts) so their CPU is not counted as ours.
 */

export const SITE_COUNT = 8;

const WORDS = (
  'ministry health bank hospital notice service citizen digital policy budget report ' +
  'regional support program application deadline result committee public comment data ' +
  'security infrastructure emergency vaccine insurance pension tax customs trade'
).split(' ');

function prose(seed: number, words: number): string {
  let out = '';
  let x = seed;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += `${WORDS[x % WORDS.length]}${i % 13 === 12 ? '. ' : ' '}`;
  }
  return out;
}

/**
 * A portal page. `edited`: the same page after an ordinary day's edit — a notice inserted above
 * the content (pushing it down) and the second article rewritten — for measuring a check that finds
 * something changed.
 */
function page(site: number, withClock: boolean, edited = false): string {
  const articles = Array.from({ length: 36 }, (_, i) => {
    const image = i % 3 === 0 ? `<img src="/img/${site}-${i % 12}.jpg" width="320" height="180" alt="">` : '';
    const seed = edited && i === 1 ? 7777 : site * 1000 + i;
    return `<article><h3>${prose(site * 100 + i, 8)}</h3>${image}<p>${prose(seed, 320)}</p></article>`;
  }).join('\n');
  const notice = edited ? `<div style="background:#fff4d6;border-bottom:2px solid #e0b000;padding:12px 32px">${prose(site + 99, 40)}</div>` : '';
  const rows = Array.from({ length: 40 }, (_, i) => `<tr><td>${2026 - (i % 10)}</td><td>${prose(i + site, 4)}</td><td>${(i * 7919) % 100000}</td></tr>`).join('');
  const clock = withClock ? `<span id="clock"></span><script>setInterval(()=>{document.getElementById('clock').textContent=new Date().toISOString()},500)</script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal ${site}</title>
<link rel="stylesheet" href="/site.css"><script src="/site.js" defer></script></head>
<body><header><h1>Government portal ${site}</h1>${clock}</header>${notice}
<nav>${Array.from({ length: 12 }, (_, i) => `<a href="/p/${i}">Section ${i}</a>`).join(' ')}</nav>
<main>${articles}<table>${rows}</table></main><footer>${prose(site, 60)}</footer></body></html>`;
}

const CSS = `body{margin:0;font:15px/1.6 "Noto Sans",sans-serif;color:#222}header{background:#0b3d6e;color:#fff;padding:16px 32px}
nav{background:#0f5499;padding:8px 32px}nav a{color:#fff;margin-right:12px}main{padding:16px 32px;columns:2;column-gap:32px}
article{break-inside:avoid;margin-bottom:18px}img{display:block;margin:6px 0}table{border-collapse:collapse}td{border:1px solid #ccc;padding:2px 8px}
footer{padding:24px 32px;background:#eee}`;
const JS = `document.querySelectorAll('nav a').forEach(a=>a.addEventListener('click',e=>e.preventDefault()));`;

async function photo(seed: number): Promise<Buffer> {
  const width = 320;
  const height = 180;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 3 + seed * 40) & 255;
      pixels[i + 1] = (y * 4 + seed * 20) & 255;
      pixels[i + 2] = ((x ^ y) + seed * 60) & 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** The edited version of a site's page is served under its URL plus this path. */
export const EDITED_PATH = 'edited/';

/**
 * Starts the fixture server on 127.0.0.1 and returns the site URLs (`<url>edited/` serves the same
 * site after an edit).
 */
export async function startFixtureSites(port = 0): Promise<{ urls: string[]; close(): Promise<void> }> {
  const pages = Array.from({ length: SITE_COUNT }, (_, site) => page(site, site % 2 === 1));
  const edited = Array.from({ length: SITE_COUNT }, (_, site) => page(site, site % 2 === 1, true));
  const photos = new Map<string, Buffer>();
  for (let site = 0; site < SITE_COUNT; site++) {
    for (let i = 0; i < 12; i++) photos.set(`/img/${site}-${i}.jpg`, await photo(site * 12 + i));
  }
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const match = /^\/site\/(\d+)\/(edited\/)?$/.exec(url);
    const html = match ? (match[2] ? edited : pages)[Number(match[1])] : undefined;
    if (html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (url === '/site.css') {
      res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'max-age=3600' }).end(CSS);
    } else if (url === '/site.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' }).end(JS);
    } else if (photos.has(url)) {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'max-age=3600' }).end(photos.get(url));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: pages.map((_, site) => `${base}/site/${site}/`),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
