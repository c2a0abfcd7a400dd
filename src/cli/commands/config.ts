import type { Command } from 'commander';
import { loadTargets } from '../../config/load-targets.js';
import { type CommonFlags, withCommonFlags } from './common.js';

/** `validate` and `schema`: the targets files and their shape, no browser and no stores. */
export function registerConfigCommands(program: Command): void {
  withCommonFlags(program.command('validate').description('check the targets files and list the sites')).action(async (flags: CommonFlags) => {
    const targets = await loadTargets(flags.targets);
    for (const site of targets.sites) process.stdout.write(`${site.id}\t${site.agency.file}\t${site.url}\t${site.schedule}\n`);
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
