import type { Command } from 'commander';
import { selectSites } from '../../config/load-targets.js';
import { checking, type CommonFlags, withCommonFlags, withSetup } from './common.js';

/** `approve` and `ack`: what the person on call does about a site's incident. */
export function registerIncidentCommands(program: Command): void {
  withCommonFlags(program.command('approve').description('accept the latest capture of a site as its new baseline; closes its incident'))
    .argument('<id>', 'site id')
    .action(async (id: string, flags: CommonFlags) => {
      const { approveSite, deliverDue } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        const [site] = selectSites(targets, [id]);
        const { incident } = await approveSite(site!, stores);
        await deliverDue(stores);
        process.stdout.write(`${id}: latest capture approved as the baseline${incident ? `; incident ${incident.id} closed as approved` : ''}\n`);
      });
    });

  withCommonFlags(program.command('ack').description("acknowledge a site's open incident: reminders stop until it closes"))
    .argument('<id>', 'site id')
    .action(async (id: string, flags: CommonFlags) => {
      const { acknowledgeSite } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        selectSites(targets, [id]);
        const incident = acknowledgeSite(id, stores, stores.now().toISOString());
        process.stdout.write(`${id}: incident ${incident.id} acknowledged at ${incident.acknowledgedAt}; no more reminders\n`);
      });
    });
}
