import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/incident.js';
import { incidentMispEvent, type MispAttribute } from '../../src/sharing/misp/index.js';
import { readPattern, type SharingContext } from '../../src/sharing/stix/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function fixture(): { incident: Incident; context: SharingContext; png: Buffer } {
  const f = JSON.parse(readFileSync(join(ROOT, 'test/golden/stix/incident-input.json'), 'utf8')) as {
    incident: Incident;
    context: SharingContext;
    screenshot: { phash: string; imageBase64: string };
  };
  const png = Buffer.from(f.screenshot.imageBase64, 'base64');
  return { incident: f.incident, context: { ...f.context, screenshot: { phash: f.screenshot.phash, image: { data: new Uint8Array(png), mimeType: 'image/png' } } }, png };
}

/**
 * The categories MISP accepts for each attribute type we write (from MISP's category definitions,
 * AttributesTable::generateCategoryDefinitions): an attribute in any other category is refused on import.
 */
const ALLOWED: Record<string, string[]> = {
  url: ['Payload delivery', 'Network activity', 'External analysis'],
  domain: ['Payload delivery', 'Network activity', 'External analysis'],
  'ip-dst': ['Payload delivery', 'Network activity', 'External analysis'],
  'target-org': ['Targeting data'],
  text: ['Other', 'External analysis', 'Payload delivery', 'Attribution', 'Network activity'],
  comment: ['Other', 'Internal reference', 'Targeting data', 'Network activity', 'External analysis'],
  'stix2-pattern': ['Payload delivery', 'Artifacts dropped', 'Payload installation', 'Network activity'],
  attachment: ['External analysis', 'Payload delivery', 'Artifacts dropped', 'Network activity', 'Support Tool'],
};

function find(attributes: MispAttribute[], type: string, value?: string): MispAttribute[] {
  return attributes.filter((a) => a.type === type && (value === undefined || a.value === value));
}

describe('incidentMispEvent', () => {
  const { incident, context, png } = fixture();
  const event = incidentMispEvent(incident, context);
  const { Attribute: attributes } = event.Event;

  it('writes a MISP core-format event about the defacement', () => {
    expect(event.Event).toMatchObject({
      info: 'Defacement of https://www.moh.example.go.jp/ (Ministry of Health)',
      date: '2026-11-25',
      threat_level_id: '2',
      analysis: '1',
      distribution: '1',
      published: false,
      timestamp: String(Date.parse('2026-11-25T03:45:00Z') / 1000),
      Orgc: { name: 'Example National CSIRT' },
    });
    expect(event.Event.uuid).toMatch(UUID);
    expect(event.Event.Tag.map((t) => t.name)).toEqual([
      'ecsirt:intrusions="defacement"',
      'tlp:amber',
      'misp-galaxy:mitre-attack-pattern="External Defacement - T1491.002"',
    ]);
  });

  it('is deterministic: a re-import updates the same event and attributes', () => {
    expect(incidentMispEvent(JSON.parse(JSON.stringify(incident)) as Incident, context)).toEqual(event);
    const other = incidentMispEvent({ ...incident, id: 'moh-home-20261201T000000Z' }, context);
    expect(other.Event.uuid).not.toBe(event.Event.uuid);
    const uuids = attributes.map((a) => a.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids) expect(uuid).toMatch(UUID);
  });

  it('lists the victim as context (not for IDS), the slogans, the hash, the bad origin and the pattern', () => {
    expect(find(attributes, 'url', 'https://www.moh.example.go.jp/')[0]).toMatchObject({ category: 'Network activity', to_ids: false });
    expect(find(attributes, 'domain', 'www.moh.example.go.jp')).toHaveLength(1);
    expect(find(attributes, 'ip-dst', '203.0.113.10')).toHaveLength(1);
    expect(find(attributes, 'target-org', 'Ministry of Health')).toHaveLength(1);
    expect(find(attributes, 'text').map((a) => a.value)).toEqual(['hacked by team x', '钓鱼岛是中国的', 'PRC flag', 'd051f7c4904b2de7']);
    expect(find(attributes, 'domain', 'cdn.evil.example')[0]!.comment).toContain('script or frame');
    const [pattern] = find(attributes, 'stix2-pattern');
    expect(readPattern(pattern!.value).phrases).toEqual(['hacked by team x', '钓鱼岛是中国的']);
    expect(find(attributes, 'comment')[0]!.value).toBe(incident.latest.reason);
    for (const a of attributes) {
      expect(ALLOWED[a.type], `${a.type} is a type we know the categories of`).toBeDefined();
      expect(ALLOWED[a.type], `${a.type} in ${a.category}`).toContain(a.category);
      expect(a.distribution).toBe('5');
      expect(a.to_ids).toBe(false);
    }
  });

  it('attaches the screenshot as base64 only when asked', () => {
    const [attachment] = find(attributes, 'attachment');
    expect(attachment!.value).toBe('moh-home-20261125T031500Z-actual.png');
    expect(Buffer.from(attachment!.data!, 'base64')).toEqual(png);
    expect(find(incidentMispEvent(incident, { ...context, includeScreenshot: false }).Event.Attribute, 'attachment')).toEqual([]);
  });

  it('maps each TLP level to a MISP distribution and tag', () => {
    const expected = { clear: '3', green: '2', amber: '1', 'amber+strict': '0', red: '0' } as const;
    for (const [tlp, distribution] of Object.entries(expected)) {
      const e = incidentMispEvent(incident, { ...context, tlp: tlp as keyof typeof expected }).Event;
      expect(e.distribution).toBe(distribution);
      expect(e.Tag.map((t) => t.name)).toContain(`tlp:${tlp}`);
    }
    expect(incidentMispEvent(incident, { organisation: context.organisation }).Event.Tag[1]!.name).toBe('tlp:amber');
  });

  it('says when the incident is over', () => {
    const restored = incidentMispEvent({ ...incident, status: 'restored', closedAt: '2026-11-25T05:00:00Z' }, context).Event;
    expect(restored.analysis).toBe('2');
    expect(restored.info).toContain('[restored]');
    expect(restored.uuid).toBe(event.Event.uuid);
    expect(incidentMispEvent({ ...incident, status: 'approved', closedAt: '2026-11-25T05:00:00Z' }, context).Event.info).toContain('[approved as a legitimate change]');
  });
});
