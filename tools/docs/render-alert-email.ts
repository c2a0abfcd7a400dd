/**
 * `npm run docs:alert-email`, or once built `node dist-tools/tools/docs/render-alert-email.js [OUT.png]`
 * (default `docs/alert-email.png`): the picture of an alert email the README shows. Nothing in it is
 * mocked up: the demo site (tools/demo/site.ts) is captured before and after its defacement with the
 * real capturer, judged by the real detectors and verdict, and the email is built by the real mail
 * sink code (only the demo's loopback address is replaced by the public address it stands for); its
 * HTML is then opened in headless Chromium with the inline pictures in place, below a mail client's
 * header lines, and photographed.
 *
 * Pass `--kind restored|approved|reminder|unreachable|test|digest` to render another kind (for review).
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SnapshotStore } from '../../src/baselines/store.js';
import { BrowserPool } from '../../src/capture/browser.js';
import { ChromiumCapturer } from '../../src/capture/capturer.js';
import { assess } from '../../src/check/assess.js';
import { focusOf } from '../../src/check/evidence.js';
import { loadTargets } from '../../src/config/load-targets.js';
import { startDemoSite } from '../demo/site.js';
import { defaultDetectors } from '../../src/detectors/registry.js';
import { silentLogger } from '../../src/log.js';
import { escapeHtml } from '../../src/sinks/compose-email.js';
import { buildAlertMessage } from '../../src/sinks/mail-message.js';
import { operatorCommands } from '../../src/sinks/routing.js';
import type { Alert, AlertEvidence, SiteAlert } from '../../src/sinks/types.js';

const FROM = 'defacewatch <alerts@soc.example.go.jp>';
const AGENCY = { name: 'Digital Agency', contacts: ['soc@digital.example.go.jp', 'oncall@soc.example.go.jp'], timezone: 'Asia/Tokyo' };
/** The page clock of both captures: 03:00 in Tokyo, when nobody is watching. */
const CHECKED_AT = Date.parse('2026-11-25T18:02:11.000Z');
/** Width of the reading pane the email is shown in: a desktop mail client's. */
const PANE_WIDTH = 800;

const args = process.argv.slice(2);
const kindIndex = args.indexOf('--kind');
const kind = kindIndex >= 0 ? (args.splice(kindIndex, 2)[1] ?? 'defaced') : 'defaced';
const out = resolve(args[0] ?? 'docs/alert-email.png');

const logger = silentLogger();
const demo = await startDemoSite(0);
const work = await mkdtemp(join(tmpdir(), 'defacewatch-docs-'));
const pool = new BrowserPool({ logger });
try {
  const alert = await demoAlert();
  const built = await buildAlertMessage(alert, FROM);
  if (built.missingEvidence.length > 0) throw new Error(`evidence missing: ${built.missingEvidence.join('; ')}`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, await photograph(built.options));
  process.stderr.write(`wrote ${out}\nsubject: ${String(built.options.subject)}\n`);
} finally {
  await pool.close();
  await demo.close();
  await rm(work, { recursive: true, force: true });
}

/** Captures the demo site as it should be and defaced, and makes the alert a check would make. */
async function demoAlert(): Promise<Alert> {
  const targets = join(work, 'targets');
  await mkdir(targets);
  await writeFile(
    join(targets, 'digital.yaml'),
    [
      `agency: ${AGENCY.name}`,
      `contacts: [${AGENCY.contacts.join(', ')}]`,
      `timezone: ${AGENCY.timezone}`,
      'allowPrivateNetworks: true',
      'sites:',
      '  - id: digital-home',
      `    url: ${demo.url}`,
      '    sector: government',
      '',
    ].join('\n'),
  );
  const site = (await loadTargets(targets)).sites[0]!;
  const capturer = new ChromiumCapturer(pool);
  const request = { url: site.url, allowPrivateNetworks: true, clockTime: CHECKED_AT - 3_600_000 };
  const normal = await capturer.capture(request, { logger });
  const baselines = new SnapshotStore(join(work, 'baselines'));
  await baselines.write(site.id, normal, { chromium: normal.browserVersion, pixelmatch: 'docs' });
  const baseline = await baselines.read(site.id);

  demo.setDefaced(true);
  const current = await capturer.capture({ ...request, clockTime: CHECKED_AT }, { logger });
  const { visual, signals, decision } = await assess(site, baseline, current, { detectors: defaultDetectors() });
  if (decision.verdict !== 'defaced') throw new Error(`the demo defacement was judged ${decision.verdict}: ${decision.reason}`);

  const evidence = join(work, 'evidence');
  await mkdir(evidence);
  const files: AlertEvidence = { actualPng: join(evidence, `${site.id}-actual.png`), baselinePng: join(evidence, `${site.id}-expected.png`) };
  await writeFile(files.actualPng!, current.screenshot);
  await writeFile(files.baselinePng!, normal.screenshot);
  if (visual.diffPng) {
    files.diffPng = join(evidence, `${site.id}-diff.png`);
    await writeFile(files.diffPng, visual.diffPng);
  }
  // Where a check's evidence puts the focus, as the daemon's alert would have it.
  const focus = focusOf(signals, visual);
  if (focus) files.focus = focus;
  const checkedAt = new Date(CHECKED_AT).toISOString();
  // The demo runs on a loopback port; the picture shows the public address it stands for.
  const url = 'https://www.digital.example.go.jp/';
  const siteAlert: SiteAlert = {
    id: `${site.id}-${checkedAt}`,
    kind: 'defaced',
    agency: AGENCY,
    createdAt: new Date(CHECKED_AT + 2_000).toISOString(),
    result: { site: site.id, url, verdict: decision.verdict, score: decision.score, signals, reason: decision.reason, checkedAt, durationMs: current.durationMs },
    evidence: files,
    page: { title: current.title, finalUrl: url },
    incident: { id: `${site.id}-20261125T180211Z`, status: 'open', openedAt: checkedAt, defacedChecks: 1, openingReason: decision.reason },
    actions: { ...operatorCommands(site.id), dashboardUrl: `https://defacewatch.soc.example.go.jp/sites/${site.id}` },
  };
  return otherKind(siteAlert);
}

/** The same incident at another moment of its life, for reviewing the other kinds of message. */
function otherKind(alert: SiteAlert): Alert {
  const later = (hours: number): string => new Date(CHECKED_AT + hours * 3_600_000).toISOString();
  const incident = alert.incident!;
  switch (kind) {
    case 'defaced':
    case 'test':
      return { ...alert, kind };
    case 'reminder':
      return { ...alert, kind, createdAt: later(8), result: { ...alert.result, checkedAt: later(8) }, incident: { ...incident, defacedChecks: 97, reminder: 2 } };
    case 'approved':
      return { ...alert, kind, createdAt: later(3.2), incident: { ...incident, status: kind, closedAt: later(3.2), defacedChecks: 38 } };
    case 'restored':
      return {
        ...alert,
        kind,
        createdAt: later(3.2),
        result: {
          ...alert.result,
          verdict: 'unchanged',
          score: 0,
          signals: [],
          reason: 'No meaningful change: the screenshot is byte-identical to the baseline and the text is the same.',
          checkedAt: later(3.2),
        },
        page: { title: 'Digital Agency — デジタル庁', finalUrl: alert.result.url },
        incident: { ...incident, status: kind, closedAt: later(3.2), defacedChecks: 38 },
      };
    case 'unreachable':
      return {
        ...alert,
        kind,
        evidence: {},
        unreachableSince: later(-0.75),
        result: {
          ...alert.result,
          verdict: 'unreachable',
          score: 0,
          signals: [],
          reason: 'The site could not be loaded (CAPTURE_TIMEOUT): the page did not finish loading within 30000 ms.',
        },
      };
    case 'digest':
      return {
        id: 'digest-digital-agency-2026-11-25',
        kind: 'digest',
        agency: alert.agency,
        createdAt: later(5),
        period: { from: '2026-11-24T15:00:00.000Z', to: '2026-11-25T15:00:00.000Z' },
        entries: [
          {
            site: 'digital-news',
            url: 'https://www.digital.example.go.jp/news/',
            checks: 14,
            firstAt: '2026-11-24T23:10:00.000Z',
            lastAt: '2026-11-25T08:40:00.000Z',
            lastReason: '3 text blocks added and 1 removed.',
            maxScore: 0.21,
          },
          {
            site: 'digital-home',
            url: 'https://www.digital.example.go.jp/',
            checks: 2,
            firstAt: '2026-11-25T01:00:00.000Z',
            lastAt: '2026-11-25T01:05:00.000Z',
            lastReason: 'A new banner was inserted at the top of the page, pushing the content below down.',
            maxScore: 0.35,
          },
        ],
        approveCommands: { 'digital-news': operatorCommands('digital-news').approve, 'digital-home': operatorCommands('digital-home').approve },
      };
    default:
      throw new Error(`--kind ${kind}: not a kind of alert`);
  }
}

interface MessageParts {
  subject?: unknown;
  html?: unknown;
  to?: unknown;
  attachments?: unknown;
}

/** Opens the HTML part in Chromium, below the header lines a mail client shows, and screenshots it. */
async function photograph(message: MessageParts): Promise<Buffer> {
  let html = String(message.html);
  for (const part of (message.attachments ?? []) as Array<{ cid?: string; content?: Buffer; contentType?: string }>) {
    if (!part.cid || !part.content) continue;
    html = html.split(`cid:${part.cid}`).join(`data:${part.contentType};base64,${part.content.toString('base64')}`);
  }
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const e = escapeHtml;
  const line = (label: string, value: string): string =>
    `<div style="font:13px/20px -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#59636e"><span style="display:inline-block;width:56px">${label}</span><span style="color:#1f2328">${e(value)}</span></div>`;
  const page =
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#eef1f4">' +
    `<div style="background:#ffffff;border-bottom:1px solid #d8dee4;padding:14px 20px">` +
    `<div style="font:bold 17px/24px -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2328;padding-bottom:6px">${e(String(message.subject))}</div>` +
    line('From', FROM) +
    line('To', (message.to as string[]).join(', ')) +
    line('Date', 'Thu, 26 Nov 2026 03:02:13 +0900') +
    '</div>' +
    body +
    '</body></html>';
  const context = await pool.newContext({ viewport: { width: PANE_WIDTH, height: 900 }, deviceScaleFactor: 1, javaScriptEnabled: false });
  try {
    const tab = await context.newPage();
    // Only data: pictures are in the page; anything else would be a bug in the email.
    await tab.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await tab.setContent(page, { waitUntil: 'load' });
    return await tab.screenshot({ fullPage: true, type: 'png' });
  } finally {
    await context.close();
  }
}
