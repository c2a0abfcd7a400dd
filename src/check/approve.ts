/**
 * `defacewatch approve`: the operator says a change was legitimate, and the latest capture becomes
 * the site's baseline. Never silently: it needs a reason, it is refused while a check of the site is
 * running (the daemon would compare with a baseline being replaced), and it is written to the audit
 * log with who did it, in the transaction that closes the incident.
 */
import type { Snapshot, SnapshotMeta } from '../baselines/store.js';
import type { Site } from '../config/load-targets.js';
import { decodePng } from '../compare/png.js';
import { withLooksOf } from '../compare/volatile-states.js';
import { DefacewatchError } from '../core/errors.js';
import { approveRecord, type Incident, type IncidentEvent } from '../core/incident.js';
import { incidentScreenshot } from '../sharing/index.js';
import { alertFor, enqueueSiteAlert } from './incidents.js';
import type { CheckDeps } from './ports.js';

type ApproveDeps = Pick<CheckDeps, 'baselines' | 'latest' | 'store' | 'routing' | 'logger' | 'now' | 'sharing'>;

/** What will become the baseline, shown before the operator confirms. */
export interface ApprovalPreview {
  site: string;
  capturedAt: string;
  title: string;
  finalUrl: string;
  /** The verdict of the last check of the site, and when. */
  lastVerdict?: string;
  lastScore?: number;
  lastCheckedAt?: string;
  lastReason?: string;
  /** The open incident approving closes. */
  incident?: string;
}

async function latestOf(siteId: string, deps: Pick<CheckDeps, 'latest'>): Promise<Snapshot> {
  try {
    return await deps.latest.read(siteId);
  } catch (err) {
    if (err instanceof DefacewatchError && err.code === 'BASELINE_MISSING') {
      throw new DefacewatchError('NO_LATEST_CAPTURE', `${siteId}: no changed or defaced capture is waiting to be approved`);
    }
    throw err;
  }
}

/** The latest capture of the site, as the operator must see it before approving it. */
export async function approvalPreview(site: Site, deps: Pick<CheckDeps, 'latest' | 'store'>): Promise<ApprovalPreview> {
  const latest = await latestOf(site.id, deps);
  const record = deps.store.records.get(site.id);
  return {
    site: site.id,
    capturedAt: latest.meta.capturedAt,
    title: latest.meta.capture.title,
    finalUrl: latest.meta.capture.finalUrl,
    ...(record.lastVerdict === undefined ? {} : { lastVerdict: record.lastVerdict }),
    ...(record.lastScore === undefined ? {} : { lastScore: record.lastScore }),
    ...(record.lastCheckedAt === undefined ? {} : { lastCheckedAt: record.lastCheckedAt }),
    ...(record.lastReason === undefined ? {} : { lastReason: record.lastReason }),
    ...(record.incident?.status === 'open' ? { incident: record.incident.id } : {}),
  };
}

export function formatApprovalPreview(preview: ApprovalPreview): string {
  const last =
    preview.lastVerdict === undefined
      ? ''
      : `\nlast check:  ${preview.lastVerdict} ${preview.lastScore?.toFixed(2) ?? ''} at ${preview.lastCheckedAt ?? '?'}: ${preview.lastReason ?? ''}`;
  const incident = preview.incident === undefined ? '' : `\ncloses:      incident ${preview.incident}, as approved`;
  return `${preview.site}: the capture of ${preview.capturedAt} becomes the baseline\npage:        "${preview.title}" ${preview.finalUrl}${last}${incident}\n`;
}

/**
 * Promotes the latest capture of a site (kept by the last changed or defaced check) to be its
 * baseline. An open incident is closed as approved, and the people who were paged are told.
 */
export async function approveSite(site: Site, deps: ApproveDeps, request: { reason: string; actor: string }): Promise<{ meta: SnapshotMeta; incident?: Incident }> {
  const siteId = site.id;
  const reason = request.reason.trim();
  if (reason === '') throw new DefacewatchError('USAGE', `approve ${siteId}: --reason is empty; say why the page is legitimate (it is kept in the audit log)`);
  const running = deps.store.running.running(siteId, deps.now());
  if (running !== undefined) {
    throw new DefacewatchError(
      'SITE_BUSY',
      `${siteId}: a check started at ${running.startedAt} (process ${running.pid} on ${running.host}) is comparing the site with its baseline`,
    );
  }
  const latest = await latestOf(siteId, deps);
  // What the page changes by itself was learnt from the old baseline's samples and still holds; the
  // approved page's own looks of those areas join the known ones.
  const previous = await deps.baselines.read(siteId).catch((err: unknown) => {
    if (err instanceof DefacewatchError && err.code === 'BASELINE_MISSING') return undefined;
    // A corrupt old baseline is what approving replaces: the new one starts without learnt areas.
    deps.logger.warn(
      { site: siteId, err: err instanceof Error ? err.message : String(err) },
      'old baseline unreadable: the approved page starts without learnt volatile areas',
    );
    return undefined;
  });
  const learnt = previous?.meta.volatility;
  const volatility = learnt ? withLooksOf(learnt, await decodePng(latest.capture.screenshot)) : undefined;
  const meta = await deps.baselines.write(siteId, latest.capture, latest.meta.versions, volatility);
  await deps.latest.remove(siteId);
  const at = deps.now().toISOString();
  const open = deps.store.records.get(siteId).incident;
  const sharing = open?.status === 'open' && deps.sharing !== undefined ? await deps.sharing.prepare(site, await incidentScreenshot(open)) : undefined;
  const incident = deps.store.transaction(() => {
    const { record, events } = approveRecord(deps.store.records.get(siteId), at);
    deps.store.records.put(record);
    const closed = events.find((event): event is Extract<IncidentEvent, { kind: 'approved' }> => event.kind === 'approved');
    deps.store.audit.append({
      at,
      actor: request.actor,
      action: 'approve',
      site: siteId,
      ...(closed === undefined ? {} : { incident: closed.incident.id }),
      reason,
      detail: `the capture of ${meta.capturedAt} ("${latest.meta.capture.title}") became the baseline`,
    });
    if (closed === undefined) return undefined;
    // The message describes the page now the baseline, not the defaced one the incident opened on.
    const page = { title: latest.meta.capture.title, finalUrl: latest.meta.capture.finalUrl };
    enqueueSiteAlert(site, alertFor(site, closed.incident.latest, closed, deps.routing, { at, page }), deps);
    // The network learns it was a false alarm: the bundle revokes the indicator.
    if (sharing !== undefined) deps.sharing?.queue(closed.incident, sharing);
    return closed.incident;
  });
  deps.logger.info({ site: siteId, capturedAt: meta.capturedAt, incident: incident?.id, actor: request.actor }, 'latest capture approved as the new baseline');
  return incident === undefined ? { meta } : { meta, incident };
}
