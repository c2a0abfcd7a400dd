#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { SPLITS, type Split } from './case-format.js';
import { evaluate, type Evaluation, type ProgressEvent } from './evaluate.js';
import { CorpusError, loadCorpus, type Corpus } from './load-corpus.js';
import { formatReport } from './report.js';
import { SetupError } from './run-cli.js';
import { acceptanceOf, ratesBySplit, ratesOf } from './score.js';

/**
 * `npm run eval`: runs the evaluation corpus through the real CLI and prints the tables.
 * Exit 0 when the acceptance is met, 1 when not, 2 on a usage or corpus error, 70 on a bug.
 */

const USAGE = `usage: npm run eval -- [options]   (built: node dist-tools/tools/eval/main.js [options])

  --corpus DIR       corpus folder (default test/corpus)
  --concurrency N    pages the CLI loads at once, passed to it (default 4)
  --site NAME        only this site folder (repeatable)
  --case NAME        only this case folder (repeatable)
  --class NAME       only cases of this class (repeatable)
  --split NAME       only cases of this split: tuning or held-out (default both, reported apart)
  --json             print the outcomes as JSON on stdout instead of the tables
  --keep             keep the temporary workspace (baselines, evidence pictures) and print its path
  --cli PATH         the built defacewatch CLI (default dist/cli/main.js)
`;

const EXIT = { MET: 0, NOT_MET: 1, USAGE: 2, INTERNAL: 70 } as const;

function progressPrinter(stream: NodeJS.WriteStream): (e: ProgressEvent) => void {
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  return (e) => {
    if (e.kind === 'start') {
      lastTenth = -1;
      stream.write(`${e.phase}: ${e.total} case(s)…\n`);
    } else if (e.kind === 'end') {
      if (tty) stream.write('\r\x1b[K');
      stream.write(`${e.phase}: done in ${(e.ms / 1000).toFixed(0)} s\n`);
    } else if (tty) {
      stream.write(`\r\x1b[K[${e.done}/${e.total}] ${e.id}${e.verdict ? `: ${e.verdict}` : ''}`);
    } else {
      const tenth = Math.floor((10 * e.done) / e.total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${e.phase}: ${e.done}/${e.total}\n`);
      }
    }
  };
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', default: 'test/corpus' },
      concurrency: { type: 'string', default: '4' },
      site: { type: 'string', multiple: true, default: [] },
      case: { type: 'string', multiple: true, default: [] },
      class: { type: 'string', multiple: true, default: [] },
      split: { type: 'string' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      cli: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.MET;
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    process.stderr.write(`--concurrency: expected a whole number from 1 to 16, got "${values.concurrency}"\n`);
    return EXIT.USAGE;
  }

  const split = values.split;
  if (split !== undefined && !isSplit(split)) {
    process.stderr.write(`--split: expected ${SPLITS.join(' or ')}, got "${split}"\n`);
    return EXIT.USAGE;
  }

  let corpus: Corpus;
  try {
    corpus = await loadCorpus(values.corpus, { sites: values.site, cases: values.case, classes: values.class, ...(split ? { split } : {}) });
  } catch (err) {
    if (err instanceof CorpusError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.USAGE;
    }
    throw err;
  }

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let result: Evaluation;
  try {
    result = await evaluate({
      corpus,
      concurrency,
      cli: values.cli,
      keepWorkspace: values.keep,
      onProgress: progressPrinter(process.stderr),
      signal: stop.signal,
    });
  } catch (err) {
    if (err instanceof SetupError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT.USAGE;
    }
    throw err;
  }
  if (result.workspace) process.stderr.write(`workspace kept: ${result.workspace}\n`);

  const acceptance = acceptanceOf(result.outcomes);
  if (values.json) {
    const summary = {
      rates: ratesOf(result.outcomes),
      ratesBySplit: ratesBySplit(result.outcomes),
      acceptance,
      timings: result.timings,
      concurrency,
      outcomes: result.outcomes,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(formatReport(result.outcomes, result.timings, result.concurrency));
  }
  return acceptance.met ? EXIT.MET : EXIT.NOT_MET;
}

function isSplit(value: string): value is Split {
  return (SPLITS as readonly string[]).includes(value);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = EXIT.INTERNAL;
}
