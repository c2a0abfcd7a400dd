import type { Command } from 'commander';
import { selectSites } from '../../config/load-targets.js';
import { DefacewatchError } from '../../core/errors.js';
import { checking, collect, type CommonFlags, printLines, withActorFlag, withCommonFlags, withSetup } from './common.js';

type MaintenanceFlags = CommonFlags & { for?: string; reason?: string; end?: string; list: boolean; site: string[]; json: boolean; by?: string };

const FORMS = 'give a site with --for and --reason, or --end SITE, or --list';

/** `maintenance`: planned work announced by hand, so ordinary changes page nobody while it lasts. */
export function registerMaintenanceCommand(program: Command): void {
  withActorFlag(
    withCommonFlags(
      program
        .command('maintenance')
        .description('put a site in maintenance for a while (ordinary changes page nobody, a defacement signature still does), end it early, or list the windows'),
    ),
  )
    .argument('[id]', 'site id, to start a window now')
    .option('--for <duration>', 'how long the window lasts, e.g. 2h, 90m, 1h30m (at most 7 days)')
    .option('--reason <text>', 'why (shown by status and in the message asking to approve the new page; kept in the audit log)')
    .option('--end <id>', "end the site's window started with this command, now")
    .option('--list', 'list the windows in effect or planned: from the targets files and started with this command', false)
    .option('--site <id>', 'with --list: only this site (repeatable)', collect, [])
    .option('--json', 'with --list: print one JSON object per window on stdout', false)
    .action(async (id: string | undefined, flags: MaintenanceFlags) => {
      const forms = [id !== undefined, flags.end !== undefined, flags.list].filter(Boolean).length;
      if (forms !== 1) throw new DefacewatchError('USAGE', `maintenance: ${FORMS}`);
      const { endMaintenance, formatMaintenanceLine, maintenanceLines, operatorName, startMaintenance } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        if (flags.list) {
          printLines(maintenanceLines(selectSites(targets, flags.site), stores), flags.json, formatMaintenanceLine, 'maintenance: no window in effect or planned');
          return;
        }
        if (flags.end !== undefined) {
          const [site] = selectSites(targets, [flags.end]);
          const at = endMaintenance(site!, stores, { actor: operatorName(flags.by), ...(flags.reason === undefined ? {} : { reason: flags.reason }) });
          process.stdout.write(`${flags.end}: maintenance ended at ${at}; changes page as usual again\n`);
          return;
        }
        const [site] = selectSites(targets, [id!]);
        if (flags.for === undefined) throw new DefacewatchError('USAGE', `maintenance ${id}: --for is required (how long, e.g. --for 2h)`);
        if (flags.reason === undefined)
          throw new DefacewatchError('USAGE', `maintenance ${id}: --reason is required (why, e.g. --reason "CMS upgrade announced by the agency")`);
        const window = startMaintenance(site!, stores, { duration: flags.for, reason: flags.reason, actor: operatorName(flags.by) });
        process.stdout.write(
          `${window.site}: in maintenance until ${window.until} (${window.reason}); ordinary changes page nobody, a defacement signature still does\n`,
        );
      });
    });
}
