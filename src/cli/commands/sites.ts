import type { Command } from 'commander';
import type { CheckDeps } from '../../check/ports.js';
import type { Progress } from '../../check/run-many.js';
import { type Site, selectSites } from '../../config/load-targets.js';
import { toDefacewatchError } from '../../core/errors.js';
import { EXIT, exitCodeForCheck, formatCheckLine, printError } from '../output.js';
import { checking, collect, type CommonFlags, progressOf, type SetExitCode, withCommonFlags, withRuntime } from './common.js';

type CheckModule = Awaited<ReturnType<typeof checking>>;

/** How a run of `baseline` went: sites not stored (or not refreshed), and of those, refused as defaced. */
interface BaselineTally {
  failed: number;
  defaced: number;
}

/** `baseline` and `check`: the commands that load sites in the browser. */
export function registerSiteCommands(program: Command, setExitCode: SetExitCode): void {
  withCommonFlags(program.command('baseline').description('capture sites now and store them as their approved baselines'))
    .argument('[id...]', 'only these sites (like --site)')
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--refresh', 're-capture existing baselines with the tools now running, only where the page still shows the approved content', false)
    .action(async (ids: string[], flags: CommonFlags & { site: string[]; refresh: boolean }) => {
      const check = await checking();
      await withRuntime(flags, async ({ targets, deps }) => {
        const sites = selectSites(targets, [...ids, ...flags.site]);
        const progress = progressOf(check, flags, sites.length);
        const run = flags.refresh ? refreshBaselines : storeBaselines;
        const { failed, defaced } = await run(check, sites, flags.concurrency, deps, progress);
        progress.done();
        // As with check, a defacement wins: a refresh refused on a defaced page exits 1.
        if (defaced > 0) setExitCode(EXIT.DEFACED);
        else if (failed > 0) setExitCode(EXIT.SITE_FAILED);
      });
    });

  withCommonFlags(program.command('check').description('check sites once against their baselines; only looks unless --alert'))
    .option('--site <id>', 'only this site (repeatable)', collect, [])
    .option('--json', 'print one JSON object per site on stdout', false)
    .option('--alert', 'act as a daemon cycle: open and close incidents and send the alerts they cause', false)
    .action(async (flags: CommonFlags & { site: string[]; json: boolean; alert: boolean }) => {
      const check = await checking();
      await withRuntime(flags, async ({ targets, deps }) => {
        const sites = selectSites(targets, flags.site);
        const progress = progressOf(check, flags, sites.length);
        const verdicts: string[] = [];
        let errors = 0;
        for await (const outcome of check.runConcurrently(sites, flags.concurrency, (site) => check.checkSite(site, deps, undefined, { record: flags.alert }))) {
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
        if (flags.alert) {
          // One delivery attempt now; what fails stays in the outbox for the daemon (or the next check) to retry.
          await check.deliverDue(deps);
        } else if (!flags.quiet) {
          process.stderr.write('check only looked: no alert sent, no incident opened or closed (add --alert to act as the daemon does)\n');
        }
        setExitCode(exitCodeForCheck(verdicts, errors));
      });
    });
}

/** `baseline`: captures each site and stores it as its approved baseline. */
async function storeBaselines(check: CheckModule, sites: readonly Site[], concurrency: number, deps: CheckDeps, progress: Progress): Promise<BaselineTally> {
  const tally = { failed: 0, defaced: 0 };
  for await (const outcome of check.runConcurrently(sites, concurrency, (site) => check.baselineSite(site, deps))) {
    progress.tick(outcome.item.id);
    if (outcome.error !== undefined) {
      tally.failed += 1;
      printError(toDefacewatchError(outcome.error, 'CAPTURE_FAILED'));
    } else {
      process.stdout.write(`${outcome.item.id}: baseline stored\n`);
    }
  }
  return tally;
}

/** `baseline --refresh`: re-captures each baseline, refused where the page no longer shows the approved content. */
async function refreshBaselines(check: CheckModule, sites: readonly Site[], concurrency: number, deps: CheckDeps, progress: Progress): Promise<BaselineTally> {
  const tally = { failed: 0, defaced: 0 };
  for await (const outcome of check.runConcurrently(sites, concurrency, (site) => check.refreshBaseline(site, deps))) {
    progress.tick(outcome.item.id);
    if (outcome.value?.refreshed) {
      process.stdout.write(`${check.refreshedLine(outcome.item.id, outcome.value)}\n`);
      continue;
    }
    tally.failed += 1;
    if (outcome.value?.verdict === 'defaced') tally.defaced += 1;
    printError(outcome.value ? outcome.value.error : toDefacewatchError(outcome.error, 'CAPTURE_FAILED'));
  }
  return tally;
}
