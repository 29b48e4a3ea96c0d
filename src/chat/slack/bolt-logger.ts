// Lets Bolt, the WebClient and the Socket Mode client log through Herald's pino logger, with Slack
// tokens, Socket Mode tickets and response_urls removed from every line.

import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

// Tokens (xoxb-, xapp-…), the Socket Mode ticket in its WebSocket URL, response_urls (anyone
// holding one can answer as Herald for 30 minutes) and the legacy verification token that every
// payload carries. Payloads are logged raw at debug level, where '/' may be written '\/'.
const SECRETS: ReadonlyArray<[RegExp, string]> = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, '[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, '[redacted]'],
  [/ticket=[^&\s"']+/g, '[redacted]'],
  [/"(response_url|token)"\s*:\s*"[^"]*"/g, '"$1":"[redacted]"'],
  [/https?:(?:\\?\/){2}hooks\.slack\.com[^\s"']*/g, '[redacted]'],
];

/** Removes Slack secrets from a log message. */
export function redactSlackSecrets(text: string): string {
  return SECRETS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function describe(parts: readonly unknown[]): string {
  return redactSlackSecrets(
    parts
      .map((part) => {
        if (typeof part === 'string') return part;
        if (part instanceof Error) return `${part.name}: ${part.message}`;
        try {
          return JSON.stringify(part);
        } catch {
          return String(part);
        }
      })
      .join(' '),
  );
}

/**
 * A Bolt logger writing to `log`. Bolt's debug output (raw payloads) goes to pino's trace level;
 * the level itself is pino's, so Bolt's setLevel is ignored.
 * @see https://docs.slack.dev/tools/bolt-js/concepts/logging
 */
export function createBoltLogger(log: Logger): BoltLogger {
  const child = log.child({ lib: 'slack' });
  return {
    debug: (...parts: unknown[]) => (child.isLevelEnabled('trace') ? child.trace(describe(parts)) : undefined),
    info: (...parts: unknown[]) => child.info(describe(parts)),
    warn: (...parts: unknown[]) => child.warn(describe(parts)),
    error: (...parts: unknown[]) => child.error(describe(parts)),
    setLevel: () => undefined,
    setName: () => undefined,
    getLevel: () => {
      const level = child.level;
      return level === 'trace' || level === 'debug' ? LogLevel.DEBUG : level === 'info' ? LogLevel.INFO : level === 'warn' ? LogLevel.WARN : LogLevel.ERROR;
    },
  };
}
