import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The root logger: pino JSON on stderr, so stdout stays free for `--json` output.
 * Callers make children per check and pass them down; nothing holds a global logger.
 */
export function createLogger(options: { level?: string | undefined; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.DEFACEWATCH_LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: { app: 'defacewatch' },
      redact: { paths: ['*.password', '*.pass', 'smtp.auth'], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that writes nothing, for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
