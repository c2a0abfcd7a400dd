import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** `json`: one pino JSON object per line, for log collectors; `pretty`: one readable line per entry, for people. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * The bottom line of a terminal that a long command redraws (its progress). Log lines are written
 * above it: the line is wiped, the log line written, the line drawn again, so the two never share a row.
 */
export interface StatusLine {
  show(text: string): void;
  clear(): void;
  /** Writes whole lines (ending in a newline) above the status line. */
  print(lines: string): void;
}

const statusLines = new WeakMap<NodeJS.WritableStream, StatusLine>();

/** The status line of `stream` (one per stream, shared by the logger and the progress). */
export function statusLine(stream: NodeJS.WritableStream = process.stderr): StatusLine {
  const known = statusLines.get(stream);
  if (known) return known;
  let text = '';
  const wipe = (): void => {
    if (text) stream.write('\r\x1b[K');
  };
  const line: StatusLine = {
    show(next) {
      text = next;
      stream.write(`\r\x1b[K${next}`);
    },
    clear() {
      wipe();
      text = '';
    },
    print(lines) {
      wipe();
      stream.write(lines);
      if (text) stream.write(text);
    },
  };
  statusLines.set(stream, line);
  return line;
}

/** The format when none is asked for: readable lines on a terminal, JSON everywhere else. */
export function defaultLogFormat(stream: { isTTY?: boolean } = process.stderr): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

/** Where a terminal's log lines go: through its status line, pretty-printed or as they are. */
function terminalDestination(stream: NodeJS.WritableStream & { isTTY?: boolean }, format: LogFormat): DestinationStream {
  const line = statusLine(stream);
  if (format === 'json') return { write: (json: string) => line.print(json) };
  // NO_COLOR (no-color.org): people who set it want plain text.
  const prettify = prettyFactory({ colorize: stream.isTTY === true && !process.env.NO_COLOR, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' });
  return { write: (json: string) => line.print(prettify(json)) };
}

/**
 * The root logger, on stderr so stdout stays free for `--json` output. Callers make children per
 * check and pass them down; nothing holds a global logger. On a terminal the lines go through its
 * status line (progress stays on its own row); `format` defaults to defaultLogFormat().
 */
export function createLogger(
  options: { level?: string | undefined; format?: LogFormat | undefined; destination?: NodeJS.WritableStream & { isTTY?: boolean } } = {},
): Logger {
  const level = options.level ?? process.env.DEFACEWATCH_LOG_LEVEL ?? 'info';
  const stream = options.destination ?? process.stderr;
  const format = options.format ?? defaultLogFormat(stream);
  const destination =
    stream.isTTY === true || format === 'pretty' ? terminalDestination(stream, format) : (options.destination ?? pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level,
      base: { app: 'defacewatch' },
      redact: { paths: ['*.password', '*.pass', 'smtp.auth'], censor: '[redacted]' },
    },
    destination,
  );
}

/** A logger that writes nothing, for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
