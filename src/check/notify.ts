import type { Site } from '../config/load-targets.js';
import { toDefacewatchError } from '../core/errors.js';
import type { Capture, CheckResult } from '../core/types.js';
import type { Logger } from '../log.js';
import { alertIdFor, type Alert, type AlertEvidence } from '../sinks/types.js';
import type { CheckDeps } from './ports.js';

/**
 * Alerts the agency when a site turns defaced (not on every defaced check), then remembers the
 * verdict. The state is written only after the alert was handed on, so an alert that could not be
 * delivered is tried again on the next check instead of being lost.
 */
export async function notifyIfTurnedDefaced(
  site: Site,
  result: CheckResult,
  current: Capture,
  evidence: AlertEvidence,
  deps: Pick<CheckDeps, 'state' | 'sinkFor'>,
  logger: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const previous = await deps.state.get(site.id);
  const alreadyAlerted = previous?.lastVerdict === 'defaced' && previous.defacedSince !== undefined;
  let defacedSince = result.verdict === 'defaced' && alreadyAlerted ? previous.defacedSince : undefined;

  if (result.verdict === 'defaced' && !alreadyAlerted) {
    const alert: Alert = {
      id: alertIdFor(result),
      kind: 'defaced',
      agency: { name: site.agency.agency, contacts: [...site.agency.contacts], timezone: site.agency.timezone },
      result,
      evidence,
      page: { title: current.title, finalUrl: current.finalUrl },
    };
    try {
      const receipt = await deps.sinkFor(site.agency).send(alert, { signal });
      logger.info({ alert: alert.id, sink: receipt.sink, detail: receipt.detail }, 'defacement alert sent');
      defacedSince = result.checkedAt;
    } catch (err) {
      const error = toDefacewatchError(err, 'ALERT_FAILED');
      logger.error({ alert: alert.id, code: error.code, err: error.message }, 'defacement alert failed; will retry on the next check');
    }
  }

  await deps.state.put(site.id, {
    lastVerdict: result.verdict,
    lastCheckedAt: result.checkedAt,
    ...(defacedSince === undefined ? {} : { defacedSince }),
  });
}
