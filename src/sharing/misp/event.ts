/**
 * A defacement incident as a MISP event (MISP core format, draft-dulaunoy-misp-core-format), for
 * members that run MISP: import the JSON (Events → Import from… → MISP JSON) or POST it to
 * /events/add. Pure and deterministic like the STIX mapping: the event and attribute uuids are
 * UUIDv5 over the incident, so importing the same incident again updates one event instead of
 * adding a second.
 *
 * Attribute types and categories are MISP's own (each type only in the categories MISP allows it):
 * the victim's url / domain / ip-dst (Network activity, not for IDS: a victim is not an indicator),
 * the agency (target-org), slogans and the perceptual hash as text, the STIX pattern as
 * stix2-pattern, new script origins as domain / ip-dst, the reason as a comment, and the screenshot
 * as an attachment (base64 in `data`) when the context asks for it.
 */
import type { TlpLevel } from '../../config/daemon-schema.js';
import type { Incident } from '../../core/incident.js';
import { isPerceptualHash } from '../../compare/perceptual-hash.js';
import { ATTACK_TECHNIQUE, organisationIdentity } from '../stix/bundle.js';
import { MAX_ATTACHMENT_BYTES, type SharingContext } from '../stix/context.js';
import { incidentFacts } from '../stix/evidence.js';
import { latestTime, stableUuid, stixTime } from '../stix/ids.js';
import { originHost, siteAddresses } from '../stix/observables.js';
import { buildPattern } from '../stix/pattern.js';
import { DEFAULT_TLP } from '../stix/tlp.js';

/** A MISP attribute as the core format writes it (numbers as strings, as MISP exports them). */
export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  /** "5": inherit the event's distribution. */
  distribution: string;
  /** Seconds since the epoch. */
  timestamp: string;
  comment: string;
  /** Base64 content of an attachment. */
  data?: string;
}

/** A MISP event in the core format. */
export interface MispEvent {
  Event: {
    uuid: string;
    info: string;
    /** YYYY-MM-DD: when the defacement was first seen. */
    date: string;
    /** "1" high … "4" undefined. */
    threat_level_id: string;
    /** "0" initial, "1" ongoing, "2" completed. */
    analysis: string;
    /** "0" your organisation only … "3" all communities. */
    distribution: string;
    published: boolean;
    timestamp: string;
    Orgc: { name: string; uuid: string };
    Tag: { name: string }[];
    Attribute: MispAttribute[];
  };
}

/**
 * MISP distribution levels per TLP 2.0 level: CLEAR may go to all communities, GREEN to connected
 * ones, AMBER stays in this community, AMBER+STRICT and RED with the recipient organisation.
 */
export const TLP_DISTRIBUTION: Readonly<Record<TlpLevel, string>> = { clear: '3', green: '2', amber: '1', 'amber+strict': '0', red: '0' };

/** The eCSIRT taxonomy tag of a defacement (MISP taxonomies, ecsirt). */
export const DEFACEMENT_TAG = 'ecsirt:intrusions="defacement"';
/** The MITRE ATT&CK galaxy cluster tag of T1491.002. */
export const ATTACK_TAG = `misp-galaxy:mitre-attack-pattern="${ATTACK_TECHNIQUE.name} - ${ATTACK_TECHNIQUE.id}"`;

function epochSeconds(iso: string): string {
  return String(Math.floor(Date.parse(iso) / 1000));
}

/**
 * The MISP event of one defacement incident: tagged `ecsirt:intrusions="defacement"`, the agency's
 * TLP tag and the ATT&CK technique, with the attributes listed in this module's header.
 */
export function incidentMispEvent(incident: Incident, context: SharingContext): MispEvent {
  const level = context.tlp ?? DEFAULT_TLP;
  const modified = latestTime(incident.openedAt, incident.lastSeenAt, incident.closedAt);
  const timestamp = epochSeconds(modified);
  const facts = incidentFacts(incident);
  const addresses = siteAddresses(incident);
  const attributes: MispAttribute[] = [];
  const add = (type: string, category: string, value: string, comment: string, extra: Partial<MispAttribute> = {}): void => {
    attributes.push({
      // Stable per incident, type and value: a re-import updates the attribute instead of adding one.
      uuid: stableUuid('misp-attribute', incident.id, type, value),
      type,
      category,
      value,
      to_ids: false,
      distribution: '5',
      timestamp,
      comment,
      ...extra,
    });
  };

  add('url', 'Network activity', addresses.url, 'Defaced site (victim)');
  if (addresses.finalUrl !== undefined) add('url', 'Network activity', addresses.finalUrl, 'Where the defaced site redirected to');
  if (addresses.domain !== undefined) add('domain', 'Network activity', addresses.domain, 'Domain of the defaced site (victim)');
  for (const ip of addresses.ips) add('ip-dst', 'Network activity', ip, 'Address that served the defaced page');
  add('target-org', 'Targeting data', incident.agency, 'Agency whose site was defaced');
  for (const slogan of facts.slogans) add('text', 'Other', slogan, 'Slogan shown on the defaced page (folded: NFKC, lower case)');
  for (const flag of facts.flags) add('text', 'Other', `${flag} flag`, 'Flag shown on the defaced page');
  const phash = context.screenshot?.phash !== undefined && isPerceptualHash(context.screenshot.phash) ? context.screenshot.phash : undefined;
  if (phash !== undefined) add('text', 'External analysis', phash, 'defacewatch perceptual hash (64-bit DCT pHash, hex) of the first 768 px of the defaced page');
  for (const origin of facts.origins) {
    const host = originHost(origin);
    if (host === undefined) continue;
    const type = /^[\d.]+$/.test(host) || host.includes(':') ? 'ip-dst' : 'domain';
    add(type, 'Network activity', host, `Origin ${origin} of a script or frame the defaced page loaded and the approved page did not`);
  }
  const hosts = [...new Set(facts.origins.map(originHost).filter((h): h is string => h !== undefined))];
  if (phash !== undefined || facts.slogans.length > 0 || hosts.length > 0) {
    add(
      'stix2-pattern',
      'Network activity',
      buildPattern({ phashes: phash === undefined ? [] : [phash], phrases: facts.slogans, hosts }),
      'STIX 2.1 pattern of the defacement content (see the STIX export)',
    );
  }
  add('comment', 'Other', incident.latest.reason, `Why defacewatch called the site defaced (score ${incident.latest.score.toFixed(2)})`);
  const image = context.includeScreenshot === true ? context.screenshot?.image : undefined;
  if (image !== undefined && image.data.length > 0 && image.data.length <= MAX_ATTACHMENT_BYTES) {
    const name = `${incident.id}-actual.${image.mimeType === 'image/png' ? 'png' : 'jpg'}`;
    add('attachment', 'External analysis', name, 'First screen of the defaced page', {
      data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64'),
    });
  }

  const reporter = organisationIdentity(context.organisation);
  const analysis = incident.status === 'open' ? '1' : '2';
  const status = incident.status === 'approved' ? ' [approved as a legitimate change]' : incident.status === 'restored' ? ' [restored]' : '';
  return {
    Event: {
      uuid: stableUuid('misp-event', incident.id),
      info: `Defacement of ${addresses.url} (${incident.agency})${status}`,
      date: stixTime(incident.openedAt).slice(0, 10),
      threat_level_id: '2',
      analysis,
      distribution: TLP_DISTRIBUTION[level],
      published: false,
      timestamp,
      Orgc: { name: context.organisation.name, uuid: reporter.id.slice('identity--'.length) },
      Tag: [{ name: DEFACEMENT_TAG }, { name: `tlp:${level}` }, { name: ATTACK_TAG }],
      Attribute: attributes,
    },
  };
}
