import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Runtime, RuntimeOptions, Setup } from '../../check/runtime.js';
import { createLogger } from '../../log.js';

// Commands load the browser, image and scheduler libraries only when they need them, so that
// `validate` and `schema` answer at once.
export const checking = () => import('../../check/index.js');

/** What a command's action may set as the process's exit code. */
export type SetExitCode = (code: number) => void;

export interface CommonFlags {
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

/** For a repeatable option: each use adds its value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The flags every command shares; kept stable because agencies' scripts use them. */
export function withCommonFlags(command: Command): Command {
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

export async function withRuntime<T>(flags: CommonFlags, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const { createRuntime } = await checking();
  const runtime = await createRuntime(runtimeOptions(flags));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** For commands that need the config and the stores but no browser. */
export async function withSetup<T>(flags: CommonFlags, work: (setup: Setup) => Promise<T>): Promise<T> {
  const { openSetup } = await checking();
  const setup = await openSetup(runtimeOptions(flags));
  try {
    return await work(setup);
  } finally {
    setup.close();
  }
}
