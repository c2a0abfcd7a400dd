import type { Command } from 'commander';
import { checking, collect, type CommonFlags, withCommonFlags, withSetup } from './common.js';

/** `export stix` and `export misp`: the recorded incidents for the sharing network, on stdout. */
export function registerExportCommands(program: Command): void {
  const exporting = program.command('export').description('print the recorded defacement incidents for the sharing network');
  withCommonFlags(exporting.command('stix').description('a STIX 2.1 bundle of the recorded incidents, on stdout'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .action(async (flags: CommonFlags & { site: string[] }) => {
      const { exportStix } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        process.stdout.write(`${JSON.stringify(await exportStix(targets, stores, flags.site), null, 2)}\n`);
      });
    });
  withCommonFlags(exporting.command('misp').description('MISP event JSON of the recorded incidents, on stdout'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .action(async (flags: CommonFlags & { site: string[] }) => {
      const { exportMisp } = await checking();
      await withSetup(flags, async ({ targets, stores }) => {
        process.stdout.write(`${JSON.stringify(await exportMisp(targets, stores, flags.site), null, 2)}\n`);
      });
    });
}
