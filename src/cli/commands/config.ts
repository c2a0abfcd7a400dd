import type { Command } from 'commander';
import { loadTargets } from '../../config/load-targets.js';
import { type CommonFlags, printLines, withCommonFlags } from './common.js';

/** `validate` and `schema`: the targets files and their shape, no browser and no stores. */
export function registerConfigCommands(program: Command): void {
  withCommonFlags(program.command('validate').description('check the targets files and list the sites'))
    .option('--json', 'print one JSON object per site on stdout', false)
    .action(async (flags: CommonFlags & { json: boolean }) => {
      const targets = await loadTargets(flags.targets);
      const sites = targets.sites.map((site) => ({ id: site.id, agency: site.agency.agency, file: site.agency.file, url: site.url, schedule: site.schedule }));
      printLines(sites, flags.json, (site) => `${site.id}\t${site.file}\t${site.url}\t${site.schedule}`, 'no sites');
      process.stderr.write(`ok: ${targets.agencies.length} agency file(s), ${targets.sites.length} site(s)\n`);
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
