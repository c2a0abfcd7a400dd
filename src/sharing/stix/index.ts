/**
 * STIX 2.1 for the sharing network: incidents out as bundles, peers' indicators in as
 * SharedIndicators. docs/stix.md describes the mapping.
 */
export { ATTACK_TECHNIQUE, INDICATOR_VALIDITY_DAYS, PHASH_MATCH_DISTANCE, combineBundles, incidentBundle, organisationIdentity } from './bundle.js';
export { MAX_ATTACHMENT_BYTES, type AttachableImage, type ScreenshotFacts, type SharingContext } from './context.js';
export { incidentFacts, type IncidentFacts } from './evidence.js';
export { DEFACEWATCH_NAMESPACE, STIX_SCO_NAMESPACE, canonicalJson, isStixId, scoId, sdoId, stixTime, type StixId } from './ids.js';
export { MAX_SHARED_OBJECTS, parseSharedObjects, type ParseOptions, type ParsedSharedObjects, type RejectedObject } from './parse.js';
export { PAGE_TYPE, PatternError, buildPattern, readPattern } from './pattern.js';
export { describeScreenshot, type DescribeScreenshotOptions } from './screenshot.js';
export { DEFAULT_TLP, TLP2_MARKING_IDS, tlpMarking, tlpOfMarking, type TlpMarkingDefinition } from './tlp.js';
export type * from './types.js';
