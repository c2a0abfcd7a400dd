import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A throwaway HTTP server on 127.0.0.1 for tests that need real HTTP (browser captures, webhooks).
 * Routes are matched on the path without the query string; anything else is a 404.
 *
 *   const server = await startFixtureServer({ '/': '<h1>Hello</h1>' });
 *   server.setRoute('/old', redirect('/'));
 *   await capture(server.url('/old'));
 *   await server.close();
 */

/** Handles one request itself. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A canned response. */
export interface StaticRoute {
  /** Default 200. */
  status?: number;
  /** Default `content-type: text/html; charset=utf-8` unless given. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long before answering (slow sites). */
  delayMs?: number;
}

/** A string is an HTML page; an object a canned response; a function handles the request itself. */
export type Route = string | StaticRoute | RouteHandler;

/** One request the server received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  /** Absolute URL of a path on this server, e.g. `url('/a?b=1')`. */
  url(path?: string): string;
  /** Adds or replaces a route. */
  setRoute(path: string, route: Route): void;
  removeRoute(path: string): void;
  /** Every request received so far, oldest first. */
  readonly requests: readonly ReceivedRequest[];
  /** Paths requested so far (query strings included). */
  requestedPaths(): string[];
  /** Stops listening and drops open connections (keep-alive, hanging responses). */
  close(): Promise<void>;
}

export interface FixtureServerOptions {
  /** Interface to listen on; tests may only reach 127.0.0.1. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
}

/** Starts a fixture server with the given routes (a map of path → route, or one handler for all). */
export async function startFixtureServer(
  routes: Record<string, Route> | RouteHandler = {},
  options: FixtureServerOptions = {},
): Promise<FixtureServer> {
  const table = new Map<string, Route>(typeof routes === 'function' ? [] : Object.entries(routes));
  const fallback = typeof routes === 'function' ? routes : null;
  const requests: ReceivedRequest[] = [];
  const host = options.host ?? '127.0.0.1';

  const server: Server = createServer((req, res) => {
    const rawPath = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path: rawPath, headers: req.headers });
    const path = rawPath.split('?')[0] ?? '/';
    const route = table.get(path) ?? fallback;
    void serve(route, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : String(err));
    });
  });
  // Keep-alive sockets from the browser must not hold close() open.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    origin,
    port,
    url: (path = '/') => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    setRoute: (path, route) => void table.set(path, route),
    removeRoute: (path) => void table.delete(path),
    requests,
    requestedPaths: () => requests.map((r) => r.path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function serve(route: Route | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (route === null) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  if (typeof route === 'function') {
    await route(req, res);
    return;
  }
  const spec: StaticRoute = typeof route === 'string' ? { body: route } : route;
  if (spec.delayMs) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
  res.writeHead(spec.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...spec.headers });
  res.end(spec.body ?? '');
}

/** An HTTP redirect to `location` (relative or absolute). */
export function redirect(location: string, status = 302): StaticRoute {
  return { status, headers: { location }, body: '' };
}

/** A response with an explicit content type, e.g. `asset('image/png', png)`. */
export function asset(contentType: string, body: string | Buffer): StaticRoute {
  return { headers: { 'content-type': contentType }, body };
}

/** A route that never answers (until the server closes): for timeouts. */
export function hang(): RouteHandler {
  return () => undefined;
}

/** A minimal HTML document. */
export function page(body: string, head = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

/**
 * Routes for a page shaped like a real agency home page, for measuring capture cost: ~150 KB of
 * HTML (Latin, Japanese and Thai text, tables, links), a stylesheet, scripts and images, about
 * 7,000 CSS pixels tall at 1366 px wide. Serve it and load `/`.
 */
export function agencyHomePageRoutes(images: Buffer[]): Record<string, Route> {
  const routes: Record<string, Route> = {};
  const lorem =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore ' +
    'et dolore magna aliqua. 厚生労働省からのお知らせです。 ประกาศจากกระทรวงสาธารณสุข ';
  let body = '<header class="top"><h1>Ministry of Health · 厚生労働省 · กระทรวงสาธารณสุข</h1><nav>';
  for (let i = 0; i < 40; i++) body += `<a href="/section/${i}">Section ${i}</a> `;
  // Like most CMS themes: a mega-menu that is in the DOM but hidden until hovered.
  body += '<ul class="mega">';
  for (let i = 0; i < 1250; i++) body += `<li class="mega-item"><a href="/services/${i}" title="Service ${i}">Service ${i} サービス</a></li>`;
  body += '</ul></nav></header><main>';
  for (let s = 0; s < 15; s++) {
    const image = images.length > 0 ? `<img src="/img/${s % images.length}.png" width="240" height="160" alt="">` : '';
    body += `<section id="s${s}"><h2>News ${s} / ニュース / ข่าว</h2>${image}`;
    for (let p = 0; p < 2; p++) body += `<p>${lorem.repeat(3)}</p>`;
    body += '<table><tr><th>Date</th><th>Title</th></tr>';
    for (let r = 0; r < 5; r++) body += `<tr><td>2026-11-${String(r + 1).padStart(2, '0')}</td><td><a href="/n/${s}/${r}">Notice ${s}.${r}</a></td></tr>`;
    body += '</table></section>';
  }
  body += `</main><footer>${'<a href="/f">Footer link</a> '.repeat(60)}</footer>`;
  const scripts = Array.from({ length: 6 }, (_, i) => `<script src="/js/${i}.js"></script>`).join('');
  routes['/'] = page(body, `<title>Ministry of Health</title><link rel="stylesheet" href="/style.css">${scripts}`);
  routes['/style.css'] = asset(
    'text/css',
    'body{font:15px/1.5 sans-serif;margin:0 48px;color:#222}header.top{background:#0b3d91;color:#fff;padding:12px}' +
      'section{overflow:hidden;border-bottom:1px solid #ccc;padding:8px 0}section img{float:right;margin:0 0 8px 16px}' +
      'table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 8px}.mega{display:none}',
  );
  for (let i = 0; i < 6; i++) routes[`/js/${i}.js`] = asset('text/javascript', `window.widget${i} = { ready: true };`);
  images.forEach((png, i) => {
    routes[`/img/${i}.png`] = asset('image/png', png);
  });
  return routes;
}
