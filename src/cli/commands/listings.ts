import type { Command } from 'commander';
import { selectSites } from '../../config/load-targets.js';
import { checking, collect, type CommonFlags, printLines, withCommonFlags, withSetup } from './common.js';

type ListFlags = CommonFlags & { site: string[]; json: boolean };

/** `status`, `incidents` and `audit`: what is going on, what is open, and who did what. */
export function registerListingCommands(program: Command): void {
  withCommonFlags(program.command('status').description('every site: last verdict, when, and its open incident'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--json', 'print one JSON object per site on stdout', false)
    .action(async (flags: ListFlags) => {
      const { formatSiteStatus, siteStatuses } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        const wanted = new Set(selectSites(targets, flags.site).map((site) => site.id));
        printLines(
          siteStatuses(targets, stores).filter((status) => wanted.has(status.site)),
          flags.json,
          formatSiteStatus,
          'status: no sites in the targets files',
        );
      });
    });

  const incidents = withCommonFlags(program.command('incidents').description('the incidents, oldest first (`incidents show ID` for one with its timeline)'))
    .option('--open', 'only open ones', false)
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--json', 'print one JSON object per incident on stdout', false)
    .action(async (flags: ListFlags & { open: boolean }) => {
      const { formatIncidentLine, incidentLines } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        selectSites(targets, flags.site);
        printLines(incidentLines(stores, { open: flags.open, sites: flags.site }), flags.json, formatIncidentLine, `incidents: none${flags.open ? ' open' : ''}`);
      });
    });
  withCommonFlags(incidents.command('show').description('one incident with its timeline: alerts, deliveries, who acknowledged or approved it'))
    .argument('<incident>', 'incident id, as `defacewatch incidents` lists them')
    .option('--json', 'print the incident and its timeline as one JSON object', false)
    .action(async (id: string, _own: CommonFlags & { json: boolean }, command: Command) => {
      // `incidents show ID --json`: commander hands flags after `show` that `incidents` also has to `incidents`.
      const flags = command.optsWithGlobals<CommonFlags & { json: boolean }>();
      const { formatIncidentLine, formatTimelineEvent, incidentTimeline } = await checking();
      await withSetup(flags, async ({ stores }) => {
        const shown = incidentTimeline(stores, id);
        if (flags.json) process.stdout.write(`${JSON.stringify(shown)}\n`);
        else process.stdout.write(`${formatIncidentLine(shown.incident)}\n${shown.timeline.map((event) => `  ${formatTimelineEvent(event)}\n`).join('')}`);
      });
    });

  withCommonFlags(program.command('audit').description('the audit log: every approve, acknowledge and retry, who did it and why'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--json', 'print one JSON object per entry on stdout', false)
    .action(async (flags: ListFlags) => {
      const { formatAuditEntry } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        selectSites(targets, flags.site);
        printLines(stores.store.audit.entries({ sites: flags.site }), flags.json, formatAuditEntry, 'audit: nothing recorded yet');
      });
    });
}
