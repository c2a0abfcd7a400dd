/** TAXII 2.1 transport: media types, resources, the client, and the env-only hub. */
export { TAXII_MEDIA_TYPE, STIX_MEDIA_TYPE, acceptsTaxii21, isTaxii21MediaType, parseMediaType, type MediaType } from './media-types.js';
export * from './resources.js';
export { credentialsFromEnv, authorizationHeader, type TaxiiCredentials, type TaxiiAuthEnvNames } from './auth.js';
export { locateCollection, statusUrlOf, type CollectionLocation } from './collection-url.js';
export { TaxiiRequestError } from './http.js';
export {
  createTaxiiClient,
  type TaxiiClient,
  type TaxiiClientOptions,
  type StatusPollOptions,
  type AddObjectsResult,
  type GetObjectsResult,
  type CallOptions,
  type ObjectsPage,
  type ObjectsQuery,
} from './client.js';
export { taxiiHubsFromEnv, type TaxiiHubs, TAXII_URL_ENV, TAXII_USER_ENV, TAXII_PASSWORD_ENV, ENV_HUB_NAME } from './from-env.js';
export { formatTaxiiTimestamp, parseTimestampMicros } from './timestamps.js';
