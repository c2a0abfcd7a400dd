#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Runtime, RuntimeOptions, Setup } from '../check/runtime.js';
import { loadTargets, selectSites } from '../config/load-targets.js';
import { toDefacewatchError } from '../core/errors.js';
import { PACKAGE_VERSION } from '../core/version.js';
import { createLogger } from '../log.js';
import { EXIT, exitCodeForCheck, formatCheckLine, printError } from './output.js';

// Commands load the browser, image and scheduler libraries only when they need them, so that
// `validate` and `schema` answer at once.
const checking = () => import('../check/index.js');

interface CommonFlags {
  targets: string;
  baselines: string;
  data: string;
  config?: string;
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
    .option('--data <dir>', 'folder for evidence, latest captures, state and the alert outbox', 'data')
    .option('--config <file>', 'daemon config: on-call list, alert policy, webhooks, sharing (default: DEFACEWATCH_CONFIG or ./defacewatch.yaml if present)')
    .option('--allow-private', 'allow sites on loopback/private addresses', false)
    .addOption(new Option('--concurrency <n>', 'pages loaded at once').argParser(positiveInt).default(2))
    .option('--log-level <level>', 'pino log level on stderr (default: info, or DEFACEWATCH_LOG_LEVEL)');
}

/** The flags, as the commands in alerts must repeat them (only those that differ from the defaults). */
function commandFlagsOf(flags: CommonFlags): string {
  const given: string[] = [];
  if (flags.targets !== 'targets') given.push('--targets', flags.targets);
  if (flags.baselines !== 'baselines') given.push('--baselines', flags.baselines);
  if (flags.data !== 'data') given.push('--data', flags.data);
  if (flags.config !== undefined) given.push('--config', flags.config);
  return given.map(shellQuote).join(' ');
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function runtimeOptions(flags: CommonFlags): RuntimeOptions {
  return {
    targetsDir: flags.targets,
    baselinesDir: flags.baselines,
    dataDir: flags.data,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
    allowPrivate: flags.allowPrivate,
    logger: createLogger({ level: flags.logLevel }),
    commandFlags: commandFlagsOf(flags),
  };
}

async function withRuntime<T>(flags: CommonFlags, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const { createRuntime } = await checking();
  const runtime = await createRuntime(runtimeOptions(flags));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** For commands that need the config and the stores but no browser. */
async function withSetup<T>(flags: CommonFlags, work: (setup: Setup) => Promise<T>): Promise<T> {
  const { openSetup } = await checking();
  const setup = await openSetup(runtimeOptions(flags));
  try {
    return await work(setup);
  } finally {
    setup.close();
  }
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('defacewatch')
    .description('Watches websites for defacement: captures them in headless Chromium and compares with approved baselines.')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

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
      const { agencyJsonSchema, daemonJsonSchema } = await import('../config/json-schema.js');
      process.stdout.write(`${JSON.stringify(flags.daemon ? daemonJsonSchema() : agencyJsonSchema(), null, 2)}\n`);
    });

  withCommonFlags(program.command('baseline').description('capture sites now and store them as their approved baselines'))
    .argument('[id...]', 'only these sites (like --site)')
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--refresh', 're-capture existing baselines with the tools now running, only where the page still shows the approved content', false)
    .action(async (ids: string[], flags: CommonFlags & { site: string[]; refresh: boolean }) => {
      const { baselineSite, refreshBaseline, refreshedLine, runConcurrently, terminalProgress } = await checking();
      await withRuntime(flags, async ({ targets, deps }) => {
        const sites = selectSites(targets, [...ids, ...flags.site]);
        const progress = terminalProgress(sites.length);
        let failed = 0;
        let defaced = 0;
        if (flags.refresh) {
          for await (const outcome of runConcurrently(sites, flags.concurrency, (site) => refreshBaseline(site, deps))) {
            progress.tick(outcome.item.id);
            if (outcome.value?.refreshed) {
              process.stdout.write(`${refreshedLine(outcome.item.id, outcome.value)}\n`);
              continue;
            }
            failed += 1;
            if (outcome.value?.verdict === 'defaced') defaced += 1;
            printError(outcome.value ? outcome.value.error : toDefacewatchError(outcome.error, 'CAPTURE_FAILED'));
          }
        } else {
          for await (const outcome of runConcurrently(sites, flags.concurrency, (site) => baselineSite(site, deps))) {
            progress.tick(outcome.item.id);
            if (outcome.error !== undefined) {
              failed += 1;
              printError(toDefacewatchError(outcome.error, 'CAPTURE_FAILED'));
            } else {
              process.stdout.write(`${outcome.item.id}: baseline stored\n`);
            }
          }
        }
        progress.done();
        // As with check, a defacement wins: a refresh refused on a defaced page exits 1.
        if (defaced > 0) setExitCode(EXIT.DEFACED);
        else if (failed > 0) setExitCode(EXIT.SITE_FAILED);
      });
    });

  withCommonFlags(program.command('check').description('check sites once against their baselines'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--json', 'print one JSON object per site on stdout', false)
    .action(async (flags: CommonFlags & { site: string[]; json: boolean }) => {
      const { checkSite, deliverDue, runConcurrently, terminalProgress } = await checking();
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
        // One delivery attempt now; what fails stays in the outbox for the daemon (or the next check) to retry.
        await deliverDue(deps);
        setExitCode(exitCodeForCheck(verdicts, errors));
      });
    });

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

  withCommonFlags(program.command('run').description('run the monitoring daemon: check every site on its schedule')).action(async (flags: CommonFlags) => {
    const { runDaemon } = await import('../scheduler/daemon.js');
    const stop = new AbortController();
    // `on`, not `once`: a terminal's Ctrl-C reaches both `npm run demo` and the daemon it forwards to.
    const onSignal = () => stop.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await withRuntime(flags, (runtime) => runDaemon(runtime, { concurrency: flags.concurrency, signal: stop.signal }));
  });

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
