/**
 * The small pieces of TAXII 2.1 the client and server agree on: media types and content
 * negotiation, timestamps, collection URLs, credentials from the environment, the env-only hub,
 * the server's filter parameters, and the client's page URLs.
 */

import { describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { createTaxiiAuthenticator } from '../../src/sharing/taxii-server/taxii-auth.js';
import { parseFilters, TaxiiBadRequest } from '../../src/sharing/taxii-server/taxii-query.js';
import { authorizationHeader, credentialsFromEnv } from '../../src/sharing/taxii-client/auth.js';
import { locateCollection, statusUrlOf } from '../../src/sharing/taxii-client/collection-url.js';
import { taxiiHubsFromEnv } from '../../src/sharing/taxii-client/from-env.js';
import { acceptsTaxii21, isTaxii21MediaType, parseMediaType } from '../../src/sharing/taxii-client/media-types.js';
import { objectsPageUrl } from '../../src/sharing/taxii-client/pagination.js';
import { formatTaxiiTimestamp, parseTimestampMicros } from '../../src/sharing/taxii-client/timestamps.js';

describe('media types', () => {
  it('parses types, parameters and quoted values', () => {
    expect(parseMediaType('Application/TAXII+JSON ; Version="2.1"')).toEqual({ type: 'application', subtype: 'taxii+json', params: { version: '2.1' } });
    expect(parseMediaType('application')).toBeNull();
    expect(parseMediaType('application/taxii+json;version')).toBeNull();
    expect(parseMediaType('application/taxii+json;version="2.1')).toBeNull();
  });

  it('accepts a TAXII 2.1 media range (or the unversioned one), nothing else', () => {
    expect(acceptsTaxii21('application/taxii+json;version=2.1')).toBe(true);
    expect(acceptsTaxii21('application/taxii+json')).toBe(true);
    expect(acceptsTaxii21('text/html, application/taxii+json; version=2.1; q=0.5')).toBe(true);
    expect(acceptsTaxii21('application/taxii+json;version=2.1;q=0')).toBe(false);
    expect(acceptsTaxii21('application/taxii+json;version=2.0')).toBe(false);
    expect(acceptsTaxii21('*/*')).toBe(false);
    expect(acceptsTaxii21('application/*')).toBe(false);
    expect(acceptsTaxii21('application/json')).toBe(false);
    expect(acceptsTaxii21(undefined)).toBe(false);
    expect(isTaxii21MediaType('application/taxii+json; version=2.1; charset=utf-8')).toBe(true);
    expect(isTaxii21MediaType('application/stix+json;version=2.1')).toBe(false);
  });
});

describe('timestamps', () => {
  it('compares by instant, to the microsecond', () => {
    expect(parseTimestampMicros('2026-11-25T03:15:00Z')).toBe(parseTimestampMicros('2026-11-25T03:15:00.000000Z'));
    expect(parseTimestampMicros('2026-11-25T03:15:00.123456789Z')! - parseTimestampMicros('2026-11-25T03:15:00.123Z')!).toBe(456);
    for (const bad of ['2026-02-30T00:00:00Z', '2026-11-25T03:15:00+09:00', '2026-11-25', 'yesterday', '2026-13-01T00:00:00Z']) {
      expect(parseTimestampMicros(bad), bad).toBeNull();
    }
  });

  it('formats TAXII timestamps with six fractional digits (TAXII 2.1 §2)', () => {
    const micros = parseTimestampMicros('2026-11-25T03:15:00.123456Z')!;
    expect(formatTaxiiTimestamp(micros)).toBe('2026-11-25T03:15:00.123456Z');
    expect(formatTaxiiTimestamp(Date.UTC(2026, 0, 1) * 1000)).toBe('2026-01-01T00:00:00.000000Z');
  });
});

describe('collection URLs', () => {
  it('finds the API root and the endpoints', () => {
    const where = locateCollection('https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/?x=1');
    expect(where).toEqual({
      collectionUrl: 'https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/',
      apiRootUrl: 'https://hub.example/api1/',
      collectionId: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
      objectsUrl: 'https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/objects/',
      manifestUrl: 'https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/manifest/',
    });
    expect(statusUrlOf(where, '2d086da7-4bdc-4f91-900e-d77486753710')).toBe('https://hub.example/api1/status/2d086da7-4bdc-4f91-900e-d77486753710/');
    expect(statusUrlOf(where, '../admin')).toBeNull();
    expect(() => locateCollection('https://hub.example/api1/collections/')).toThrow(DefacewatchError);
    expect(() => locateCollection('ftp://hub.example/api1/collections/x/')).toThrow(/not a TAXII collection URL/);
  });

  it('puts the filters in the query as TAXII 2.1 §3.4 spells them', () => {
    const url = new URL(
      objectsPageUrl('https://hub.example/api1/collections/c/objects/', {
        addedAfter: '2026-01-01T00:00:00.000000Z',
        types: ['indicator', 'identity'],
        limit: 50,
        next: 'abc',
      }),
    );
    expect(url.searchParams.get('added_after')).toBe('2026-01-01T00:00:00.000000Z');
    expect(url.searchParams.get('match[type]')).toBe('indicator,identity');
    expect(url.searchParams.get('limit')).toBe('50');
    expect(url.searchParams.get('next')).toBe('abc');
    expect(url.searchParams.has('match[id]')).toBe(false);
  });
});

describe('client credentials from the environment', () => {
  it('reads basic or bearer credentials and refuses half or doubled configs', () => {
    const env = { U: 'alice', P: 'pw', T: 'tok' };
    expect(credentialsFromEnv({ name: 'h', userEnv: 'U', passwordEnv: 'P' }, env)).toEqual({ kind: 'basic', user: 'alice', password: 'pw' });
    expect(credentialsFromEnv({ name: 'h', tokenEnv: 'T' }, env)).toEqual({ kind: 'bearer', token: 'tok' });
    expect(credentialsFromEnv({ name: 'h' }, env)).toEqual({ kind: 'none' });
    expect(() => credentialsFromEnv({ name: 'h', userEnv: 'U' }, env)).toThrow(/both `userEnv` and `passwordEnv`/);
    expect(() => credentialsFromEnv({ name: 'h', tokenEnv: 'T', userEnv: 'U', passwordEnv: 'P' }, env)).toThrow(/both a bearer token and a user/);
    expect(() => credentialsFromEnv({ name: 'h', userEnv: 'U', passwordEnv: 'MISSING' }, env)).toThrow(/TAXII collection "h": environment variable MISSING is not set/);
    expect(() => credentialsFromEnv({ name: 'h', userEnv: 'X', passwordEnv: 'P' }, { X: 'a:b', P: 'p' })).toThrow(/contains ":"/);
    expect(authorizationHeader({ kind: 'basic', user: 'alice', password: 'pw' })).toBe(`Basic ${Buffer.from('alice:pw').toString('base64')}`);
    expect(authorizationHeader({ kind: 'none' })).toBeUndefined();
  });
});

describe('taxiiHubsFromEnv', () => {
  const url = 'https://hub.example/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/';

  it('makes one publish+pull collection named "env" from DEFACEWATCH_TAXII_*', () => {
    const hubs = taxiiHubsFromEnv({ DEFACEWATCH_TAXII_URL: url, DEFACEWATCH_TAXII_USER: 'u', DEFACEWATCH_TAXII_PASSWORD: 'p' });
    expect(hubs.publish).toEqual([{ name: 'env', url, userEnv: 'DEFACEWATCH_TAXII_USER', passwordEnv: 'DEFACEWATCH_TAXII_PASSWORD' }]);
    expect(hubs.pull).toEqual([{ name: 'env', url, userEnv: 'DEFACEWATCH_TAXII_USER', passwordEnv: 'DEFACEWATCH_TAXII_PASSWORD', schedule: '*/15 * * * *' }]);
    expect(credentialsFromEnv(hubs.publish[0]!, { DEFACEWATCH_TAXII_USER: 'u', DEFACEWATCH_TAXII_PASSWORD: 'p' })).toMatchObject({ kind: 'basic', user: 'u' });
  });

  it('is empty without the URL, anonymous without user and password, and refuses a URL that is not a collection', () => {
    expect(taxiiHubsFromEnv({})).toEqual({ publish: [], pull: [] });
    expect(taxiiHubsFromEnv({ DEFACEWATCH_TAXII_URL: url }).publish[0]).toEqual({ name: 'env', url });
    expect(() => taxiiHubsFromEnv({ DEFACEWATCH_TAXII_URL: 'https://hub.example/taxii2/' })).toThrow(/DEFACEWATCH_TAXII_URL: not a TAXII collection URL/);
  });
});

describe('server authentication', () => {
  const auth = createTaxiiAuthenticator(
    {
      users: [
        { userEnv: 'U1', passwordEnv: 'P1' },
        { userEnv: 'U2', passwordEnv: 'P2' },
      ],
      tokensEnv: 'T',
    },
    { U1: 'a', P1: 'x', U2: 'b', P2: 'y', T: 't1,t2' },
  );
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('knows each account and token, and nothing else', () => {
    expect(auth.authenticate(basic('b', 'y'))).toEqual({ scheme: 'basic', user: 'b' });
    expect(auth.authenticate(basic('a', 'y'))).toBeNull();
    expect(auth.authenticate(basic('c', 'x'))).toBeNull();
    expect(auth.authenticate('Bearer t2')).toEqual({ scheme: 'bearer', token: 1 });
    expect(auth.authenticate('Bearer t3')).toBeNull();
    expect(auth.authenticate('Bearer ')).toBeNull();
    expect(auth.authenticate(undefined)).toBeNull();
    expect(auth.challenges).toEqual(['Basic realm="defacewatch TAXII", charset="UTF-8"', 'Bearer realm="defacewatch TAXII"']);
  });
});

describe('server filter parameters', () => {
  const limits = { defaultPageSize: 100, maxPageSize: 500 };
  const parse = (query: string, endpoint: Parameters<typeof parseFilters>[1] = 'objects', id?: string) => parseFilters(new URLSearchParams(query), endpoint, limits, id);

  it('reads every filter', () => {
    expect(
      parse('added_after=2026-01-01T00:00:00.5Z&limit=9999&match[type]=indicator,identity&match[version]=first,2026-01-01T00:00:00Z&match[spec_version]=2.1&next=n42'),
    ).toEqual({
      addedAfterMicros: Date.UTC(2026, 0, 1) * 1000 + 500_000,
      limit: 500,
      afterDateAddedMs: 42,
      types: ['indicator', 'identity'],
      specVersions: ['2.1'],
      versions: { last: false, first: true, exact: [Date.UTC(2026, 0, 1) * 1000] },
    });
    expect(parse('')).toEqual({ limit: 100 });
    expect(parse('match[version]=all')).toEqual({ limit: 100, versions: { all: true } });
    expect(parse('x=1&match[color]=red')).toEqual({ limit: 100 });
  });

  it("applies the by-id endpoints' rules", () => {
    const id = 'indicator--6b1a0c5e-1f2d-4e3c-8b4a-5d6e7f8a9b0c';
    expect(parse('match[type]=identity', 'object', id)).toEqual({ limit: 100, ids: [id] });
    expect(parse('match[version]=first', 'versions', id)).toEqual({ limit: 100, ids: [id], versions: { all: true } });
  });

  it('refuses malformed and repeated parameters', () => {
    for (const bad of [
      'limit=0',
      'limit=1.5',
      'added_after=2026-01-01',
      'next=42',
      'match[version]=last,last',
      'match[version]=2026-01-01T00:00:00Z,2026-01-01T00:00:00.000Z',
      'match[id]=x',
      'match[spec_version]=two',
      `match[type]=${Array.from({ length: 101 }, (_, i) => `t${i}x`).join(',')}`,
      'limit=1&limit=2',
    ]) {
      expect(() => parse(bad), bad).toThrow(TaxiiBadRequest);
    }
  });
});
