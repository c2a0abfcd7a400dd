/**
 * The TAXII 2.1 resources both our client and our server exchange, as types and as zod schemas.
 * The schemas check what a peer sends before anything reads it (never trust a peer): required
 * properties present with the right types; unknown properties are dropped (TAXII 2.1 §7.1 lets
 * clients ignore custom properties).
 */

import { z } from 'zod';

const count = z.number().int().min(0);

/** Discovery resource (TAXII 2.1 §4.1.1). */
export const discoverySchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  contact: z.string().optional(),
  default: z.string().optional(),
  api_roots: z.array(z.string()).optional(),
});
export type TaxiiDiscovery = z.infer<typeof discoverySchema>;

/** API Root resource (TAXII 2.1 §4.2.1). */
export const apiRootSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  versions: z.array(z.string()),
  max_content_length: z.number().int().positive(),
});
export type TaxiiApiRoot = z.infer<typeof apiRootSchema>;

/** Collection resource (TAXII 2.1 §5.2.1). */
export const collectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  alias: z.string().optional(),
  can_read: z.boolean(),
  can_write: z.boolean(),
  media_types: z.array(z.string()).optional(),
});
export type TaxiiCollection = z.infer<typeof collectionSchema>;

/** Collections resource (TAXII 2.1 §5.1.1): the key is omitted when there are none. */
export const collectionsSchema = z.object({ collections: z.array(collectionSchema).optional() });
export type TaxiiCollections = z.infer<typeof collectionsSchema>;

/**
 * Envelope (TAXII 2.1 §3.7). The objects stay `unknown`: they are STIX from a peer, and the STIX
 * parser validates each one on its own, so one bad object does not sink the page.
 */
export const envelopeSchema = z.object({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z.array(z.unknown()).optional(),
});
export type TaxiiEnvelope = z.infer<typeof envelopeSchema>;

/** Manifest record and resource (TAXII 2.1 §5.3.1). */
export const manifestRecordSchema = z.object({
  id: z.string(),
  date_added: z.string(),
  version: z.string(),
  media_type: z.string().optional(),
});
export type TaxiiManifestRecord = z.infer<typeof manifestRecordSchema>;
export const manifestSchema = z.object({
  more: z.boolean().optional(),
  objects: z.array(manifestRecordSchema).optional(),
});
export type TaxiiManifest = z.infer<typeof manifestSchema>;

/** Versions resource (TAXII 2.1 §5.8.1). */
export const versionsSchema = z.object({ more: z.boolean().optional(), versions: z.array(z.string()).optional() });
export type TaxiiVersions = z.infer<typeof versionsSchema>;

/**
 * status-details (TAXII 2.1 §4.3.1). `version` is required by the table, yet the spec's own
 * example of a POST response leaves it out, so hubs do too: it is optional here.
 */
export const statusDetailsSchema = z.object({
  id: z.string(),
  version: z.string().optional(),
  message: z.string().optional(),
});
export type TaxiiStatusDetails = z.infer<typeof statusDetailsSchema>;

/** Status resource (TAXII 2.1 §4.3.1). */
export const statusSchema = z.object({
  id: z.string(),
  status: z.enum(['complete', 'pending']),
  request_timestamp: z.string().optional(),
  total_count: count,
  success_count: count,
  successes: z.array(statusDetailsSchema).optional(),
  failure_count: count,
  failures: z.array(statusDetailsSchema).optional(),
  pending_count: count,
  pendings: z.array(statusDetailsSchema).optional(),
});
export type TaxiiStatus = z.infer<typeof statusSchema>;

/** Error message (TAXII 2.1 §3.6.1). All properties are application-specific text. */
export const errorMessageSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  error_id: z.string().optional(),
  error_code: z.string().optional(),
  http_status: z.string().optional(),
  external_details: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TaxiiErrorMessage = z.infer<typeof errorMessageSchema>;
