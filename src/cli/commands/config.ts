import type { Command } from 'commander';
import { loadDaemonConfig } from '../../config/load-daemon-config.js';
import { loadTargets } from '../../config/load-targets.js';
import { DefacewatchError } from '../../core/errors.js';
import { EXIT, printError } from '../output.js';
import { type CommonFlags, printLines, type SetExitCode, withCommonFlags } from './common.js';

/** `validate` and `schema`: the targets files, the daemon config and their shape, no browser and no stores. */
export function registerConfigCommands(program: Command, setExitCode: SetExitCode): void {
  withCommonFlags(program.command('validate').description('check the targets files and the daemon config, and list the sites'))
    .option('--json', 'print one JSON object per site on stdout', false)
    .action(async (flags: CommonFlags & { json: boolean }) => {
      // Both are read whatever the other holds, so one run names every problem of both.
      const [targets, daemon] = await Promise.allSettled([loadTargets(flags.targets), loadDaemonConfig(flags.config)]);
      if (targets.status === 'rejected' || daemon.status === 'rejected') {
        for (const outcome of [targets, daemon]) {
          if (outcome.status === 'fulfilled') continue;
          // Anything but a DefacewatchError is our bug: main reports it with exit 70.
          if (!(outcome.reason instanceof DefacewatchError)) throw outcome.reason;
          printError(outcome.reason);
        }
        setExitCode(EXIT.USAGE);
        return;
      }
      const sites = targets.value.sites.map((site) => ({ id: site.id, agency: site.agency.agency, file: site.agency.file, url: site.url, schedule: site.schedule }));
      printLines(sites, flags.json, (site) => `${site.id}\t${site.file}\t${site.url}\t${site.schedule}`, 'no sites');
      process.stderr.write(`ok: ${targets.value.agencies.length} agency file(s), ${targets.value.sites.length} site(s)\n`);
      const { file } = daemon.value;
      process.stderr.write(file === undefined ? 'ok: no daemon config file, the defaults apply\n' : `ok: daemon config ${file}\n`);
    });

  program
    .command('schema')
    .description('print the JSON Schema of an agency targets file (or, with --daemon, of the daemon config)')
    .option('--daemon', 'the daemon config file (defacewatch.yaml) instead', false)
    .action(async (flags: { daemon: boolean }) => {
      const { agencyJsonSchema, daemonJsonSchema } = await import('../../config/json-schema.js');
      process.stdout.write(`${JSON.stringify(flags.daemon ? daemonJsonSchema() : agencyJsonSchema(), null, 2)}\n`);
    });
}
