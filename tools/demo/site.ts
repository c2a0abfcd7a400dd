import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small ministry home page with what makes real sites noisy — a live clock and a rotating
 * carousel — and the defacement that replaces it. Used by `npm run demo` and by the tests.
 */

const STYLE = `
  body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans", sans-serif; color: #1b2733; background: #f4f6f8; }
  header { background: #0b3d6e; color: #fff; padding: 16px 40px; display: flex; justify-content: space-between; align-items: center; }
  header h1 { font-size: 24px; margin: 0; }
  #clock { font-variant-numeric: tabular-nums; font-size: 16px; }
  nav { background: #0f5499; padding: 10px 40px; }
  nav a { color: #fff; margin-right: 24px; text-decoration: none; }
  .carousel { position: relative; height: 260px; overflow: hidden; }
  .slide { position: absolute; inset: 0; padding: 60px 40px; color: #fff; display: none; }
  .slide.active { display: block; }
  .slide h2 { font-size: 34px; margin: 0 0 12px; }
  main { padding: 24px 40px; display: grid; grid-template-columns: 2fr 1fr; gap: 32px; }
  .news li { margin: 10px 0; }
  .box { background: #fff; border: 1px solid #d5dde5; padding: 16px 20px; }
  footer { padding: 24px 40px; color: #5b6b7b; font-size: 13px; }
`;

const SLIDES = [
  ['#1d6fb8', 'My Number Card: apply online', 'マイナンバーカードのオンライン申請'],
  ['#2a8f6a', 'Digital government action plan 2026', 'デジタル社会の実現に向けた重点計画'],
  ['#8a5a1d', 'Cybersecurity awareness month', 'サイバーセキュリティ月間'],
] as const;

export function normalPage(): string {
  const slides = SLIDES.map(([colour, en, ja], i) => `<div class="slide${i === 0 ? ' active' : ''}" style="background:${colour}"><h2>${en}</h2><p>${ja}</p></div>`).join(
    '',
  );
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>Digital Agency — デジタル庁</title><style>${STYLE}</style></head>
<body>
<header><h1>デジタル庁 Digital Agency</h1><span id="clock"></span></header>
<nav><a href="#">Policies 政策</a><a href="#">News お知らせ</a><a href="#">Procurement 調達</a><a href="#">Contact お問い合わせ</a></nav>
<section class="carousel">${slides}</section>
<main>
  <section class="box news"><h3>News お知らせ</h3><ul>
    <li>2026-11-20 Results of the public comment on the data strategy were published.</li>
    <li>2026-11-18 マイナポータルのメンテナンスのお知らせ (11月23日 2:00〜6:00)</li>
    <li>2026-11-12 The minister's press conference of 12 November (video and transcript).</li>
    <li>2026-11-05 Call for proposals: regional digital transformation grants.</li>
  </ul></section>
  <aside class="box"><h3>Services</h3><p>Apply for certificates, check your benefits, and find procedures by life event.</p>
  <p>各種証明書のオンライン申請、給付金の確認、ライフイベント別の手続き案内。</p></aside>
</main>
<footer>© 2026 Digital Agency, Government of Japan. 〒102-0094 東京都千代田区紀尾井町1-3</footer>
<script>
  const clock = document.getElementById('clock');
  const tick = () => { clock.textContent = new Date().toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }); };
  tick(); setInterval(tick, 1000);
  const slides = [...document.querySelectorAll('.slide')];
  let current = 0;
  const show = () => slides.forEach((s, i) => s.classList.toggle('active', i === current));
  show(); setInterval(() => { current = (current + 1) % slides.length; show(); }, 3000);
</script>
</body></html>`;
}

export function defacedPage(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Hacked by Red Dragon Team</title>
<style>body{margin:0;background:#000;color:#fff;font-family:"Noto Sans CJK SC",sans-serif;text-align:center;padding-top:60px}
h1{color:#e11;font-size:56px;margin:24px}p{font-size:28px}</style></head>
<body>
<svg width="300" height="200" viewBox="0 0 30 20" aria-label="flag">
  <defs><polygon id="star" fill="#ffde00" points="0.000,-1.000 0.225,-0.309 0.951,-0.309 0.363,0.118 0.588,0.809 0.000,0.382 -0.588,0.809 -0.363,0.118 -0.951,-0.309 -0.225,-0.309"/></defs>
  <rect width="30" height="20" fill="#de2910"/>
  <use href="#star" transform="translate(5,5) scale(3)"/>
  <use href="#star" transform="translate(10,2) rotate(239.0)"/>
  <use href="#star" transform="translate(12,4) rotate(261.9)"/>
  <use href="#star" transform="translate(12,7) rotate(-74.1)"/>
  <use href="#star" transform="translate(10,9) rotate(-51.3)"/>
</svg>
<h1>Hacked by Red Dragon Team</h1>
<p>钓鱼岛是中国的！ The Diaoyu islands belong to China!</p>
<p>greetz to all brothers</p>
</body></html>`;
}

export interface DemoSite {
  url: string;
  /** Switches what the site serves. */
  setDefaced(defaced: boolean): void;
  close(): Promise<void>;
}

/** Serves the demo page on 127.0.0.1 (port 0 picks a free one). */
export async function startDemoSite(port = 0): Promise<DemoSite> {
  let defaced = false;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(defaced ? defacedPage() : normalPage());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    setDefaced(value) {
      defaced = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
