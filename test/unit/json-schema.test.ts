import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agencyJsonSchema, daemonJsonSchema } from '../../src/config/json-schema.js';

describe('schema/targets.schema.json', () => {
  it('is what the zod schema generates (refresh with `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/targets.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(agencyJsonSchema());
  });

  it('describes the fields editors should complete, and refuses unknown keys', () => {
    const schema = agencyJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: { sites: { items: { properties: Record<string, { description?: string }>; additionalProperties: boolean } } };
    };
    expect(schema.required).toEqual(expect.arrayContaining(['agency', 'contacts', 'sites']));
    expect(schema.additionalProperties).toBe(false);
    const site = schema.properties.sites.items;
    expect(Object.keys(site.properties)).toEqual(expect.arrayContaining(['id', 'url', 'sector', 'schedule', 'ignore', 'viewport', 'timeoutMs', 'maxScreenshotHeight']));
    expect(site.additionalProperties).toBe(false);
    expect(site.properties.url?.description).toMatch(/http/);
  });
});

describe('schema/defacewatch.schema.json', () => {
  it('is what the zod schema generates (refresh with `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/defacewatch.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(daemonJsonSchema());
  });
});
