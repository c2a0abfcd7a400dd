import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { selectSites } from '../../config/load-targets.js';
import { DefacewatchError } from '../../core/errors.js';
import { checking, type CommonFlags, withActorFlag, withCommonFlags, withSetup } from './common.js';

/** Asks on the terminal; anything but yes is no. */
async function confirmed(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/iu.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

type ApproveFlags = CommonFlags & { reason: string; yes: boolean; by?: string };

/** `approve` and `ack`: what the person on call does about a site's incident. */
export function registerIncidentCommands(program: Command): void {
  withActorFlag(withCommonFlags(program.command('approve').description('accept the latest capture of a site as its new baseline; closes its incident')))
    .argument('<id>', 'site id')
    .requiredOption('--reason <text>', 'why the page is legitimate (kept in the audit log)')
    .option('--yes', 'approve without asking (for scripts); on a terminal the command shows the capture and asks', false)
    .action(async (id: string, flags: ApproveFlags) => {
      const { approvalPreview, approveSite, deliverDue, formatApprovalPreview, operatorName } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        const [site] = selectSites(targets, [id]);
        process.stdout.write(formatApprovalPreview(await approvalPreview(site!, stores)));
        if (!flags.yes) {
          if (!process.stdin.isTTY)
            throw new DefacewatchError('USAGE', `approve ${id}: not confirmed; pass --yes to approve without a question (scripts have no terminal to answer on)`);
          if (!(await confirmed('Approve this capture as the new baseline? [y/N] '))) {
            process.stderr.write(`${id}: not approved; nothing changed\n`);
            return;
          }
        }
        const { incident } = await approveSite(site!, stores, { reason: flags.reason, actor: operatorName(flags.by) });
        await deliverDue(stores);
        process.stdout.write(`${id}: latest capture approved as the baseline${incident ? `; incident ${incident.id} closed as approved` : ''}\n`);
      });
    });

  withActorFlag(withCommonFlags(program.command('ack').description("acknowledge a site's open incident: reminders stop until it closes")))
    .argument('<id>', 'site id')
    .action(async (id: string, flags: CommonFlags & { by?: string }) => {
      const { acknowledgeSite, operatorName } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        selectSites(targets, [id]);
        const incident = acknowledgeSite(id, stores, stores.now().toISOString(), operatorName(flags.by));
        process.stdout.write(`${id}: incident ${incident.id} acknowledged at ${incident.acknowledgedAt}; no more reminders\n`);
      });
    });
}
