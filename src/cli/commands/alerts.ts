import type { Command } from 'commander';
import { EXIT } from '../output.js';
import { checking, type CommonFlags, type SetExitCode, withCommonFlags, withSetup } from './common.js';

/** `outbox` and `test-alert`: the alert deliveries and the wiring of the sinks. */
export function registerAlertCommands(program: Command, setExitCode: SetExitCode): void {
  withCommonFlags(program.command('outbox').description('list alert deliveries that are pending or failed'))
    .option('--json', 'print one JSON object per delivery on stdout', false)
    .option('--all', 'include delivered ones', false)
    .option('--retry-failed', 'put failed deliveries back in the queue (after fixing the sink), then list', false)
    .action(async (flags: CommonFlags & { json: boolean; all: boolean; retryFailed: boolean }) => {
      const { formatOutboxLine, outboxLines } = await checking();
      await withSetup(flags, async ({ stores }) => {
        if (flags.retryFailed) {
          const count = stores.store.outbox.retryFailed(stores.now());
          process.stderr.write(`${count} failed deliver${count === 1 ? 'y' : 'ies'} queued again\n`);
        }
        const lines = outboxLines(stores, { all: flags.all });
        for (const line of lines) process.stdout.write(`${flags.json ? JSON.stringify(line) : formatOutboxLine(line)}\n`);
        if (!flags.json && lines.length === 0) process.stderr.write('outbox: nothing pending or failed\n');
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
