import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { THIRDPARTY_DIR } from './case-format.js';
import type { Corpus, CorpusCase, FileMap } from './load-corpus.js';

/**
 * Serves the corpus on 127.0.0.1 at a few page addresses per site, its slots (`/<site>/_<slot>/`):
 * each shows either the base site (while baselines are captured) or the case put in that slot (while
 * it is checked), so one baseline of a slot serves every case checked there in turn. A case's own
 * files are also served at `/<site>/<case>/`, where its pages may point (an attacker's frame). Three origins
 * answer the same paths: the site's own, `{{CDN}}` (a third party the base pages already use) and
 * `{{EXT}}` (one they never use: where an attacker's script or frame lives).
 */
export interface CorpusServer {
  /** `http://127.0.0.1:<port>` of the sites themselves. */
  readonly origin: string;
  readonly cdnOrigin: string;
  readonly extOrigin: string;
  /** URL of a slot's page. */
  urlOf(site: string, slot: string): string;
  /** `<site>/_<slot>`: how `show` names a slot. */
  pathOf(site: string, slot: string): string;
  /** From now on every slot serves its site's base, except the slots (by `pathOf`) given a case here. */
  show(cases: ReadonlyMap<string, CorpusCase>): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const TEXT = /^(?:text\/|application\/json|image\/svg)/;

export async function startCorpusServer(corpus: Corpus): Promise<CorpusServer> {
  const bases = new Map(corpus.sites.map((site) => [site.name, site.base]));
  const cases = new Map(corpus.sites.flatMap((site) => site.cases.map((c) => [`${site.name}/${c.name}`, c] as const)));
  let shown: ReadonlyMap<string, CorpusCase> = new Map();
  const origins = { self: '', cdn: '', ext: '' };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      // A malformed %-escape names no file of the corpus.
      return notFound(res);
    }
    const parts = pathname.split('/').filter((p) => p !== '');
    if (parts.some((p) => p === '..' || p === '.')) return notFound(res);

    if (parts[0] === THIRDPARTY_DIR) return send(res, parts.slice(1).join('/'), corpus.thirdParty, origins);
    const [siteName = '', slot = '', ...rest] = parts;
    const base = bases.get(siteName);
    if (!base || slot === '') return notFound(res);
    const file = rest.join('/');
    // A directory URL without its slash: relative links would resolve one level up.
    if (rest.length === 0 && !pathname.endsWith('/')) return redirect(res, `${pathname}/`, 301);
    // Case folder names are kebab-case: they never start with the slots' "_".
    if (!slot.startsWith('_')) {
      const own = cases.get(`${siteName}/${slot}`);
      return own ? send(res, file || 'index.html', own.files, origins) : notFound(res);
    }

    const c = shown.get(`${siteName}/${slot}`);
    if (!c) return send(res, file || 'index.html', base, origins);
    if ((file === '' || file === 'index.html') && c.spec.serve?.redirect !== undefined) {
      return redirect(res, `/${siteName}/${slot}/${c.spec.serve.redirect}`, c.spec.serve.status);
    }
    return send(res, file || 'index.html', c.files, origins);
  };

  const [self, cdn, ext] = await Promise.all([listen(handle), listen(handle), listen(handle)]);
  origins.self = self.origin;
  origins.cdn = cdn.origin;
  origins.ext = ext.origin;

  return {
    origin: self.origin,
    cdnOrigin: cdn.origin,
    extOrigin: ext.origin,
    urlOf: (site, slot) => `${self.origin}/${site}/_${slot}/`,
    pathOf: (site, slot) => `${site}/_${slot}`,
    show(cases) {
      shown = new Map(cases);
    },
    close: async () => {
      await Promise.all([self, cdn, ext].map((s) => closeServer(s.server)));
    },
  };
}

function send(res: ServerResponse, file: string, files: FileMap, origins: { cdn: string; ext: string }): void {
  const bytes = files.get(file);
  if (!bytes) return notFound(res);
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const body = TEXT.test(type) ? Buffer.from(bytes.toString('utf8').replaceAll('{{CDN}}', origins.cdn).replaceAll('{{EXT}}', origins.ext), 'utf8') : bytes;
  // Every check must see what is on the server now, as a fresh visitor would.
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('not found');
}

function redirect(res: ServerResponse, location: string, status: number): void {
  res.writeHead(status, { location, 'cache-control': 'no-store' });
  res.end();
}

async function listen(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer(handle);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
