#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Runtime } from '../check/runtime.js';
import { loadTargets, selectSites } from '../config/load-targets.js';
import { toDefacewatchError } from '../core/errors.js';
import { createLogger } from '../log.js';
import { EXIT, exitCodeForCheck, formatCheckLine, printError } from './output.js';

// Commands load the browser, image and scheduler libraries only when they need them, so that
// `validate` and `schema` answer at once.
const checking = () => import('../check/index.js');

interface CommonFlags {
  targets: string;
  baselines: string;
  data: string;
  allowPrivate: boolean;
  concurrency: number;
  logLevel?: string;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The flags every command shares; kept stable because agencies' scripts use them. */
function withCommonFlags(command: Command): Command {
  return command
    .option('--targets <dir>', 'folder of agency YAML files', 'targets')
    .option('--baselines <dir>', 'folder of approved baselines', 'baselines')
    .option('--data <dir>', 'folder for evidence, latest captures, state and unsent alerts', 'data')
    .option('--allow-private', 'allow sites on loopback/private addresses', false)
    .addOption(new Option('--concurrency <n>', 'pages loaded at once').argParser(positiveInt).default(2))
    .option('--log-level <level>', 'pino log level on stderr (default: info, or DEFACEWATCH_LOG_LEVEL)');
}

async function withRuntime<T>(flags: CommonFlags, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const logger = createLogger({ level: flags.logLevel });
  const { createRuntime } = await checking();
  const runtime = await createRuntime({
    targetsDir: flags.targets,
    baselinesDir: flags.baselines,
    dataDir: flags.data,
    allowPrivate: flags.allowPrivate,
    logger,
  });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('defacewatch')
    .description('Watches websites for defacement: captures them in headless Chromium and compares with approved baselines.')
    .version(process.env.npm_package_version ?? '0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  withCommonFlags(program.command('validate').description('check the targets files and list the sites')).action(
    async (flags: CommonFlags) => {
      const targets = await loadTargets(flags.targets);
      for (const site of targets.sites) process.stdout.write(`${site.id}\t${site.agency.file}\t${site.url}\t${site.schedule}\n`);
      process.stderr.write(`ok: ${targets.agencies.length} agency file(s), ${targets.sites.length} site(s)\n`);
    },
  );

  program
    .command('schema')
    .description('print the JSON Schema of an agency targets file')
    .action(async () => {
      const { agencyJsonSchema } = await import('../config/json-schema.js');
      process.stdout.write(`${JSON.stringify(agencyJsonSchema(), null, 2)}\n`);
    });

  withCommonFlags(program.command('baseline').description('capture sites now and store them as their approved baselines'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .action(async (flags: CommonFlags & { site: string[] }) => {
      const { baselineSite, runConcurrently, terminalProgress } = await checking();
      await withRuntime(flags, async ({ targets, deps }) => {
        const sites = selectSites(targets, flags.site);
        const progress = terminalProgress(sites.length);
        let failed = 0;
        for await (const outcome of runConcurrently(sites, flags.concurrency, (site) => baselineSite(site, deps))) {
          progress.tick(outcome.item.id);
          if (outcome.error !== undefined) {
            failed += 1;
            printError(toDefacewatchError(outcome.error, 'CAPTURE_FAILED'));
          } else {
            process.stdout.write(`${outcome.item.id}: baseline stored\n`);
          }
        }
        progress.done();
        if (failed > 0) setExitCode(EXIT.SITE_FAILED);
      });
    });

  withCommonFlags(program.command('check').description('check sites once against their baselines'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--json', 'print one JSON object per site on stdout', false)
    .action(async (flags: CommonFlags & { site: string[]; json: boolean }) => {
      const { checkSite, runConcurrently, terminalProgress } = await checking();
      await withRuntime(flags, async ({ targets, deps }) => {
        const sites = selectSites(targets, flags.site);
        const progress = terminalProgress(sites.length);
        const verdicts: string[] = [];
        let errors = 0;
        for await (const outcome of runConcurrently(sites, flags.concurrency, (site) => checkSite(site, deps))) {
          progress.tick(outcome.item.id);
          if (outcome.value) {
            verdicts.push(outcome.value.verdict);
            process.stdout.write(`${flags.json ? JSON.stringify(outcome.value) : formatCheckLine(outcome.value)}\n`);
          } else {
            errors += 1;
            printError(toDefacewatchError(outcome.error));
          }
        }
        progress.done();
        setExitCode(exitCodeForCheck(verdicts, errors));
      });
    });

  withCommonFlags(program.command('approve').description('accept the latest capture of a site as its new baseline'))
    .argument('<id>', 'site id')
    .action(async (id: string, flags: CommonFlags) => {
      const logger = createLogger({ level: flags.logLevel });
      const targets = await loadTargets(flags.targets);
      selectSites(targets, [id]);
      const { approveSite, createStores } = await checking();
      await approveSite(id, createStores({ baselinesDir: flags.baselines, dataDir: flags.data, logger }));
      process.stdout.write(`${id}: latest capture approved as the baseline\n`);
    });

  withCommonFlags(program.command('run').description('run the monitoring daemon: check every site on its schedule')).action(
    async (flags: CommonFlags) => {
      const { runDaemon } = await import('../scheduler/daemon.js');
      const stop = new AbortController();
      // `on`, not `once`: a terminal's Ctrl-C reaches both `npm run demo` and the daemon it forwards to.
      const onSignal = () => stop.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      await withRuntime(flags, (runtime) => runDaemon(runtime, { concurrency: flags.concurrency, signal: stop.signal }));
    },
  );

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
