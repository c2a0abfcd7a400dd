import type { Command } from 'commander';
import { type CommonFlags, withCommonFlags, withRuntime } from './common.js';

/** `run`: the monitoring daemon, until SIGINT or SIGTERM. */
export function registerDaemonCommand(program: Command): void {
  withCommonFlags(program.command('run').description('run the monitoring daemon: check every site on its schedule')).action(async (flags: CommonFlags) => {
    const { runDaemon } = await import('../../scheduler/daemon.js');
    const stop = new AbortController();
    // `on`, not `once`: a terminal's Ctrl-C reaches both `npm run demo` and the daemon it forwards to.
    const onSignal = () => stop.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await withRuntime(flags, (runtime) => runDaemon(runtime, { concurrency: flags.concurrency, signal: stop.signal }));
  });
}
