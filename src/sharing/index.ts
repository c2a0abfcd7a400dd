/**
 * The sharing network (STIX 2.1 over TAXII 2.1, and MISP export): everything the rest of
 * defacewatch uses of it. Nothing outside src/sharing/ imports its inner files; the daemon's own
 * entry is tasks.ts (the TAXII server and scheduled pulls), kept apart so the commands that only
 * check or export do not load the server.
 *
 * Inside: stix/ maps incidents to bundles and parses peers' objects, misp/ maps them to MISP
 * events, taxii-client/ and taxii-server/ are the transport, store/ keeps published objects and
 * peers' indicators, publish.ts is what a check hands the network, sink.ts publishes the outbox's
 * `stix` messages, pull.ts ingests peers' indicators, network.ts wires it all from the config.
 */
export { createNetwork, OWN_COLLECTION_PUBLISHER, type Network } from './network.js';
export { incidentScreenshot, type IncidentSharing, type SharingSite } from './publish.js';
export { pullOnce, type PullDeps, type PullResult, type SharedObjectParser } from './pull.js';
export { combineBundles, describeScreenshot, incidentBundle, parseSharedObjects, type SharingContext, type StixBundle } from './stix/index.js';
export { incidentMispEvent, type MispEvent } from './misp/index.js';
