/**
 * How the TAXII server answers: JSON in exactly the TAXII media type, TAXII error messages, and the
 * date-added headers of a page. Shared by every route of the server.
 */

import type { FastifyReply } from 'fastify';
import type { TaxiiObjectRecord } from '../store/taxii-objects.js';
import { TAXII_MEDIA_TYPE } from '../taxii-client/media-types.js';
import type { TaxiiErrorMessage } from '../taxii-client/resources.js';

export function sendJson(reply: FastifyReply, status: number, body: unknown) {
  return sendText(reply, status, JSON.stringify(body));
}

/**
 * Sends JSON text with exactly the TAXII media type (TAXII 2.1 §3.1). As a Buffer, because for a
 * string fastify rewrites any "+json" type to `…; version="2.1"; charset=utf-8`, which strict
 * clients refuse.
 */
export function sendText(reply: FastifyReply, status: number, json: string) {
  return reply.code(status).header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(json, 'utf8'));
}

/** An error message (TAXII 2.1 §3.6.1) with the matching status, in the TAXII media type. */
export function sendError(reply: FastifyReply, status: number, title: string, description: string) {
  const body: TaxiiErrorMessage = { title, description, http_status: String(status) };
  return sendJson(reply, status, body);
}

/** X-TAXII-Date-Added-First/Last (TAXII 2.1 §3.2); left out when the page is empty (no dates to give). */
export function dateAddedHeaders(reply: FastifyReply, records: readonly TaxiiObjectRecord[]) {
  const first = records[0];
  const last = records[records.length - 1];
  if (first !== undefined && last !== undefined) {
    reply.header('x-taxii-date-added-first', first.dateAdded);
    reply.header('x-taxii-date-added-last', last.dateAdded);
  }
}
