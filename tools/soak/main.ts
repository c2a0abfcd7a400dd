import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HOSTILE_PAGES, startHostileSites } from '../../test/helpers/hostile-sites.js';
import { pssBytesOf, rssBytesOf, treeOf } from '../bench/process-tree.js';
import { RUNTIME_CLI } from '../runtime-cli.js';
import { longestGap, memoryVerdict, SAMPLE_HEADER, sampleRow, type MemorySample } from './report.js';

/**
 * `npm run soak -- --minutes 30`: runs the real daemon (`defacewatch run`) against the hostile
 * fixture pages (test/helpers/hostile-sites.ts: endless scripts, memory hogs, a 100 MB page,
 * redirect loops, a slowloris server, 2,000 iframes, downloads, SSRF attempts) and a few ordinary
 * sites, every site due every `--period` seconds, and prints the memory of the daemon's Node process
 * and of its whole tree (Chromium included) over time, the slope of Node's memory once warm, how
 * often the ordinary sites were checked, and how long the daemon took to stop. Table on stdout,
 * progress on stderr; `--log FILE` keeps the daemon's own log. Linux only (it reads /proc). Not part of CI: it runs for many minutes.
 */

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    period: { type: 'string', default: '10' },
    sites: { type: 'string', default: '35' },
    ordinary: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '2' },
    every: { type: 'string', default: '10' },
    log: { type: 'string' },
  },
});

function number(name: keyof typeof args, min: number): number {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value < min) {
    process.stderr.write(`soak: --${name} ${args[name]}: expected a number of at least ${min}\n`);
    process.exit(2);
  }
  return value;
}

const MINUTES = number('minutes', 0.5);
const PERIOD_S = number('period', 1);
const SITES = number('sites', 1);
const ORDINARY = number('ordinary', 1);
const CONCURRENCY = number('concurrency', 1);
const EVERY_S = number('every', 1);
if (60 % PERIOD_S !== 0) {
  process.stderr.write(`soak: --period ${PERIOD_S}: use a number of seconds that divides a minute (1, 2, 3, 5, 10, 15, 20, 30)\n`);
  process.exit(2);
}

const MiB = 2 ** 20;

function progress(text: string): void {
  process.stderr.write(`soak: ${text}\n`);
}

/** The agency file: the ordinary sites first, then the hostile pages in turn until there are SITES sites. */
function targetsYaml(origin: string): string {
  const schedule = `*/${PERIOD_S} * * * * *`;
  const sites: string[] = [];
  for (let n = 1; n <= ORDINARY; n++) sites.push(`  - id: ordinary-${n}\n    url: ${origin}/ordinary-${n}\n    schedule: '${schedule}'\n`);
  for (let i = 0; sites.length < SITES; i++) {
    const hostile = HOSTILE_PAGES[i % HOSTILE_PAGES.length]!;
    const id = `${hostile.path.slice(1)}-${Math.floor(i / HOSTILE_PAGES.length) + 1}`;
    sites.push(`  - id: ${id}\n    url: ${origin}${hostile.path}\n    schedule: '${schedule}'\n`);
  }
  return `agency: Soak\ncontacts: [soc@soak.example]\nallowPrivateNetworks: true\nsites:\n${sites.join('')}`;
}

/** Check times per site (seconds since start) and failures, from the daemon's JSON log on stderr. */
class DaemonLog {
  readonly checks = new Map<string, number[]>();
  readonly verdicts = new Map<string, number>();
  failures = 0;
  #buffer = '';

  constructor(
    child: ChildProcess,
    private readonly startedAt: number,
  ) {
    child.stderr!.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString();
      let newline: number;
      while ((newline = this.#buffer.indexOf('\n')) >= 0) {
        this.#line(this.#buffer.slice(0, newline));
        this.#buffer = this.#buffer.slice(newline + 1);
      }
    });
  }

  get total(): number {
    return [...this.checks.values()].reduce((sum, times) => sum + times.length, 0);
  }

  ordinaryChecks(): number {
    return [...this.checks].filter(([site]) => site.startsWith('ordinary-')).reduce((sum, [, times]) => sum + times.length, 0);
  }

  #line(text: string): void {
    // Chromium may write lines of its own to the same stderr.
    if (!text.startsWith('{')) return;
    const line = JSON.parse(text) as { site?: string; verdict?: string; msg?: string };
    if (line.msg?.endsWith('check failed')) this.failures += 1;
    if (line.site === undefined || line.verdict === undefined) return;
    this.checks.set(line.site, [...(this.checks.get(line.site) ?? []), (Date.now() - this.startedAt) / 1000]);
    this.verdicts.set(line.verdict, (this.verdicts.get(line.verdict) ?? 0) + 1);
  }
}

function sample(pid: number, at: number): MemorySample {
  const tree = treeOf(pid);
  return {
    at,
    nodeRssMiB: rssBytesOf(pid) / MiB,
    treeRssMiB: tree.reduce((sum, p) => sum + rssBytesOf(p), 0) / MiB,
    treePssMiB: tree.reduce((sum, p) => sum + pssBytesOf(p), 0) / MiB,
  };
}

function summary(samples: readonly MemorySample[], log: DaemonLog, startedAt: number): string[] {
  const memory = memoryVerdict(samples, MINUTES * 60);
  const lines = [
    `node RSS after the ${memory.warmUpSeconds.toFixed(0)} s warm-up: ${memory.nodeStartMiB.toFixed(0)} MiB, at the end ${memory.nodeEndMiB.toFixed(0)} MiB; ` +
      `slope ${memory.nodeSlope.toFixed(2)} MiB/min, ${memory.projected30MinMiB.toFixed(0)} MiB over 30 minutes (goal: under 100)`,
    `tree peak: RSS ${memory.peakTreeRssMiB.toFixed(0)} MiB (shared pages counted in every process), PSS ${memory.peakTreePssMiB.toFixed(0)} MiB`,
  ];
  for (let n = 1; n <= ORDINARY; n++) {
    const times = log.checks.get(`ordinary-${n}`) ?? [];
    const { gap, first } = longestGap(times, 0);
    lines.push(`ordinary-${n}: checked ${times.length} times, first after ${first.toFixed(0)} s, longest gap ${gap.toFixed(0)} s (period ${PERIOD_S} s)`);
  }
  const verdicts = [...log.verdicts].map(([verdict, count]) => `${verdict} ${count}`).join(', ');
  lines.push(`checks: ${log.total} in ${((Date.now() - startedAt) / 60_000).toFixed(1)} min (${verdicts}); failed checks (no verdict): ${log.failures}`);
  return lines;
}

async function main(): Promise<number> {
  const server = await startHostileSites(ORDINARY);
  const dir = await mkdtemp(path.join(tmpdir(), 'dw-soak-'));
  await mkdir(path.join(dir, 'targets'));
  await writeFile(path.join(dir, 'targets', 'soak.yaml'), targetsYaml(server.origin));
  progress(`${SITES} sites (${ORDINARY} ordinary) every ${PERIOD_S} s, concurrency ${CONCURRENCY}, for ${MINUTES} min; workspace ${dir}`);

  const startedAt = Date.now();
  const daemon = spawn(process.execPath, [RUNTIME_CLI, 'run', '--concurrency', String(CONCURRENCY)], {
    cwd: dir,
    env: { ...process.env, DEFACEWATCH_SMTP_URL: '', DEFACEWATCH_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = new DaemonLog(daemon, startedAt);
  if (args.log !== undefined) daemon.stderr.pipe(createWriteStream(args.log));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => daemon.on('exit', (code) => ((exitCode = code), resolve())));

  const samples: MemorySample[] = [];
  process.stdout.write(`defacewatch soak: ${SITES} sites (${ORDINARY} ordinary), every ${PERIOD_S} s, concurrency ${CONCURRENCY}, ${MINUTES} min\n${SAMPLE_HEADER}\n`);
  const timer = setInterval(() => {
    const reading = sample(daemon.pid!, (Date.now() - startedAt) / 1000);
    samples.push(reading);
    process.stdout.write(`${sampleRow(reading, log.total, log.ordinaryChecks())}\n`);
  }, EVERY_S * 1000);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000))]);
  clearInterval(timer);

  const crashed = exitCode !== undefined;
  const stopAt = performance.now();
  if (!crashed) daemon.kill('SIGTERM');
  await exited;
  const stopSeconds = (performance.now() - stopAt) / 1000;
  for (const line of summary(samples, log, startedAt)) process.stdout.write(`${line}\n`);
  process.stdout.write(
    crashed ? `daemon DIED during the run (exit code ${exitCode})\n` : `daemon stopped ${stopSeconds.toFixed(1)} s after SIGTERM, exit code ${exitCode}\n`,
  );
  await server.close();
  await rm(dir, { recursive: true, force: true });
  return crashed || exitCode !== 0 ? 1 : 0;
}

process.exitCode = await main();
