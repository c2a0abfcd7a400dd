/**
 * A defacement incident as a STIX 2.1 bundle: who reports it, what was seen where, what to look for
 * elsewhere, and why. Pure: the same incident and context always give the same bundle, byte for
 * byte, so a re-send is idempotent (same ids, same `modified`) and only a real change to the
 * incident (seen again, closed, approved) makes a new version of its objects.
 *
 * Objects (docs/stix.md has the table):
 *   marking-definition  TLP 2.0 level of the agency (official OASIS object)
 *   identity            this member (the reporter), and the agency whose site was hit
 *   attack-pattern      MITRE ATT&CK T1491.002 External Defacement
 *   url, domain-name, ipv4-addr/ipv6-addr, artifact   the site, the server, the screenshot
 *   observed-data       the defacement as seen: first/last check, number of defaced checks
 *   indicator           the defacement content: first-screen pHash, slogans, new script origins
 *   relationship        indicator indicates attack-pattern; indicator based-on observed-data
 *   sighting            the indicator (or the technique) sighted at the agency
 *   note                the human reason
 */
import type { Incident } from '../../core/incident.js';
import { isPerceptualHash } from '../../compare/perceptual-hash.js';
import type { SharingContext } from './context.js';
import { incidentFacts, type IncidentFacts } from './evidence.js';
import { latestTime, sdoId, stixTime, type StixId } from './ids.js';
import { originHost, screenshotArtifact, siteAddresses, siteObservables } from './observables.js';
import { buildPattern } from './pattern.js';
import { DEFAULT_TLP, tlpMarking } from './tlp.js';
import type {
  KillChainPhase,
  StixAttackPattern,
  StixBundle,
  StixCommon,
  StixIdentity,
  StixIndicator,
  StixNote,
  StixObject,
  StixObservedData,
  StixRelationship,
  StixSco,
  StixSighting,
} from './types.js';

/** MITRE ATT&CK: Defacement: External Defacement. */
export const ATTACK_TECHNIQUE = { id: 'T1491.002', name: 'External Defacement', url: 'https://attack.mitre.org/techniques/T1491/002/' } as const;
/** The ATT&CK tactic of T1491.002 as a STIX kill chain phase. */
export const IMPACT_PHASE: KillChainPhase = { kill_chain_name: 'mitre-attack', phase_name: 'impact' };
/**
 * created/modified of objects that have no history of their own (identities, the attack pattern):
 * fixed, so every bundle carries the same version of them.
 */
export const STATIC_OBJECT_TIME = '2020-01-01T00:00:00.000Z';
/** An indicator stays valid this long after the defacement was last seen: campaigns reuse pages for weeks. */
export const INDICATOR_VALIDITY_DAYS = 90;
/**
 * Hamming distance within which a recipient should take a first-screen pHash as the same page; stated in
 * the indicator's description for other tools (the detector's own threshold).
 */
export const PHASH_MATCH_DISTANCE = 10;

/** STIX industry-sector-ov values for the sectors of targets files. */
const SECTORS: Readonly<Record<string, string>> = { government: 'government', bank: 'financial-services', hospital: 'healthcare' };

const DAY_MS = 86_400_000;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The identity of this member organisation: the `created_by_ref` of everything it shares. */
export function organisationIdentity(organisation: SharingContext['organisation']): StixIdentity {
  return {
    type: 'identity',
    spec_version: '2.1',
    // The contact is part of the name: a changed contact is a new identity rather than a silent edit
    // of one whose `modified` we could not move.
    id: sdoId('identity', 'organisation', organisation.name, organisation.contact ?? ''),
    created: STATIC_OBJECT_TIME,
    modified: STATIC_OBJECT_TIME,
    name: organisation.name,
    identity_class: 'organization',
    ...(organisation.contact === undefined ? {} : { contact_information: organisation.contact }),
  };
}

/** When the incident last changed in a way the bundle shows: seen again, closed. */
function versionTime(incident: Incident): string {
  return latestTime(incident.openedAt, incident.lastSeenAt, incident.closedAt);
}

/** The host of the site's URL, for names and the note's title. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    // Only words depend on it: a URL that cannot be parsed is shown as it is.
    return url;
  }
}

function indicatorName(incident: Incident, facts: IncidentFacts): string {
  const slogan = facts.slogans[0];
  const host = hostOf(incident.url);
  return slogan === undefined ? `Defacement page seen on ${host}` : `Defacement "${clip(slogan, 60)}" on ${host}`;
}

function indicatorDescription(incident: Incident, facts: IncidentFacts, phash: string | undefined, organisation: string): string {
  const parts = [`Content of a defacement of ${incident.url} (${incident.agency}) reported by ${organisation}, first seen ${stixTime(incident.openedAt)}.`];
  if (phash !== undefined) {
    parts.push(
      `x-defacewatch-page:first_screen_phash is a 64-bit DCT perceptual hash of the top 768 px of the page's screenshot (16 hex digits); ` +
        `treat a hash within Hamming distance ${PHASH_MATCH_DISTANCE} as the same page.`,
    );
  }
  if (facts.slogans.length > 0)
    parts.push("x-defacewatch-page:phrases[*] are phrases the page showed (NFKC, lower case, white space collapsed); match them in a page's visible text.");
  if (facts.origins.length > 0) parts.push('The defaced page loaded scripts or frames from the domains and addresses named.');
  if (facts.flags.length > 0) parts.push(`Flags shown: ${facts.flags.join(', ')}.`);
  return parts.join(' ');
}

function statusLine(incident: Incident): string {
  if (incident.status === 'approved')
    return `Status: approved by the agency as a legitimate change at ${stixTime(incident.closedAt ?? incident.lastSeenAt)}; the objects of this report are revoked.`;
  if (incident.status === 'restored') return `Status: restored at ${stixTime(incident.closedAt ?? incident.lastSeenAt)}.`;
  return `Status: open, last seen ${stixTime(incident.lastSeenAt)} (${incident.defacedChecks} defaced check${incident.defacedChecks === 1 ? '' : 's'}).`;
}

function noteContent(incident: Incident, facts: IncidentFacts): string {
  const lines = [`defacewatch found ${incident.url} (${incident.agency}) defaced at ${stixTime(incident.openedAt)}.`, `Reason: ${incident.opening.reason}`];
  if (incident.latest.reason !== incident.opening.reason) lines.push(`Latest check: ${incident.latest.reason}`);
  lines.push(statusLine(incident));
  if (facts.slogans.length > 0) lines.push(`Slogans: ${facts.slogans.map((s) => `"${s}"`).join(', ')}`);
  if (facts.flags.length > 0) lines.push(`Flags: ${facts.flags.join(', ')}`);
  if (facts.origins.length > 0) lines.push(`New script/frame origins: ${facts.origins.join(', ')}`);
  if (facts.summaries.length > 0) lines.push('Signals:', ...facts.summaries.map((s) => `- ${s}`));
  return lines.join('\n');
}

/** Host names and addresses of origins, for `domain-name` / `ip` comparisons. */
function originHosts(origins: string[]): string[] {
  return [...new Set(origins.map(originHost).filter((h): h is string => h !== undefined && h !== ''))];
}

/**
 * What every versioned object of an incident's report carries: its author, `created` when the
 * incident opened, `modified` when it last changed, `revoked` once approved, and the TLP marking.
 */
type Versioned = Pick<StixCommon, 'created_by_ref' | 'created' | 'modified' | 'revoked' | 'object_marking_refs'>;

/**
 * The STIX 2.1 bundle of one defacement incident. Deterministic: ids are UUIDv5 (SCOs per STIX 2.1
 * §2.9; ours from the incident id and the object's role), `created` is when the incident opened and
 * `modified` when it was last seen or closed. An incident approved as a legitimate change revokes
 * its indicator, sighting and the rest of its report.
 */
export function incidentBundle(incident: Incident, context: SharingContext): StixBundle {
  const level = context.tlp ?? DEFAULT_TLP;
  const marking = tlpMarking(level);
  const marks = { object_marking_refs: [marking.id] };
  const created = stixTime(incident.openedAt);
  const modified = versionTime(incident);
  const revoked = incident.status === 'approved' ? { revoked: true } : {};
  const facts = incidentFacts(incident);

  const reporter = organisationIdentity(context.organisation);
  const agency = agencyIdentity(incident.agency, reporter.id, context.sector, marks.object_marking_refs);
  const technique = attackPattern(reporter.id);
  const scos = siteScos(incident, context, marks.object_marking_refs);
  const versioned: Versioned = { created_by_ref: reporter.id, created, modified, ...revoked, ...marks };
  const observed = observedData(incident, versioned, scos);
  const indicator = contentIndicator(incident, context, facts, versioned);
  const relationships = indicator === undefined ? [] : indicatorRelationships(incident.id, versioned, indicator.id, technique.id, observed.id);
  const sighting = incidentSighting(incident, versioned, indicator?.id ?? technique.id, observed.id, agency.id);
  const note = incidentNote(incident, facts, versioned, context.organisation.name, [observed.id, ...(indicator === undefined ? [] : [indicator.id]), sighting.id]);

  const objects: StixObject[] = [
    marking,
    reporter,
    agency,
    technique,
    ...scos,
    observed,
    ...(indicator === undefined ? [] : [indicator]),
    ...relationships,
    sighting,
    note,
  ];
  return { type: 'bundle', id: sdoId('bundle', incident.id, modified, level), objects };
}

/** The agency whose site was hit, as the reporter names it, with its sector when known. */
function agencyIdentity(name: string, reporterId: StixId, sectorOfSite: string | undefined, markings: StixId[]): StixIdentity {
  const sector = sectorOfSite === undefined ? undefined : SECTORS[sectorOfSite];
  return {
    type: 'identity',
    spec_version: '2.1',
    id: sdoId('identity', 'agency', reporterId, name),
    created_by_ref: reporterId,
    created: STATIC_OBJECT_TIME,
    modified: STATIC_OBJECT_TIME,
    name,
    identity_class: 'organization',
    ...(sector === undefined ? {} : { sectors: [sector] }),
    object_marking_refs: markings,
  };
}

/** ATT&CK T1491.002 as the reporter's own attack pattern. */
function attackPattern(reporterId: StixId): StixAttackPattern {
  return {
    type: 'attack-pattern',
    spec_version: '2.1',
    // Our own object (created by us) pointing at ATT&CK by external id: reusing MITRE's object id
    // would make our copy a competing version of their object.
    id: sdoId('attack-pattern', reporterId, 'mitre-attack', ATTACK_TECHNIQUE.id),
    created_by_ref: reporterId,
    created: STATIC_OBJECT_TIME,
    modified: STATIC_OBJECT_TIME,
    name: ATTACK_TECHNIQUE.name,
    description: 'Adversaries modify the content of public-facing websites to deliver messaging, intimidate or discredit the site owner.',
    kill_chain_phases: [IMPACT_PHASE],
    external_references: [{ source_name: 'mitre-attack', external_id: ATTACK_TECHNIQUE.id, url: ATTACK_TECHNIQUE.url }],
  };
}

/** The site's URL, domain and addresses, and the screenshot when the context attaches it. */
function siteScos(incident: Incident, context: SharingContext, markings: StixId[]): StixSco[] {
  const scos = [...siteObservables(siteAddresses(incident), markings).objects];
  const image = context.includeScreenshot === true ? context.screenshot?.image : undefined;
  const artifact = image === undefined ? undefined : screenshotArtifact(image, markings);
  if (artifact !== undefined) scos.push(artifact);
  return scos;
}

/** The defacement as seen: first and last defaced check, how many, and the site's observables. */
function observedData(incident: Incident, versioned: Versioned, scos: readonly StixSco[]): StixObservedData {
  return {
    type: 'observed-data',
    spec_version: '2.1',
    id: sdoId('observed-data', incident.id),
    ...versioned,
    first_observed: stixTime(incident.openedAt),
    last_observed: stixTime(incident.lastSeenAt),
    number_observed: Math.max(1, incident.defacedChecks),
    object_refs: scos.map((o) => o.id),
  };
}

/** What to look for elsewhere (pHash, slogans, origins), or undefined when the incident shows none. */
function contentIndicator(incident: Incident, context: SharingContext, facts: IncidentFacts, versioned: Versioned): StixIndicator | undefined {
  const phash = context.screenshot?.phash !== undefined && isPerceptualHash(context.screenshot.phash) ? context.screenshot.phash : undefined;
  const hosts = originHosts(facts.origins);
  if (phash === undefined && facts.slogans.length === 0 && hosts.length === 0) return undefined;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: sdoId('indicator', incident.id),
    ...versioned,
    name: indicatorName(incident, facts),
    description: indicatorDescription(incident, facts, phash, context.organisation.name),
    indicator_types: ['malicious-activity'],
    pattern: buildPattern({ phashes: phash === undefined ? [] : [phash], phrases: facts.slogans, hosts }),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: stixTime(incident.openedAt),
    valid_until: stixTime(Date.parse(incident.lastSeenAt) + INDICATOR_VALIDITY_DAYS * DAY_MS),
    kill_chain_phases: [IMPACT_PHASE],
    confidence: Math.round(Math.min(1, Math.max(0, incident.opening.score)) * 100),
    labels: ['defacement'],
  };
}

/** The indicator indicates the technique and is based on the observed data. */
function indicatorRelationships(incidentId: string, versioned: Versioned, indicatorId: StixId, techniqueId: StixId, observedId: StixId): StixRelationship[] {
  const relate = (type: string, target: StixId): StixRelationship => ({
    type: 'relationship',
    spec_version: '2.1',
    id: sdoId('relationship', incidentId, type),
    ...versioned,
    relationship_type: type,
    source_ref: indicatorId,
    target_ref: target,
  });
  return [relate('indicates', techniqueId), relate('based-on', observedId)];
}

/** The indicator (or, without one, the technique) sighted at the agency. */
function incidentSighting(incident: Incident, versioned: Versioned, sightingOf: StixId, observedId: StixId, agencyId: StixId): StixSighting {
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: sdoId('sighting', incident.id),
    ...versioned,
    description: `Defacement of ${incident.url} seen by defacewatch.`,
    first_seen: stixTime(incident.openedAt),
    last_seen: stixTime(incident.lastSeenAt),
    count: Math.max(1, incident.defacedChecks),
    sighting_of_ref: sightingOf,
    observed_data_refs: [observedId],
    where_sighted_refs: [agencyId],
  };
}

/** The human reason, on the objects it explains. */
function incidentNote(incident: Incident, facts: IncidentFacts, versioned: Versioned, author: string, about: StixId[]): StixNote {
  return {
    type: 'note',
    spec_version: '2.1',
    id: sdoId('note', incident.id),
    ...versioned,
    abstract: `Why defacewatch called ${hostOf(incident.url)} defaced`,
    content: noteContent(incident, facts),
    authors: [author],
    object_refs: about,
  };
}

/**
 * Several bundles as one (for `defacewatch export stix`): each object once by id, the version with
 * the latest `modified` kept, in first-seen order. The bundle id is derived from the parts' ids.
 */
export function combineBundles(bundles: readonly StixBundle[]): StixBundle {
  const byId = new Map<string, StixObject>();
  // STIX 2.1 §3.6: the version of an object is its `modified` (SCOs and markings have none: one version).
  const version = (o: StixObject): string => ('modified' in o ? o.modified : 'created' in o ? o.created : '');
  for (const bundle of bundles) {
    for (const object of bundle.objects) {
      const held = byId.get(object.id);
      if (held === undefined || version(object) > version(held)) byId.set(object.id, object);
    }
  }
  return { type: 'bundle', id: sdoId('bundle', 'combined', ...bundles.map((b) => b.id)), objects: [...byId.values()] };
}
