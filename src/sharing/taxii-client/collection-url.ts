/**
 * Where a TAXII 2.1 collection's endpoints are, from the one URL a member configures.
 */

import { DefacewatchError } from '../../core/errors.js';

/** The URLs of one collection's endpoints (TAXII 2.1 §3.1), all ending in "/". */
export interface CollectionLocation {
  /** `{api-root}/collections/{id}/` */
  collectionUrl: string;
  /** `{api-root}/` */
  apiRootUrl: string;
  collectionId: string;
  /** `{api-root}/collections/{id}/objects/` */
  objectsUrl: string;
  /** `{api-root}/collections/{id}/manifest/` */
  manifestUrl: string;
}

// A status id comes from the hub; it becomes one path segment and nothing else.
const SAFE_SEGMENT = /^[A-Za-z0-9._~-]{1,200}$/;

/**
 * Splits a collection URL (`…/collections/<id>/`, as the config requires) into its API root and
 * endpoints. The query and fragment are dropped (TAXII 2.1 §4.1.1: API roots carry no query).
 * Throws CONFIG_INVALID for anything else.
 */
export function locateCollection(url: string): CollectionLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw notACollection(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw notACollection(url);
  const match = /^(.*\/)collections\/([^/]+)\/$/.exec(parsed.pathname);
  if (match === null) throw notACollection(url);
  const [, rootPath = '/', id = ''] = match;
  const origin = parsed.origin;
  const apiRootUrl = `${origin}${rootPath}`;
  const collectionUrl = `${apiRootUrl}collections/${id}/`;
  return {
    collectionUrl,
    apiRootUrl,
    collectionId: decodeURIComponent(id),
    objectsUrl: `${collectionUrl}objects/`,
    manifestUrl: `${collectionUrl}manifest/`,
  };
}

/**
 * `{api-root}/status/{status-id}/` (TAXII 2.1 §4.3), or null when the id the hub gave is not one
 * plain path segment (it must not steer our request, with our credentials, elsewhere).
 */
export function statusUrlOf(location: CollectionLocation, statusId: string): string | null {
  return SAFE_SEGMENT.test(statusId) ? `${location.apiRootUrl}status/${statusId}/` : null;
}

function notACollection(url: string): DefacewatchError {
  return new DefacewatchError('CONFIG_INVALID', `"${url}" is not a TAXII collection URL`, {
    hint: 'Give the collection URL, ending in "/collections/<id>/", e.g. "https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/".',
  });
}
