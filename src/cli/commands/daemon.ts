import type { Command } from 'commander';
import { checkFolder, ensureFolder } from '../../config/folders.js';
import { acquireDaemonLock, daemonHealth, HEARTBEAT_MS } from '../../store/daemon-lock.js';
import { EXIT } from '../output.js';
import { type CommonFlags, type SetExitCode, withCommonFlags, withRuntime } from './common.js';

/** `run`: the monitoring daemon, until SIGINT or SIGTERM; `health`: whether one is running. */
export function registerDaemonCommand(program: Command, setExitCode: SetExitCode): void {
  withCommonFlags(program.command('run').description('run the monitoring daemon: check every site on its schedule')).action(async (flags: CommonFlags) => {
    const { runDaemon } = await import('../../scheduler/daemon.js');
    // Before anything starts: a second daemon on the same data would send every alert twice.
    await ensureFolder('--data', flags.data);
    const lock = acquireDaemonLock(flags.data);
    const stop = new AbortController();
    // `on`, not `once`: a terminal's Ctrl-C reaches both `npm run demo` and the daemon it forwards to.
    const onSignal = () => stop.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const heartbeat = setInterval(() => {
      try {
        lock.beat();
      } catch (err) {
        process.stderr.write(`${(err as Error).message}; stopping\n`);
        stop.abort();
      }
    }, HEARTBEAT_MS);
    try {
      await withRuntime(flags, (runtime) => runDaemon(runtime, { concurrency: flags.concurrency, signal: stop.signal }));
    } finally {
      clearInterval(heartbeat);
      lock.release();
    }
  });

  program
    .command('health')
    .description('exit 0 if a daemon is running on the data folder and beat in the last 90 s, else 1 (for HEALTHCHECK and monitoring)')
    .option('--data <dir>', 'folder for evidence, latest captures, state and the alert outbox', 'data')
    .action(async (flags: { data: string }) => {
      await checkFolder('--data', flags.data);
      const health = daemonHealth(flags.data);
      (health.healthy ? process.stdout : process.stderr).write(`${health.message}\n`);
      if (!health.healthy) setExitCode(EXIT.UNHEALTHY);
    });
}
