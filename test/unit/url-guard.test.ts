import { describe, expect, it } from 'vitest';
import { assertUrlAllowed, checkUrl, classifyAddress, isMetadataHostname, refusalReason, type HostResolver } from '../../src/capture/url-guard.js';
import { DefacewatchError } from '../../src/core/errors.js';

/** A resolver answering from a table, so no test touches DNS. */
function fakeDns(table: Record<string, string[]>): HostResolver {
  return async (host) => {
    const answer = table[host];
    if (answer) return answer;
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
}

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private (RFC 1918)'],
    ['172.16.0.1', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['fc00::1', 'unique local (fc00::/7)'],
    ['fd12:3456::1', 'unique local (fc00::/7)'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT (RFC 6598)'],
    ['100.127.255.254', 'carrier-grade NAT (RFC 6598)'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['fec0::1', 'site-local (fec0::/10)'],
    ['::7f00:1', 'IPv4-compatible IPv6 (deprecated)'],
  ])('%s is %s and not public', (address, range) => {
    const cls = classifyAddress(address);
    expect(cls).toMatchObject({ isPublic: false, isMetadata: false, range });
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback (IPv4-mapped)'],
    ['::ffff:7f00:1', 'loopback (IPv4-mapped)'],
    ['::ffff:10.0.0.1', 'private (RFC 1918) (IPv4-mapped)'],
    ['::ffff:192.168.0.1', 'private (RFC 1918) (IPv4-mapped)'],
    ['::ffff:169.254.10.10', 'link-local (IPv4-mapped)'],
    ['::ffff:100.64.1.1', 'carrier-grade NAT (RFC 6598) (IPv4-mapped)'],
    ['::ffff:0:127.0.0.1', 'loopback (IPv4-translated)'],
    ['64:ff9b::10.0.0.1', 'private (RFC 1918) (NAT64)'],
    ['2002:7f00:1::1', 'loopback (6to4)'],
  ])('%s carries a refused IPv4 address: %s', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ isPublic: false, range });
  });

  it.each([['169.254.169.254'], ['fd00:ec2::254'], ['FD00:EC2:0::254'], ['::ffff:169.254.169.254'], ['100.100.100.200'], ['168.63.129.16']])(
    '%s is a cloud metadata endpoint',
    (address) => {
      expect(classifyAddress(address)).toMatchObject({ isPublic: false, isMetadata: true });
      expect(classifyAddress(address).range).toMatch(/^cloud metadata endpoint/);
    },
  );

  it.each([['8.8.8.8'], ['93.184.215.14'], ['2606:4700::1111'], ['::ffff:8.8.8.8'], ['64:ff9b::93.184.215.14']])('%s is public', (address) => {
    expect(classifyAddress(address)).toMatchObject({ isPublic: true, isMetadata: false, range: 'unicast' });
  });

  it('accepts bracketed IPv6 as URL host names carry it', () => {
    expect(classifyAddress('[::1]').range).toBe('loopback');
  });

  it('throws on something that is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow(/not an IP address/);
  });
});

describe('refusalReason', () => {
  it('refuses private addresses unless private networks are allowed', () => {
    const loopback = classifyAddress('127.0.0.1');
    expect(refusalReason(loopback, false)).toBe('loopback');
    expect(refusalReason(loopback, true)).toBeNull();
  });

  it('refuses metadata endpoints even when private networks are allowed', () => {
    expect(refusalReason(classifyAddress('169.254.169.254'), true)).toBe('cloud metadata endpoint');
  });

  it('allows public addresses', () => {
    expect(refusalReason(classifyAddress('8.8.8.8'), false)).toBeNull();
  });
});

describe('isMetadataHostname', () => {
  it.each(['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata', 'instance-data.ec2.internal'])('%s is a metadata name', (name) =>
    expect(isMetadataHostname(name)).toBe(true),
  );
  it('does not match look-alikes', () => {
    expect(isMetadataHostname('metadata.google.internal.example.com')).toBe(false);
  });
});

describe('checkUrl', () => {
  const dns = fakeDns({
    'www.moh.example.go.jp': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'split.example': ['93.184.215.14', '10.0.0.5'],
    'intranet.example': ['192.168.10.20'],
  });

  it('allows a host whose every address is public', async () => {
    await expect(checkUrl('https://www.moh.example.go.jp/', { allowPrivateNetworks: false, resolve: dns })).resolves.toEqual({
      allowed: true,
    });
  });

  it('refuses a host when any one of its addresses is private (Chromium may pick it)', async () => {
    await expect(checkUrl('https://split.example/', { allowPrivateNetworks: false, resolve: dns })).resolves.toMatchObject({
      allowed: false,
      address: '10.0.0.5',
      reason: '10.0.0.5 (private (RFC 1918))',
    });
  });

  it('judges literal addresses without DNS, including bracketed IPv6', async () => {
    const noDns: HostResolver = () => Promise.reject(new Error('DNS must not be used'));
    await expect(checkUrl('http://[::1]:8080/', { allowPrivateNetworks: false, resolve: noDns })).resolves.toMatchObject({
      allowed: false,
      range: 'loopback',
    });
    // The URL parser turns 2130706433 and 0x7f.1 into 127.0.0.1 before we see them.
    await expect(checkUrl('http://2130706433/', { allowPrivateNetworks: false, resolve: noDns })).resolves.toMatchObject({
      allowed: false,
      address: '127.0.0.1',
    });
    await expect(checkUrl('http://0x7f.1/', { allowPrivateNetworks: false, resolve: noDns })).resolves.toMatchObject({
      allowed: false,
      address: '127.0.0.1',
    });
  });

  it('refuses metadata names without resolving them, even with private networks allowed', async () => {
    const noDns: HostResolver = () => Promise.reject(new Error('DNS must not be used'));
    await expect(checkUrl('http://metadata.google.internal/computeMetadata/v1/', { allowPrivateNetworks: true, resolve: noDns })).resolves.toMatchObject({
      allowed: false,
      range: 'cloud metadata endpoint',
    });
  });

  it('allows private hosts when private networks are allowed', async () => {
    await expect(checkUrl('http://intranet.example/', { allowPrivateNetworks: true, resolve: dns })).resolves.toEqual({
      allowed: true,
    });
  });

  it('skips DNS in literal-only mode but still judges literal addresses', async () => {
    const noDns: HostResolver = () => Promise.reject(new Error('DNS must not be used'));
    const options = { allowPrivateNetworks: true, literalOnly: true, resolve: noDns };
    await expect(checkUrl('http://anything.example/', options)).resolves.toEqual({ allowed: true });
    await expect(checkUrl('http://169.254.169.254/latest/meta-data/', options)).resolves.toMatchObject({ allowed: false });
  });

  it('lets URLs without a network host through (data:, blob:, about:)', async () => {
    for (const url of ['data:text/html,hi', 'about:blank', 'blob:https://a.example/1']) {
      await expect(checkUrl(url, { allowPrivateNetworks: false, resolve: dns })).resolves.toEqual({ allowed: true });
    }
  });

  it('turns a failed lookup into DNS_FAILED naming the URL', async () => {
    const failure = await checkUrl('https://nowhere.example/', { allowPrivateNetworks: false, resolve: dns }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DefacewatchError);
    expect(failure).toMatchObject({ code: 'DNS_FAILED', retryable: true });
    expect((failure as Error).message).toBe('site URL https://nowhere.example/ did not resolve: nowhere.example (ENOTFOUND)');
  });
});

describe('assertUrlAllowed', () => {
  const dns = fakeDns({ localhost: ['127.0.0.1', '::1'], 'www.example.go.jp': ['93.184.215.14'] });

  it('names the URL, the address and the range', async () => {
    const failure = await assertUrlAllowed('http://localhost:8080/', { allowPrivateNetworks: false, resolve: dns }).catch((err: unknown) => err);
    expect(failure).toMatchObject({
      code: 'URL_PRIVATE',
      message: 'site URL http://localhost:8080/ resolves to 127.0.0.1 (loopback)',
      retryable: false,
    });
  });

  it('passes a public site', async () => {
    await expect(assertUrlAllowed('https://www.example.go.jp/', { allowPrivateNetworks: false, resolve: dns })).resolves.toBeUndefined();
  });

  it('refuses URLs that are not http(s)', async () => {
    await expect(assertUrlAllowed('file:///etc/passwd', { allowPrivateNetworks: true })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'site URL file:///etc/passwd is not an http(s) URL',
    });
    await expect(assertUrlAllowed('not a url', { allowPrivateNetworks: true })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});
