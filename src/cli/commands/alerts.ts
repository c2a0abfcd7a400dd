import type { Command } from 'commander';
import { EXIT } from '../output.js';
import { checking, type CommonFlags, printLines, type SetExitCode, withActorFlag, withCommonFlags, withSetup } from './common.js';

/** `outbox` and `test-alert`: the alert deliveries and the wiring of the sinks. */
export function registerAlertCommands(program: Command, setExitCode: SetExitCode): void {
  withActorFlag(withCommonFlags(program.command('outbox').description('list alert deliveries that are pending or failed')))
    .option('--json', 'print one JSON object per delivery on stdout', false)
    .option('--all', 'include delivered ones', false)
    .option('--retry-failed', 'put failed deliveries back in the queue (after fixing the sink), then list', false)
    .action(async (flags: CommonFlags & { json: boolean; all: boolean; retryFailed: boolean; by?: string }) => {
      const { formatOutboxLine, operatorName, outboxLines, retryFailedDeliveries } = await checking();
      await withSetup(flags, async ({ stores }) => {
        if (flags.retryFailed) {
          const count = retryFailedDeliveries(stores, operatorName(flags.by));
          process.stderr.write(`${count} failed deliver${count === 1 ? 'y' : 'ies'} queued again\n`);
        }
        printLines(outboxLines(stores, { all: flags.all }), flags.json, formatOutboxLine, 'outbox: nothing pending or failed');
      });
    });

  withCommonFlags(program.command('test-alert').description('send a sample alert through every sink of an agency, to prove the wiring'))
    .requiredOption('--agency <name>', 'agency name, or its file name without .yaml')
    .option('--dry-run', 'build the messages without sending them', false)
    .action(async (flags: CommonFlags & { agency: string; dryRun: boolean }) => {
      const { findAgency, sendTestAlert } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        const agency = findAgency(targets, flags.agency);
        const outcome = await sendTestAlert(agency, stores, { dryRun: flags.dryRun, dataDir: flags.data });
        for (const delivery of outcome.deliveries) {
          const state = flags.dryRun ? 'dry-run' : delivery.delivered ? 'delivered' : 'failed';
          process.stdout.write(`${delivery.sink}\t${state}\t${delivery.detail}\n`);
        }
        if (!flags.dryRun && outcome.deliveries.some((delivery) => !delivery.delivered)) setExitCode(EXIT.ALERT_FAILED);
      });
    });
}
