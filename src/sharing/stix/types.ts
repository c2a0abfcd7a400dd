/**
 * The STIX 2.1 objects defacewatch writes, as TypeScript types: what `incidentBundle` returns and
 * what the TAXII side stores, serves and pushes. Property names are the spec's (snake_case).
 */
import type { StixId } from './ids.js';
import type { TlpMarkingDefinition } from './tlp.js';

/** Properties every SDO and SRO has (STIX 2.1 §3.2). */
export interface StixCommon {
  spec_version: '2.1';
  id: StixId;
  created_by_ref?: StixId;
  /** STIX 2.1 §3.2: UTC, millisecond precision. */
  created: string;
  modified: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  external_references?: ExternalReference[];
  object_marking_refs?: StixId[];
}

/** STIX 2.1 §2.5. */
export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  external_id?: string;
}

/** STIX 2.1 §2.8. */
export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

export interface StixIdentity extends StixCommon {
  type: 'identity';
  name: string;
  description?: string;
  identity_class?: string;
  sectors?: string[];
  contact_information?: string;
  roles?: string[];
}

export interface StixAttackPattern extends StixCommon {
  type: 'attack-pattern';
  name: string;
  description?: string;
  kill_chain_phases?: KillChainPhase[];
}

export interface StixIndicator extends StixCommon {
  type: 'indicator';
  name?: string;
  description?: string;
  indicator_types?: string[];
  pattern: string;
  pattern_type: 'stix';
  pattern_version?: string;
  valid_from: string;
  valid_until?: string;
  kill_chain_phases?: KillChainPhase[];
}

export interface StixObservedData extends StixCommon {
  type: 'observed-data';
  first_observed: string;
  last_observed: string;
  number_observed: number;
  object_refs: StixId[];
}

export interface StixSighting extends StixCommon {
  type: 'sighting';
  description?: string;
  first_seen?: string;
  last_seen?: string;
  count?: number;
  sighting_of_ref: StixId;
  observed_data_refs?: StixId[];
  where_sighted_refs?: StixId[];
}

export interface StixRelationship extends StixCommon {
  type: 'relationship';
  relationship_type: string;
  description?: string;
  source_ref: StixId;
  target_ref: StixId;
}

export interface StixNote extends StixCommon {
  type: 'note';
  abstract?: string;
  content: string;
  authors?: string[];
  object_refs: StixId[];
}

/** Properties every SCO we write has (STIX 2.1 §6.1). */
export interface ScoCommon {
  spec_version: '2.1';
  id: StixId;
  object_marking_refs?: StixId[];
}

export interface StixUrl extends ScoCommon {
  type: 'url';
  value: string;
}

export interface StixDomainName extends ScoCommon {
  type: 'domain-name';
  value: string;
  resolves_to_refs?: StixId[];
}

export interface StixIpv4Address extends ScoCommon {
  type: 'ipv4-addr';
  value: string;
}

export interface StixIpv6Address extends ScoCommon {
  type: 'ipv6-addr';
  value: string;
}

export type StixIpAddress = StixIpv4Address | StixIpv6Address;

export interface StixArtifact extends ScoCommon {
  type: 'artifact';
  mime_type: string;
  /** Base64 (STIX 2.1 §2.1 binary). */
  payload_bin: string;
  hashes: Record<string, string>;
}

/** A STIX Cyber-observable Object defacewatch writes. */
export type StixSco = StixUrl | StixDomainName | StixIpAddress | StixArtifact;

/** A STIX Domain Object defacewatch writes. */
export type StixSdo = StixIdentity | StixAttackPattern | StixIndicator | StixObservedData | StixNote;

/** A STIX Relationship Object defacewatch writes. */
export type StixSro = StixRelationship | StixSighting;

/** Any object in a bundle defacewatch writes. */
export type StixObject = StixSdo | StixSro | StixSco | TlpMarkingDefinition;

/** STIX 2.1 §8: a bundle (a transport wrapper; its id means nothing beyond one message). */
export interface StixBundle {
  type: 'bundle';
  id: StixId;
  objects: StixObject[];
}
