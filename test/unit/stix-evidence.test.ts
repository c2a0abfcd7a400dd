import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/core/incident.js';
import type { CheckResult, Signal } from '../../src/core/types.js';
import { incidentFacts, sloganInBlock } from '../../src/sharing/stix/evidence.js';
import { openIncident } from '../helpers/incident.js';

function incidentWith(signals: Signal[]): Incident {
  const check: CheckResult = {
    site: 's',
    url: 'https://s.example/',
    verdict: 'defaced',
    score: 0.9,
    signals,
    reason: 'r',
    checkedAt: '2026-11-25T00:00:00Z',
    durationMs: 1,
  };
  return openIncident(check, { id: 's-20261125T000000Z', agency: 'A' });
}

describe('sloganInBlock', () => {
  it('runs a phrase on to the end of its clause', () => {
    expect(sloganInBlock('Hacked by', 'Hacked by Team X. Greetz to all')).toBe('hacked by team x');
    expect(sloganInBlock('钓鱼岛是中国的', '钓鱼岛是中国的！南海也是')).toBe('钓鱼岛是中国的');
    expect(sloganInBlock('hacked by', undefined)).toBe('hacked by');
    expect(sloganInBlock('hacked by', 'nothing like it')).toBe('hacked by');
  });

  it('stops at a word end when the clause runs long', () => {
    const slogan = sloganInBlock('hacked by', `Hacked by ${'the very long name of a crew '.repeat(4)}`);
    expect(slogan.length).toBeLessThanOrEqual('hacked by'.length + 40);
    expect(slogan).toMatch(/^hacked by the very long name of a crew the(?: \w+)?$/);
  });
});

describe('incidentFacts', () => {
  it('shares claimed, specific slogans, signature flags and web origins, and nothing else', () => {
    const facts = incidentFacts(
      incidentWith([
        {
          detector: 'defacer-phrases',
          kind: 'signature',
          score: 0.9,
          summary: 'x',
          evidence: {
            matches: [
              { matched: 'Hacked by', claimFactor: 1, block: 'Hacked by Team X' },
              { matched: 'hacked by', claimFactor: 0.1, block: 'News: a bank was "hacked by" Crew Y last year' },
              { matched: 'hacked', claimFactor: 1 },
              'junk',
            ],
          },
        },
        { detector: 'shared-indicators', kind: 'signature', score: 0.9, summary: 'y', evidence: { slogans: ['greetings from team x', 42] } },
        { detector: 'national-flag', kind: 'signature', score: 0.8, summary: 'z', evidence: { name: 'PRC' } },
        { detector: 'national-flag', kind: 'supporting', score: 0.1, summary: 'z', evidence: { name: 'Vietnam' } },
        {
          detector: 'new-origins',
          kind: 'supporting',
          score: 0.3,
          summary: 'o',
          evidence: { scripts: ['https://cdn.evil.example', 'data:', 'https://a.example/path'], iframes: ['http://198.51.100.9:8080'] },
        },
        { detector: 'visual-change', score: 0.2, summary: 'v', evidence: {} },
      ]),
    );
    expect(facts.slogans).toEqual(['hacked by team x', 'greetings from team x']);
    expect(facts.flags).toEqual(['PRC']);
    expect(facts.origins).toEqual(['https://cdn.evil.example', 'http://198.51.100.9:8080']);
    expect(facts.summaries[0]).toBe('x (defacer-phrases, 0.90)');
  });
});
