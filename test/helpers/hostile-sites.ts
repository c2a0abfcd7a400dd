import type { IncomingMessage, ServerResponse } from 'node:http';
import { page, redirect, startFixtureServer, type FixtureServer, type Route } from './fixture-server.js';

/**
 * Pages written to hurt a monitor, on one fixture server on 127.0.0.1: what an attacker, a broken
 * site or a hostile network can put behind a URL the daemon watches. Used by the hostile-page tests
 * and by the soak bench (`npm run soak`), which runs the daemon against them for many minutes.
 *
 * Each entry is a path on the server and what a check of it must come to: `unreachable` (the page
 * cannot be captured: it never loads, loads forever, eats memory, is not a web page or reaches for a
 * forbidden address) or `captured` (a page that is awkward but can be recorded).
 */
export interface HostilePage {
  path: string;
  /** What the page does, for test names and the soak's report. */
  what: string;
  expect: 'unreachable' | 'captured';
}

export const HOSTILE_PAGES: readonly HostilePage[] = [
  { path: '/endless-script', what: 'a script that never returns', expect: 'unreachable' },
  { path: '/memory-hog', what: 'a script that fills the JavaScript heap', expect: 'unreachable' },
  { path: '/buffer-hog', what: 'a script that fills memory outside the JavaScript heap (array buffers)', expect: 'unreachable' },
  { path: '/huge-page', what: 'a 100 MB HTML document, sent without a length', expect: 'unreachable' },
  { path: '/huge-dom', what: 'a script that writes 6 MB of hidden text and 1.2 MB of visible text into the page', expect: 'captured' },
  { path: '/huge-image', what: 'a page with a 100 MB picture sent without a length', expect: 'captured' },
  { path: '/redirect-loop', what: 'HTTP redirects in a circle', expect: 'unreachable' },
  { path: '/slowloris', what: 'a server that sends one byte every second and never finishes', expect: 'unreachable' },
  { path: '/never-answers', what: 'a server that accepts the request and never answers', expect: 'unreachable' },
  { path: '/iframes', what: '2,000 iframes', expect: 'unreachable' },
  { path: '/meta-refresh', what: 'a page that reloads itself at once, forever', expect: 'unreachable' },
  { path: '/pdf', what: 'a PDF instead of a web page', expect: 'unreachable' },
  { path: '/binary', what: 'a binary download instead of a web page', expect: 'unreachable' },
  { path: '/ssrf-redirect', what: 'a redirect to the cloud metadata address', expect: 'unreachable' },
  { path: '/ssrf-embeds', what: 'a page whose iframe, image and fetch reach for the cloud metadata address', expect: 'captured' },
];

/** An ordinary page, for the sites that must keep being checked while the hostile ones misbehave. */
export function ordinaryPage(title: string): string {
  return page(`<header><h1>${title}</h1></header><main><p>Opening hours, news and forms for citizens.</p></main>`, `<title>${title}</title>`);
}

const MB = 1024 * 1024;

/** Writes `total` bytes made by `chunk(i)`, waiting for the socket to drain, so the server never holds more than a chunk. */
async function stream(res: ServerResponse, total: number, chunk: (index: number) => Buffer): Promise<void> {
  let sent = 0;
  for (let i = 0; sent < total && !res.destroyed; i++) {
    const piece = chunk(i);
    sent += piece.length;
    if (!res.write(piece)) await drained(res);
  }
  res.end();
}

/** Resolves when the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

const PARAGRAPH = Buffer.from(`<p>${'Padding text of an endless page. '.repeat(60)}</p>\n`);
const GREY_PIXELS = Buffer.alloc(256 * 1024, 0x7f);

/** Sends headers and then one byte a second, forever (until the client goes). */
function slowloris(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.write('<!doctype html><html><head><title>slow</title></head><body>');
  const timer = setInterval(() => res.write('.'), 1_000);
  res.on('close', () => clearInterval(timer));
}

function routes(): Record<string, Route> {
  const iframes = Array.from({ length: 2_000 }, (_, i) => `<iframe src="/frame?i=${i}" width="40" height="30"></iframe>`).join('');
  return {
    '/endless-script': page('<h1>Busy</h1><script>for (;;) {}</script>'),
    // Arrays of numbers live in the JavaScript heap; each round keeps ~80 MB more.
    '/memory-hog': page('<h1>Hungry</h1><script>const hog = []; for (;;) hog.push(new Array(1e7).fill(Math.random()));</script>'),
    // Array buffers live outside it: a heap limit does not stop these. Filled, so the pages are really used.
    '/buffer-hog': page('<h1>Hungrier</h1><script>const hog = []; for (;;) hog.push(new Uint8Array(64 * 1024 * 1024).fill(7));</script>'),
    '/huge-page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<!doctype html><html><head><title>Huge</title></head><body>');
      void stream(res, 100 * MB, () => PARAGRAPH);
    },
    '/huge-dom': page(
      '<h1>Wordy</h1><div style="display: none" id="unseen"></div><p id="seen"></p>' +
        '<script>unseen.textContent = "dolor sit amet ".repeat(400000); seen.textContent = "lorem ipsum ".repeat(100000);</script>',
      '<title>Wordy</title>',
    ),
    '/huge-image': page('<h1>Big picture</h1><img src="/huge-image.bmp" width="300" height="200">', '<title>Big picture</title>'),
    '/huge-image.bmp': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/bmp' });
      void stream(res, 100 * MB, () => GREY_PIXELS);
    },
    '/redirect-loop': redirect('/redirect-loop-2'),
    '/redirect-loop-2': redirect('/redirect-loop'),
    '/slowloris': slowloris,
    '/never-answers': () => undefined,
    '/iframes': page(`<h1>Frames</h1>${iframes}`),
    '/frame': page('<p>frame</p>'),
    '/meta-refresh': page('<h1>Again</h1>', '<meta http-equiv="refresh" content="0">'),
    '/pdf': { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n' },
    '/binary': { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(4 * MB, 0xa5) },
    '/ssrf-redirect': redirect('http://169.254.169.254/latest/meta-data/'),
    '/ssrf-embeds': page(
      '<h1>Curious</h1><iframe src="http://169.254.169.254/latest/meta-data/"></iframe><img src="http://[fd00:ec2::254]/x.png">' +
        '<script>fetch("http://169.254.169.254/latest/user-data").catch(() => {});</script>',
      '<title>Curious</title>',
    ),
  };
}

/**
 * Starts the hostile pages (HOSTILE_PAGES) and `ordinary` well-behaved pages at `/ordinary-<n>`
 * on one server on 127.0.0.1.
 */
export async function startHostileSites(ordinary = 2): Promise<FixtureServer> {
  const table = routes();
  for (let n = 1; n <= ordinary; n++) table[`/ordinary-${n}`] = ordinaryPage(`Ordinary site ${n}`);
  return startFixtureServer(table);
}
