#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { toDefacewatchError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../core/version.js';
import { registerAlertCommands } from './commands/alerts.js';
import type { SetExitCode } from './commands/common.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDaemonCommand } from './commands/daemon.js';
import { registerExportCommands } from './commands/export.js';
import { registerIncidentCommands } from './commands/incidents.js';
import { registerListingCommands } from './commands/listings.js';
import { registerMaintenanceCommand } from './commands/maintenance.js';
import { registerSiteCommands } from './commands/sites.js';
import { EXIT, printError } from './output.js';

/** The whole command line; the order of registration is the order `--help` lists the commands in. */
function buildProgram(setExitCode: SetExitCode): Command {
  const program = new Command('defacewatch')
    .description('Watches websites for defacement: captures them in headless Chromium and compares with approved baselines.')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerConfigCommands(program, setExitCode);
  registerSiteCommands(program, setExitCode);
  registerListingCommands(program);
  registerIncidentCommands(program);
  registerMaintenanceCommand(program);
  registerAlertCommands(program, setExitCode);
  registerExportCommands(program);
  registerDaemonCommand(program, setExitCode);
  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are not failures; every other commander error is a usage error.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const error = toDefacewatchError(err);
    printError(error);
    return error.code === 'INTERNAL' ? EXIT.INTERNAL : EXIT.USAGE;
  }
}

process.exitCode = await main(process.argv);
