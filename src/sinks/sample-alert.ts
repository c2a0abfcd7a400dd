/**
 * A realistic sample alert: what `defacewatch test-alert --agency X` sends to prove the wiring, and
 * what the docs show. Its pictures are drawn with sharp (no browser needed) and compared with the
 * project's own visual diff, so the diff picture and the changed area are the real thing.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { unionBox } from '../compare/boxes.js';
import { compareScreenshotPair } from '../compare/visual.js';
import type { Box, CheckResult, Signal } from '../core/types.js';
import { noisyOr } from '../core/verdict.js';
import { operatorCommands } from './routing.js';
import type { AlertActions, AlertAgency, AlertEvidence, SiteAlert, SiteAlertKind } from './types.js';

export interface SampleAlertOptions {
  /** Default `test`: a test alert says it is one. `defaced` gives a sample that reads like the real thing. */
  kind?: SiteAlertKind;
  /** Default `sample-site`. */
  site?: string;
  /** Default `https://www.agency.example/`. */
  url?: string;
  /** Default `defacewatch approve <site> --reason …` and `defacewatch ack <site>`. */
  actions?: AlertActions;
}

const WIDTH = 1366;
const HEIGHT = 1180;
/** The block the sample defacement replaces. */
const DEFACED: Box = { x: 0, y: 124, width: WIDTH, height: 520 };
const TITLE_BEFORE = 'Home | Online services';
const TITLE_AFTER = 'Hacked by Red Dragon Team';

/**
 * Builds a sample defacement alert of `agency`, checked just before `now`. With `evidenceDir`, the
 * baseline, current and diff pictures are drawn there (`<site>-expected.png`, `-actual.png`,
 * `-diff.png`, replacing earlier ones) and the alert refers to them; without it, the alert has none.
 */
export async function sampleAlert(agency: AlertAgency, now: Date, evidenceDir?: string, options: SampleAlertOptions = {}): Promise<SiteAlert> {
  const kind = options.kind ?? 'test';
  const site = options.site ?? 'sample-site';
  const url = options.url ?? 'https://www.agency.example/';
  const createdAt = now.toISOString();
  const checkedAt = new Date(now.getTime() - 4_000).toISOString();
  const signals = sampleSignals();
  const result: CheckResult = {
    site,
    url,
    verdict: 'defaced',
    score: Math.round(noisyOr(signals.map((s) => s.score)) * 1000) / 1000,
    signals,
    reason:
      'PRC flag on the first screen on the left; defacer phrase "hacked by", dispute slogan "钓鱼岛是中国的" added; ' +
      `82% of the visible text is gone; the title changed from "${TITLE_BEFORE}" to "${TITLE_AFTER}".`,
    checkedAt,
    durationMs: 2140,
  };
  const evidence = evidenceDir === undefined ? {} : await drawSampleEvidence(agency.name, evidenceDir, site);
  return {
    id: `${site}-${kind}-${createdAt}`,
    kind,
    agency: { name: agency.name, contacts: [...agency.contacts], timezone: agency.timezone },
    createdAt,
    result,
    evidence,
    page: { title: TITLE_AFTER, finalUrl: url },
    incident: {
      id: `${site}-${checkedAt.replace(/[-:]|\.\d+/g, '')}`,
      status: 'open',
      openedAt: checkedAt,
      defacedChecks: 1,
      openingReason: result.reason,
    },
    actions: options.actions ?? operatorCommands(site),
  };
}

function sampleSignals(): Signal[] {
  return [
    {
      detector: 'national-flag',
      kind: 'signature',
      score: 0.93,
      summary: 'PRC flag on the first screen on the left',
      evidence: { flag: 'cn', box: { x: 120, y: 214, width: 300, height: 200 } },
    },
    {
      detector: 'defacer-phrases',
      kind: 'signature',
      score: 0.9,
      summary: 'defacer phrase "hacked by", dispute slogan "钓鱼岛是中国的" added',
      evidence: {
        matches: [
          { phrase: 'hacked by', kind: 'defacer' },
          { phrase: '钓鱼岛是中国的', kind: 'dispute' },
        ],
      },
    },
    { detector: 'content-replacement', kind: 'replacement', score: 0.84, summary: '82% of the visible text is gone', evidence: {} },
    {
      detector: 'title-change',
      kind: 'supporting',
      score: 0.3,
      summary: `the title changed from "${TITLE_BEFORE}" to "${TITLE_AFTER}"`,
      evidence: {},
    },
  ];
}

/** Draws the sample's baseline and defaced page, diffs them, and writes the three pictures. */
async function drawSampleEvidence(agencyName: string, dir: string, site: string): Promise<AlertEvidence> {
  const baseline = await sharp(Buffer.from(pageSvg(agencyName, false)))
    .png()
    .toBuffer();
  const current = await sharp(Buffer.from(pageSvg(agencyName, true)))
    .png()
    .toBuffer();
  const { visual } = await compareScreenshotPair(baseline, current, {});
  await mkdir(dir, { recursive: true });
  const evidence: AlertEvidence = {
    actualPng: join(dir, `${site}-actual.png`),
    baselinePng: join(dir, `${site}-expected.png`),
  };
  await writeFile(evidence.actualPng!, current);
  await writeFile(evidence.baselinePng!, baseline);
  if (visual.diffPng) {
    evidence.diffPng = join(dir, `${site}-diff.png`);
    await writeFile(evidence.diffPng, visual.diffPng);
  }
  const [first, ...rest] = visual.regions;
  evidence.focus = first ? rest.reduce(unionBox, first) : DEFACED;
  return evidence;
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const FONT = "font-family='DejaVu Sans, Liberation Sans, sans-serif'";

/** Grey bars standing for lines of text. */
function lines(x: number, y: number, width: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `<rect x='${x}' y='${y + i * 26}' width='${width - ((i * 83) % 170)}' height='11' rx='3' fill='#c3ccd6'/>`).join('');
}

function pageSvg(agencyName: string, defaced: boolean): string {
  const name = xml(agencyName.slice(0, 60));
  const hero = defaced
    ? `<rect x='0' y='${DEFACED.y}' width='${WIDTH}' height='${DEFACED.height}' fill='#050505'/>` +
      `<g transform='translate(120,214) scale(10)'><rect width='30' height='20' fill='#de2910'/>${stars()}</g>` +
      `<text x='480' y='300' ${FONT} font-size='56' font-weight='bold' fill='#e5141b'>HACKED BY</text>` +
      `<text x='480' y='372' ${FONT} font-size='56' font-weight='bold' fill='#e5141b'>RED DRAGON TEAM</text>` +
      `<text x='480' y='440' font-family='Noto Sans CJK SC, sans-serif' font-size='34' fill='#ffffff'>钓鱼岛是中国的！</text>` +
      `<text x='480' y='492' ${FONT} font-size='24' fill='#bbbbbb'>greetz to all brothers</text>` +
      `<text x='${WIDTH - 40}' y='${DEFACED.y + DEFACED.height - 24}' ${FONT} font-size='18' fill='#666666' text-anchor='end'>SAMPLE PICTURE</text>`
    : `<rect x='0' y='124' width='${WIDTH}' height='300' fill='#1d6fb8'/>` +
      `<text x='60' y='230' ${FONT} font-size='40' font-weight='bold' fill='#ffffff'>Online services for citizens</text>` +
      `<text x='60' y='280' ${FONT} font-size='22' fill='#e6f0fa'>Certificates, benefits and procedures in one place</text>` +
      `<rect x='60' y='318' width='200' height='48' rx='6' fill='#ffffff'/>` +
      `<text x='160' y='349' ${FONT} font-size='18' font-weight='bold' fill='#1d6fb8' text-anchor='middle'>Start now</text>` +
      `<rect x='60' y='456' width='820' height='170' fill='#ffffff' stroke='#d5dde5'/>` +
      `<text x='84' y='492' ${FONT} font-size='20' font-weight='bold' fill='#1b2733'>News</text>${lines(84, 512, 760, 4)}` +
      `<rect x='920' y='456' width='386' height='170' fill='#ffffff' stroke='#d5dde5'/>` +
      `<text x='944' y='492' ${FONT} font-size='20' font-weight='bold' fill='#1b2733'>Services</text>${lines(944, 512, 330, 4)}`;
  return (
    `<svg xmlns='http://www.w3.org/2000/svg' width='${WIDTH}' height='${HEIGHT}'>` +
    `<rect width='${WIDTH}' height='${HEIGHT}' fill='#f4f6f8'/>` +
    `<rect width='${WIDTH}' height='80' fill='#0b3d6e'/>` +
    `<text x='40' y='50' ${FONT} font-size='26' font-weight='bold' fill='#ffffff'>${name}</text>` +
    `<rect y='80' width='${WIDTH}' height='44' fill='#0f5499'/>` +
    ['Policies', 'News', 'Services', 'Procurement', 'Contact']
      .map((item, i) => `<text x='${40 + i * 150}' y='108' ${FONT} font-size='16' fill='#ffffff'>${item}</text>`)
      .join('') +
    hero +
    `<rect x='60' y='668' width='1246' height='380' fill='#ffffff' stroke='#d5dde5'/>` +
    `<text x='84' y='706' ${FONT} font-size='20' font-weight='bold' fill='#1b2733'>Announcements</text>${lines(84, 728, 1180, 11)}` +
    `<text x='40' y='1120' ${FONT} font-size='14' fill='#5b6b7b'>© 2026 ${name}</text>` +
    '</svg>'
  );
}

/** The five yellow stars of the PRC flag, in the flag's 30x20 units. */
function stars(): string {
  const star = (cx: number, cy: number, r: number, turn: number): string => {
    const points = Array.from({ length: 10 }, (_, i) => {
      const radius = i % 2 === 0 ? r : r * 0.382;
      const angle = ((turn + i * 36 - 90) * Math.PI) / 180;
      return `${(cx + radius * Math.cos(angle)).toFixed(3)},${(cy + radius * Math.sin(angle)).toFixed(3)}`;
    });
    return `<polygon fill='#ffde00' points='${points.join(' ')}'/>`;
  };
  return star(5, 5, 3, 0) + star(10, 2, 1, 23) + star(12, 4, 1, 46) + star(12, 7, 1, 70) + star(10, 9, 1, 21);
}
