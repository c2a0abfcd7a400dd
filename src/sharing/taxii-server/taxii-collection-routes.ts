/**
 * The read endpoints of the one collection (TAXII 2.1 §5.2, §5.3, §5.4, §5.6, §5.8): the collection
 * itself, its objects and manifest page by page, one object and its versions. Each page is filtered
 * as the URL's parameters say (taxii-query.ts), and each read of objects is logged as what left
 * the sensor.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TaxiiObjectPage, TaxiiObjectStore } from '../store/taxii-objects.js';
import { STIX_MEDIA_TYPE } from '../taxii-client/media-types.js';
import type { TaxiiCollection } from '../taxii-client/resources.js';
import { isStixId, nextToken, parseFilters, TaxiiBadRequest, type FilteredEndpoint, type PageLimits } from './taxii-query.js';
import { dateAddedHeaders, sendError, sendJson, sendText } from './taxii-reply.js';

export interface CollectionRoutesOptions {
  store: TaxiiObjectStore;
  /** The collection resource; its id is the one served. */
  collection: TaxiiCollection;
  /** The collection's route, ending in `collections/:collectionId/`. */
  collectionPath: string;
  limits: PageLimits;
  /** An objects page stops growing past this many bytes of STIX (at least one object is sent). */
  maxPageBytes: number;
}

type CollectionParams = { Params: { collectionId: string } };
type ObjectParams = { Params: { collectionId: string; objectId: string } };

/** Adds the collection's GET routes to the app. */
export function registerCollectionRoutes(app: FastifyInstance, options: CollectionRoutesOptions): void {
  const { store, collection, collectionPath } = options;
  const isOurCollection = (id: string) => id.toLowerCase() === collection.id.toLowerCase();
  const objectExists = (id: string) => isStixId(id) && store.has(id);

  app.get<CollectionParams>(collectionPath, async (request, reply) => {
    if (!isOurCollection(request.params.collectionId)) return collectionNotFound(reply);
    return sendJson(reply, 200, collection);
  });

  app.get<CollectionParams>(`${collectionPath}objects/`, async (request, reply) => {
    if (!isOurCollection(request.params.collectionId)) return collectionNotFound(reply);
    const page = readPage(options, request, 'objects');
    if (page instanceof TaxiiBadRequest) return badRequest(reply, page);
    return sendEnvelope(reply, request, page, options.maxPageBytes);
  });

  app.get<CollectionParams>(`${collectionPath}manifest/`, async (request, reply) => {
    if (!isOurCollection(request.params.collectionId)) return collectionNotFound(reply);
    const page = readPage(options, request, 'manifest');
    if (page instanceof TaxiiBadRequest) return badRequest(reply, page);
    dateAddedHeaders(reply, page.records);
    // TAXII 2.1 §5.3.1: one manifest-record per object version; `objects` omitted when empty.
    const objects = page.records.map((r) => ({ id: r.id, date_added: r.dateAdded, version: r.version, media_type: STIX_MEDIA_TYPE }));
    return sendJson(reply, 200, { more: page.more, ...(objects.length === 0 ? {} : { objects }) });
  });

  app.get<ObjectParams>(`${collectionPath}objects/:objectId/`, async (request, reply) => {
    if (!isOurCollection(request.params.collectionId)) return collectionNotFound(reply);
    if (!objectExists(request.params.objectId)) return objectNotFound(reply);
    const page = readPage(options, request, 'object', request.params.objectId);
    if (page instanceof TaxiiBadRequest) return badRequest(reply, page);
    return sendEnvelope(reply, request, page, options.maxPageBytes);
  });

  app.get<ObjectParams>(`${collectionPath}objects/:objectId/versions/`, async (request, reply) => {
    if (!isOurCollection(request.params.collectionId)) return collectionNotFound(reply);
    if (!objectExists(request.params.objectId)) return objectNotFound(reply);
    const page = readPage(options, request, 'versions', request.params.objectId);
    if (page instanceof TaxiiBadRequest) return badRequest(reply, page);
    dateAddedHeaders(reply, page.records);
    const versions = page.records.map((r) => r.version);
    return sendJson(reply, 200, { more: page.more, ...(versions.length === 0 ? {} : { versions }) });
  });
}

/** The page this request asks for, or why its filter parameters are refused (a 400, not a 500). */
function readPage(options: CollectionRoutesOptions, request: FastifyRequest, endpoint: FilteredEndpoint, objectId?: string): TaxiiObjectPage | TaxiiBadRequest {
  try {
    const params = new URL(request.url, 'http://taxii.invalid').searchParams;
    return options.store.query(parseFilters(params, endpoint, options.limits, objectId));
  } catch (err) {
    if (err instanceof TaxiiBadRequest) return err;
    throw err;
  }
}

function badRequest(reply: FastifyReply, refusal: TaxiiBadRequest) {
  return sendError(reply, 400, 'Bad filter parameters', refusal.message);
}

function collectionNotFound(reply: FastifyReply) {
  return sendError(reply, 404, 'Not found', 'No collection with this id.');
}

function objectNotFound(reply: FastifyReply) {
  return sendError(reply, 404, 'Not found', 'No object with this id in the collection.');
}

/** Who read how much: an audit trail of what left the sensor (TAXII 2.1 Appendix B). */
function logRead(request: FastifyRequest, count: number) {
  const principal = request.taxiiPrincipal;
  const who = principal === undefined ? undefined : principal.scheme === 'basic' ? principal.user : `token #${principal.token + 1}`;
  const fields = { peer: who, ip: request.ip, url: request.url, objects: count };
  if (count > 0) request.log.info(fields, 'TAXII objects served');
  else request.log.debug(fields, 'TAXII objects served');
}

/**
 * An envelope (TAXII 2.1 §3.7) of the stored objects, their JSON spliced in as stored, cut at
 * maxPageBytes. `next` is given whenever `more` is: the last row's date_added, so the next page is
 * exact however many objects are added meanwhile.
 */
function sendEnvelope(reply: FastifyReply, request: FastifyRequest, { records, more }: TaxiiObjectPage, maxPageBytes: number) {
  let bytes = 0;
  let count = 0;
  for (const record of records) {
    bytes += record.json.length;
    if (count > 0 && bytes > maxPageBytes) break;
    count++;
  }
  const page = records.slice(0, count);
  const hasMore = more || count < records.length;
  logRead(request, page.length);
  dateAddedHeaders(reply, page);
  const last = page[page.length - 1];
  const head = JSON.stringify({ more: hasMore, ...(hasMore && last !== undefined ? { next: nextToken(last.dateAddedMs) } : {}) });
  const body = page.length === 0 ? head : `${head.slice(0, -1)},"objects":[${page.map((r) => r.json).join(',')}]}`;
  return sendText(reply, 200, body);
}
