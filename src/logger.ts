// Builds the pino logger passed to every module: JSON lines, secrets redacted.
import { destination, pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** 1 = stdout (the service), 2 = stderr (one-shot commands, whose stdout is their output). */
  fd: 1 | 2;
}

/** @see https://getpino.io/#/docs/api?id=options */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: 'herald',
      level: options.level,
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    destination({ fd: options.fd, sync: true }),
  );
}

/** A logger that drops everything, for tests and quiet commands. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
