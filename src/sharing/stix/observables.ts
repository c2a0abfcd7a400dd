/**
 * The site of an incident as STIX Cyber-observable Objects: its URL(s), domain name, the address
 * that served it, and optionally the screenshot as an artifact. Ids are the spec's deterministic
 * ones (STIX 2.1 §2.9), so every member that sees the same site writes the same SCO ids.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Incident } from '../../core/incident.js';
import { MAX_ATTACHMENT_BYTES, type AttachableImage } from './context.js';
import { scoId, type StixId } from './ids.js';
import type { StixArtifact, StixDomainName, StixIpAddress, StixSco, StixUrl } from './types.js';

/** Where a site lives, as the incident recorded it. */
export interface SiteAddresses {
  /** The monitored URL. */
  url: string;
  /** Where the page ended up, when a redirect took it elsewhere. */
  finalUrl?: string;
  /** The host name of the URL (lower case), when it is a name rather than an address. */
  domain?: string;
  /** Addresses: an IP literal in the URL, the address that served the page. */
  ips: string[];
}

function httpUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    // Not a URL at all: like any other non-http(s) value, it gives no observable.
    return undefined;
  }
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The host of an origin, lower case and without IPv6 brackets, for domain and address comparisons. */
export function originHost(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // Text that is not a URL names no host: undefined is the answer, and the caller leaves it out.
    return undefined;
  }
  return bareHost(url).toLowerCase();
}

/** The URL, final URL, domain and addresses of an incident's site. */
export function siteAddresses(incident: Incident): SiteAddresses {
  const url = httpUrl(incident.url);
  const final = httpUrl(incident.page?.finalUrl);
  const host = url === undefined ? '' : bareHost(url);
  const ips = new Set<string>();
  if (host !== '' && isIP(host) !== 0) ips.add(host);
  if (incident.serverAddress !== undefined && isIP(incident.serverAddress) !== 0) ips.add(incident.serverAddress);
  return {
    url: incident.url,
    ...(final !== undefined && url !== undefined && final.href !== url.href ? { finalUrl: final.href } : {}),
    ...(host !== '' && isIP(host) === 0 ? { domain: host.toLowerCase() } : {}),
    ips: [...ips],
  };
}

/** The SCOs of a site and the one that stands for its URL. */
export interface SiteObservables {
  objects: StixSco[];
  urlId: StixId;
}

/** The site's url, domain-name and ipv4-addr/ipv6-addr SCOs, marked with `markingRefs`. */
export function siteObservables(addresses: SiteAddresses, markingRefs: StixId[]): SiteObservables {
  const marks = markingRefs.length > 0 ? { object_marking_refs: markingRefs } : {};
  const url: StixUrl = { type: 'url', spec_version: '2.1', id: scoId('url', { value: addresses.url }), value: addresses.url, ...marks };
  const objects: StixSco[] = [url];
  if (addresses.finalUrl !== undefined) {
    objects.push({ type: 'url', spec_version: '2.1', id: scoId('url', { value: addresses.finalUrl }), value: addresses.finalUrl, ...marks });
  }
  const ips: StixIpAddress[] = addresses.ips.map((value) =>
    isIP(value) === 6
      ? { type: 'ipv6-addr', spec_version: '2.1', id: scoId('ipv6-addr', { value }), value, ...marks }
      : { type: 'ipv4-addr', spec_version: '2.1', id: scoId('ipv4-addr', { value }), value, ...marks },
  );
  if (addresses.domain !== undefined) {
    const domain: StixDomainName = {
      type: 'domain-name',
      spec_version: '2.1',
      id: scoId('domain-name', { value: addresses.domain }),
      value: addresses.domain,
      ...(ips.length > 0 ? { resolves_to_refs: ips.map((ip) => ip.id) } : {}),
      ...marks,
    };
    objects.push(domain);
  }
  objects.push(...ips);
  return { objects, urlId: url.id };
}

/**
 * The screenshot as an artifact SCO (STIX 2.1 §6.1: payload_bin in base64, with its SHA-256), or
 * undefined when it is larger than MAX_ATTACHMENT_BYTES.
 */
export function screenshotArtifact(image: AttachableImage, markingRefs: StixId[]): StixArtifact | undefined {
  if (image.data.length === 0 || image.data.length > MAX_ATTACHMENT_BYTES) return undefined;
  const payload = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64');
  const hashes = { 'SHA-256': createHash('sha256').update(image.data).digest('hex') };
  return {
    type: 'artifact',
    spec_version: '2.1',
    // STIX 2.1 §6.1: the artifact's ID contributing properties are hashes and payload_bin.
    id: scoId('artifact', { hashes, payload_bin: payload }),
    mime_type: image.mimeType,
    payload_bin: payload,
    hashes,
    ...(markingRefs.length > 0 ? { object_marking_refs: markingRefs } : {}),
  };
}
