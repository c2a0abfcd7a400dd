/**
 * The read side of TAXII 2.1 in the daemon: one API root with one collection, serving the STIX
 * objects this sensor published to peers that pull. Read-only (the collection says
 * `can_write: false`; adding or deleting answers 403 as TAXII 2.1 §5.5 and §5.7 require), every
 * endpoint behind authentication, strict media types, TAXII error messages for every failure.
 * Plain HTTP on the configured address: TLS belongs to a reverse proxy in front (README).
 */

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TaxiiServerConfig } from '../../config/daemon-schema.js';
import type { Logger } from '../../log.js';
import type { TaxiiObjectStore } from '../store/taxii-objects.js';
import { acceptsTaxii21, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from '../taxii-client/media-types.js';
import type { TaxiiApiRoot, TaxiiCollection, TaxiiDiscovery } from '../taxii-client/resources.js';
import { createTaxiiAuthenticator, type TaxiiAuthenticator, type TaxiiPrincipal } from './taxii-auth.js';
import { registerCollectionRoutes } from './taxii-collection-routes.js';
import type { PageLimits } from './taxii-query.js';
import { sendError, sendJson } from './taxii-reply.js';

/** The API root's path. Under /taxii2/ so one reverse-proxy location serves discovery and data. */
export const TAXII_API_ROOT_PATH = '/taxii2/defacewatch/';

// Nothing is ever POSTed to a read-only server; this bounds what an unwanted body may cost.
const MAX_REQUEST_BYTES = 64 * 1024;
// An objects page stops growing past this many bytes of STIX (at least one object is sent), well
// under what clients accept (ours: 16 MiB); TAXII 2.1 §3.4 lets a server return fewer than `limit`.
const DEFAULT_PAGE_BYTES = 4 * 1024 * 1024;

export interface TaxiiServerDeps {
  /** This sensor's published objects. */
  store: TaxiiObjectStore;
  config: TaxiiServerConfig;
  /** Where the account and token variables named in `config` are read. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Who runs the sensor, shown in discovery (the daemon config's `organisation`). */
  organisation?: { name: string; contact?: string | undefined };
  /** Page sizes (default 100 objects per page, at most 1,000, and at most 4 MiB of objects). */
  limits?: Partial<PageLimits> & { maxPageBytes?: number };
}

declare module 'fastify' {
  interface FastifyRequest {
    taxiiPrincipal?: TaxiiPrincipal;
  }
}

/**
 * Builds the fastify app (not listening: see startTaxiiServer). Throws CONFIG_INVALID when the
 * configured accounts or tokens cannot be read.
 */
export function createTaxiiServer(deps: TaxiiServerDeps): FastifyInstance {
  const { config } = deps;
  // Typed as Fastify's logger, so the app is a plain FastifyInstance rather than one generic over pino's Logger.
  const logger: FastifyBaseLogger = deps.logger.child({ component: 'taxii-server' });
  const auth = createTaxiiAuthenticator(config, deps.env);
  const collectionPath = `${TAXII_API_ROOT_PATH}collections/:collectionId/`;
  const { discovery, apiRoot, collection } = serverResources(deps);

  const app = createApp(logger, auth);
  registerDiscoveryRoutes(app, discovery, apiRoot, collection);
  registerCollectionRoutes(app, {
    store: deps.store,
    collection,
    collectionPath,
    limits: { defaultPageSize: deps.limits?.defaultPageSize ?? 100, maxPageSize: deps.limits?.maxPageSize ?? 1000 },
    maxPageBytes: deps.limits?.maxPageBytes ?? DEFAULT_PAGE_BYTES,
  });
  registerWriteRefusals(app, collectionPath);
  return app;
}

/**
 * The fastify app with what every request goes through: authentication, the Accept check, no
 * caching, and TAXII error messages for unknown paths and failures. No routes yet.
 */
function createApp(logger: FastifyBaseLogger, auth: TaxiiAuthenticator): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    // Reads are logged by the handlers (who, how many objects); not a line per request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_REQUEST_BYTES,
    // Client addresses in the log come from X-Forwarded-For only when the proxy is on this host.
    trustProxy: 'loopback',
    return503OnClosing: true,
  });

  // Bodies are never read: take any media type (so POST gets its 403, not a 415) and drop it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));

  app.addHook('onRequest', async (request, reply) => {
    // Authentication first, so nothing (not even which paths exist) is told to a stranger.
    const principal = auth.authenticate(request.headers.authorization);
    if (principal === null) {
      reply.header('www-authenticate', auth.challenges);
      return sendError(reply, 401, 'Authentication required', 'Send HTTP Basic credentials or a bearer token this sensor issued.');
    }
    request.taxiiPrincipal = principal;
    // TAXII 2.1 §3.1: every request carries a TAXII media range; §1.6.8: otherwise 406.
    if (!acceptsTaxii21(request.headers.accept)) {
      return sendError(reply, 406, 'Not acceptable', `The Accept header must allow ${TAXII_MEDIA_TYPE}.`);
    }
    return undefined;
  });

  app.addHook('onSend', async (_request, reply) => {
    // The collection carries TLP-marked data: no caches on the way.
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'Not found', 'No TAXII resource at this URL (paths end in "/").'));

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: { message: err.message, stack: err.stack } }, 'TAXII request failed');
      return sendError(reply, 500, 'Internal error', 'The server failed; the error is in its log.');
    }
    return sendError(reply, status, 'Request refused', err.message);
  });
  return app;
}

/** What the server says about itself: discovery, its one API root, and its one collection. */
function serverResources(deps: TaxiiServerDeps): { discovery: TaxiiDiscovery; apiRoot: TaxiiApiRoot; collection: TaxiiCollection } {
  const { config } = deps;
  const discovery: TaxiiDiscovery = {
    title: `${deps.organisation?.name ?? 'defacewatch'} TAXII server`,
    description: 'Website defacements detected by this defacewatch sensor, as STIX 2.1.',
    ...(deps.organisation?.contact === undefined ? {} : { contact: deps.organisation.contact }),
    // TAXII 2.1 §4.1.1: relative API roots are allowed, so the answer is right behind any proxy.
    default: TAXII_API_ROOT_PATH,
    api_roots: [TAXII_API_ROOT_PATH],
  };
  const apiRoot: TaxiiApiRoot = {
    title: config.title,
    description: "One read-only collection of this sensor's detections.",
    versions: [TAXII_MEDIA_TYPE],
    max_content_length: MAX_REQUEST_BYTES,
  };
  const collection: TaxiiCollection = {
    id: config.collectionId,
    title: config.title,
    description: 'Confirmed website defacements, with indicators of their content, for members of the network to pull.',
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  };
  return { discovery, apiRoot, collection };
}

/** GET of discovery (TAXII 2.1 §4.1), the API root (§4.2), the collections (§5.1) and status (§4.3). */
function registerDiscoveryRoutes(app: FastifyInstance, discovery: TaxiiDiscovery, apiRoot: TaxiiApiRoot, collection: TaxiiCollection): void {
  app.get('/taxii2/', async (_request, reply) => sendJson(reply, 200, discovery));
  app.get(TAXII_API_ROOT_PATH, async (_request, reply) => sendJson(reply, 200, apiRoot));
  app.get(`${TAXII_API_ROOT_PATH}collections/`, async (_request, reply) => sendJson(reply, 200, { collections: [collection] }));
  // This server never accepts a POST, so no status resource exists (§4.3: unknown ids are 404).
  app.get(`${TAXII_API_ROOT_PATH}status/:statusId/`, async (_request, reply) => sendError(reply, 404, 'Not found', 'No such status resource.'));
}

/** The methods a read-only server refuses: 403 for the writes TAXII defines, 405 for the rest. */
function registerWriteRefusals(app: FastifyInstance, collectionPath: string): void {
  // Writes: the collection is read-only for every client. TAXII 2.1 §5.5 (add) and §5.7 (delete,
  // can_read true and can_write false) both answer 403.
  const readOnly = async (_request: FastifyRequest, reply: FastifyReply) => sendError(reply, 403, 'Forbidden', 'This collection is read-only (can_write is false).');
  app.post(`${collectionPath}objects/`, readOnly);
  app.delete(`${collectionPath}objects/:objectId/`, readOnly);

  // Any other method on a TAXII URL: 405 with the methods it does take (RFC 7231 §6.5.5).
  const others = ['PUT', 'PATCH', 'OPTIONS'] as const;
  const notAllowed = (allow: string) => async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('allow', allow);
    return sendError(reply, 405, 'Method not allowed', `This URL takes ${allow}.`);
  };
  for (const url of [
    '/taxii2/',
    TAXII_API_ROOT_PATH,
    `${TAXII_API_ROOT_PATH}collections/`,
    collectionPath,
    `${collectionPath}manifest/`,
    `${collectionPath}objects/:objectId/versions/`,
    `${TAXII_API_ROOT_PATH}status/:statusId/`,
  ]) {
    app.route({ method: [...others, 'POST', 'DELETE'], url, handler: notAllowed('GET, HEAD') });
  }
  app.route({ method: [...others, 'DELETE'], url: `${collectionPath}objects/`, handler: notAllowed('GET, HEAD, POST') });
  app.route({ method: [...others, 'POST'], url: `${collectionPath}objects/:objectId/`, handler: notAllowed('GET, HEAD, DELETE') });
}

/** Starts the app on the configured (or given) address; resolves once it listens. */
export async function startTaxiiServer(
  deps: TaxiiServerDeps & { host?: string; port?: number },
): Promise<{ app: FastifyInstance; url: string; collectionUrl: string; close(): Promise<void> }> {
  const app = createTaxiiServer(deps);
  const host = deps.host ?? deps.config.host;
  await app.listen({ host, port: deps.port ?? deps.config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (deps.port ?? deps.config.port);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { app, url, collectionUrl: taxiiCollectionUrl(url, deps.config.collectionId), close: () => app.close() };
}

/** The collection URL peers configure, for a server reachable at `baseUrl` (e.g. the proxy's https://…). */
export function taxiiCollectionUrl(baseUrl: string, collectionId: string): string {
  return new URL(`${TAXII_API_ROOT_PATH}collections/${collectionId}/`, baseUrl).href;
}
