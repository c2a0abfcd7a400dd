import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { DefacewatchError } from '../core/errors.js';

/**
 * SSRF guard for the URLs the browser is about to load. The address classification is pure (no
 * DNS) so it can be unit-tested; `checkUrl` adds the DNS lookup and the policy.
 *
 * Policy: only global unicast addresses are allowed. Loopback, private, link-local, CGNAT,
 * unspecified and every other special-purpose range are refused unless the agency sets
 * `allowPrivateNetworks` (intranet sites, demos). Cloud metadata endpoints are refused even then:
 * no site to be watched lives there, and a page that reaches it could put the host's cloud
 * credentials into a screenshot that is then mailed or shared as evidence.
 */

/** What an IP address is, for the guard. */
export interface AddressClass {
  /** The address as given. */
  address: string;
  /** True for global unicast: the only kind a public website can have. */
  isPublic: boolean;
  /** True for a cloud provider's instance-metadata endpoint. */
  isMetadata: boolean;
  /** People's name for the range, e.g. "loopback", "private (RFC 1918)", "unicast". */
  range: string;
}

/**
 * Cloud instance-metadata addresses. 169.254.169.254 is AWS, GCP, Azure, OpenStack, DigitalOcean
 * and Oracle (v2); fd00:ec2::254 is AWS's IPv6 endpoint; 100.100.100.200 is Alibaba Cloud;
 * 168.63.129.16 is Azure's host "WireServer", which sits in public space and so needs listing.
 */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '168.63.129.16', '192.0.0.192', 'fd00:ec2::254']);

/** Host names that reach a metadata endpoint through the provider's own resolver. */
const METADATA_HOSTNAMES: ReadonlySet<string> = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** ipaddr.js range names → what a person reading an error message should see. */
const RANGE_LABELS: Readonly<Record<string, string>> = {
  unicast: 'unicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (RFC 6598)',
  private: 'private (RFC 1918)',
  uniqueLocal: 'unique local (fc00::/7)',
  deprecatedSiteLocal: 'site-local (fec0::/10)',
  reserved: 'reserved',
  benchmarking: 'benchmarking',
  teredo: 'Teredo tunnel',
};

/** Classifies one IP address (v4 or v6, as a string). Throws on a string that is not an IP address. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) throw new Error(`not an IP address: ${address}`);
  const parsed = ipaddr.parse(bare);
  const canonical = canonicalString(parsed);
  if (METADATA_ADDRESSES.has(canonical)) {
    return { address, isPublic: false, isMetadata: true, range: 'cloud metadata endpoint' };
  }
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return { address, isPublic: range === 'unicast', isMetadata: false, range: RANGE_LABELS[range] ?? range };
  }
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) {
    // Classify by the IPv4 address inside: ::ffff:127.0.0.1 is loopback, and NAT64 (64:ff9b::/96,
    // RFC 6052) is how IPv6-only hosts with DNS64 reach every IPv4 site, so it must stay usable.
    const inner = classifyAddress(embedded.address);
    return {
      address,
      isPublic: inner.isPublic,
      isMetadata: inner.isMetadata,
      range: inner.isPublic ? 'unicast' : `${inner.range} (${embedded.kind})`,
    };
  }
  // ::/96 minus :: and ::1 is the deprecated IPv4-compatible form (RFC 4291 §2.5.5.1).
  if (v6.parts.slice(0, 6).every((part) => part === 0) && !['unspecified', 'loopback'].includes(v6.range())) {
    return { address, isPublic: false, isMetadata: false, range: 'IPv4-compatible IPv6 (deprecated)' };
  }
  const range = v6.range();
  return { address, isPublic: range === 'unicast', isMetadata: false, range: RANGE_LABELS[range] ?? range };
}

function canonicalString(parsed: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  return new ipaddr.IPv6(v6.parts).toRFC5952String();
}

/** The IPv4 address carried inside an IPv6 one, for the forms that route to it. */
function embeddedIPv4(v6: ipaddr.IPv6): { address: string; kind: string } | null {
  const p = v6.parts;
  const fromParts = (hi: number, lo: number): string => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  switch (v6.range()) {
    case 'ipv4Mapped':
      return { address: fromParts(p[6]!, p[7]!), kind: 'IPv4-mapped' };
    case 'rfc6145':
      return { address: fromParts(p[6]!, p[7]!), kind: 'IPv4-translated' };
    case 'rfc6052':
      return { address: fromParts(p[6]!, p[7]!), kind: 'NAT64' };
    case '6to4':
      return { address: fromParts(p[1]!, p[2]!), kind: '6to4' };
    default:
      return null;
  }
}

/** True when the host name (not address) is one that cloud resolvers map to a metadata endpoint. */
export function isMetadataHostname(hostname: string): boolean {
  return METADATA_HOSTNAMES.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/**
 * Why this address may not be loaded under the given policy, or null when it may.
 * Metadata endpoints are refused even when private networks are allowed (see the file comment).
 */
export function refusalReason(cls: AddressClass, allowPrivateNetworks: boolean): string | null {
  if (cls.isMetadata) return cls.range;
  if (cls.isPublic || allowPrivateNetworks) return null;
  return cls.range;
}

/** Resolves a host name to every address it has, like `dns.lookup(host, { all: true })`. */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** The system resolver (getaddrinfo, like Chromium's), every address, in resolver order. */
export const systemResolver: HostResolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The outcome of checking one URL: allowed, or refused with a sentence saying why. */
export type UrlCheck = { allowed: true } | { allowed: false; address: string; range: string; reason: string };

export interface CheckUrlOptions {
  allowPrivateNetworks: boolean;
  /** Defaults to the system resolver. */
  resolve?: HostResolver;
  /**
   * Skip DNS for host names and judge only literal addresses and metadata names. Used when private
   * networks are allowed: then only metadata is refused, and the addresses Chromium actually
   * connected to are checked afterwards anyway.
   */
  literalOnly?: boolean;
}

/**
 * Decides whether the browser may load `url`. A host name is resolved and refused when *any* of its
 * addresses is refused: Chromium may pick any of them. Non-http(s)/ws(s) URLs (data:, blob:,
 * about:) carry no host and are allowed. DNS failures throw DefacewatchError('DNS_FAILED').
 */
export async function checkUrl(url: string | URL, options: CheckUrlOptions): Promise<UrlCheck> {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return { allowed: true };
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (isMetadataHostname(host)) {
    return { allowed: false, address: host, range: 'cloud metadata endpoint', reason: `${host} (cloud metadata endpoint)` };
  }
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else if (options.literalOnly) {
    return { allowed: true };
  } else {
    const resolve = options.resolve ?? systemResolver;
    try {
      addresses = await resolve(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new DefacewatchError('DNS_FAILED', `site URL ${parsed.href} did not resolve: ${host} (${code})`, { cause: err });
    }
    if (addresses.length === 0) {
      throw new DefacewatchError('DNS_FAILED', `site URL ${parsed.href} did not resolve: ${host} has no addresses`);
    }
  }
  for (const address of addresses) {
    const cls = classifyAddress(address);
    const range = refusalReason(cls, options.allowPrivateNetworks);
    if (range !== null) return { allowed: false, address, range, reason: `${address} (${range})` };
  }
  return { allowed: true };
}

/**
 * Throws DefacewatchError('URL_PRIVATE') unless the site URL may be loaded, e.g.
 * `site URL http://localhost:8080/ resolves to 127.0.0.1 (loopback)`. Callers prefix the site id.
 */
export async function assertUrlAllowed(url: string, options: CheckUrlOptions): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new DefacewatchError('CONFIG_INVALID', `site URL ${url} is not a valid URL`, {
      hint: 'Write the URL in full, like "https://www.example.go.jp/".',
      cause: err,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DefacewatchError('CONFIG_INVALID', `site URL ${url} is not an http(s) URL`, {
      hint: 'Only http:// and https:// sites can be watched.',
    });
  }
  const result = await checkUrl(parsed, options);
  if (!result.allowed) throw urlPrivateError(`site URL ${url} resolves to ${result.reason}`, result.range);
}

/** DefacewatchError('URL_PRIVATE'), with a hint that fits metadata endpoints (no flag allows them). */
export function urlPrivateError(message: string, range: string): DefacewatchError {
  return new DefacewatchError(
    'URL_PRIVATE',
    message,
    range.startsWith('cloud metadata endpoint')
      ? { hint: 'Cloud metadata endpoints are never loaded, even with allowPrivateNetworks; check the site URL and its redirects.' }
      : {},
  );
}
