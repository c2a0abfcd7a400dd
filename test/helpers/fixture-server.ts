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
export async function startFixtureServer(routes: Record<string, Route> | RouteHandler = {}, options: FixtureServerOptions = {}): Promise<FixtureServer> {
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
