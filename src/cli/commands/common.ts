import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Progress } from '../../check/run-many.js';
import type { Runtime, RuntimeOptions, Setup } from '../../check/runtime.js';
import { DefacewatchError } from '../../core/errors.js';
import { createLogger, LOG_FORMATS, type LogFormat } from '../../log.js';

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
  logFormat?: LogFormat;
  quiet: boolean;
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
    .addOption(new Option('--log-level <level>', 'pino log level on stderr (default: info, or DEFACEWATCH_LOG_LEVEL)').choices(LOG_LEVELS))
    .addOption(
      new Option('--log-format <format>', 'log lines on stderr: readable lines, or pino JSON (default: pretty on a terminal, json otherwise)').choices(LOG_FORMATS),
    )
    .option('-q, --quiet', 'only warnings and errors on stderr, no progress', false);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The log level asked for: --log-level wins, then --quiet (warnings and errors only), then DEFACEWATCH_LOG_LEVEL. */
function logLevelOf(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): string {
  if (flags.logLevel !== undefined) return flags.logLevel;
  if (flags.quiet) return 'warn';
  const fromEnv = env.DEFACEWATCH_LOG_LEVEL?.trim();
  if (fromEnv === undefined || fromEnv === '') return 'info';
  if (!LOG_LEVELS.includes(fromEnv)) throw new DefacewatchError('USAGE', `DEFACEWATCH_LOG_LEVEL=${fromEnv}: not a log level; use one of ${LOG_LEVELS.join(', ')}`);
  return fromEnv;
}

/** The progress of a long command: on the terminal's status line, or nothing with --quiet. */
export function progressOf(check: Awaited<ReturnType<typeof checking>>, flags: CommonFlags, total: number): Progress {
  return check.terminalProgress(flags.quiet ? 0 : total);
}

/** Who is acting, for the audit log (`--by`, else the user running the command). */
export function withActorFlag(command: Command): Command {
  return command.option('--by <name>', 'who is acting, for the audit log (default: the user running the command)');
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
    logger: createLogger({ level: logLevelOf(flags), format: flags.logFormat }),
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

/** Prints records one per line: JSON objects with --json, else the person's format; says so on stderr when there are none. */
export function printLines<T>(lines: readonly T[], json: boolean, format: (line: T) => string, empty: string): void {
  for (const line of lines) process.stdout.write(`${json ? JSON.stringify(line) : format(line)}\n`);
  if (!json && lines.length === 0) process.stderr.write(`${empty}\n`);
}
