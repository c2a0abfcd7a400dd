/**
 * Traffic Light Protocol 2.0 markings as STIX 2.1 marking definitions. STIX 2.1 §7.2.1.4 predefines
 * only TLP 1.0 (white/green/amber/red); TLP 2.0 levels are published by the OASIS CTI TC as
 * marking-definition objects that carry the TLP 2.0 property extension
 * (extension-definition--60a3c5c5-…, oasis-open/cti-stix-common-objects,
 * extension-definition-specifications/tlp-2.0). Their ids, names and created time are fixed by that
 * publication and must be used as they are: recipients recognise the marking by its id.
 */
import type { TlpLevel } from '../../config/daemon-schema.js';
import type { StixId } from './ids.js';

/** The TLP 2.0 property extension's definition id. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
/** The `created` time of every official TLP 2.0 marking definition. */
export const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

/** The official marking-definition id of each TLP 2.0 level. */
export const TLP2_MARKING_IDS: Readonly<Record<TlpLevel, StixId>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The TLP level every shared object carries unless the agency or the daemon says otherwise. */
export const DEFAULT_TLP: TlpLevel = 'amber';

/** A TLP 2.0 marking-definition object as published. */
export interface TlpMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: StixId;
  created: string;
  name: string;
  extensions: Record<string, { extension_type: 'property-extension'; tlp_2_0: TlpLevel }>;
}

/** The official marking-definition object of a TLP 2.0 level, to send along with objects it marks. */
export function tlpMarking(level: TlpLevel): TlpMarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[level],
    created: TLP2_CREATED,
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

/** The TLP 2.0 level of a marking-definition id, or undefined when it is not one of the official five. */
export function tlpOfMarking(id: string): TlpLevel | undefined {
  for (const [level, markingId] of Object.entries(TLP2_MARKING_IDS)) if (markingId === id) return level as TlpLevel;
  return undefined;
}
