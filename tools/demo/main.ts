import { spawn } from 'node:child_process';
import { RUNTIME_CLI } from '../runtime-cli.js';
import { startDemoSite } from './site.js';

/**
 * `npm run demo`: serves the demo ministry site on 127.0.0.1:8900 (the URL in targets/demo.yaml),
 * baselines it with the real CLI, starts the daemon, and defaces the site after about a minute so
 * a newcomer sees the verdict in the log and the alert written as an .eml file under data/outbox/.
 */

const PORT = 8900;
const DEFACE_AFTER_MS = Number(process.env.DEMO_DEFACE_AFTER_MS ?? 60_000);

function say(text: string): void {
  process.stderr.write(`\n>>> demo: ${text}\n\n`);
}

function runCli(args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [RUNTIME_CLI, ...args], { stdio: 'inherit' });
}

const site = await startDemoSite(PORT);
say(`demo ministry site at ${site.url}; capturing its baseline`);
const baselineCode = await new Promise<number | null>((resolve) => runCli(['baseline', '--site', 'demo-home']).on('exit', resolve));
if (baselineCode !== 0) {
  say('the baseline could not be captured; see the error above');
  await site.close();
  process.exit(baselineCode ?? 1);
}

say(`starting the daemon (checks every 15 s); the site will be defaced in ${Math.round(DEFACE_AFTER_MS / 1000)} s`);
const daemon = runCli(['run']);
const timer = setTimeout(() => {
  site.setDefaced(true);
  say('the demo site is now DEFACED: watch for the "defaced" verdict and the alert (data/outbox/*.eml without SMTP)');
}, DEFACE_AFTER_MS);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => daemon.kill(signal));
}
const code = await new Promise<number | null>((resolve) => daemon.on('exit', resolve));
clearTimeout(timer);
await site.close();
process.exit(code ?? 0);
