// Shared set-up for commands: global options → Config → Herald, and errors printed for people.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.js';
import { HeraldError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createHerald, type Herald } from '../main.js';
import { cleanForTerminal } from './terminal.js';

export interface GlobalOptions {
  config?: string;
  db?: string;
  verbose?: boolean;
}

/** Adds the options every command that touches the database shares. */
export function withGlobalOptions(command: Command): Command {
  return command
    .option('-c, --config <dir>', 'folder with herald.yaml and feeds.yaml (default: ./config or HERALD_CONFIG_DIR)')
    .option('--db <path>', 'SQLite file (default: database.path in herald.yaml or HERALD_DB_PATH)')
    .option('-v, --verbose', 'log what happens, to stderr');
}

export function readConfig(options: GlobalOptions, overrides?: (raw: Record<string, unknown>) => void): Config {
  return loadConfig({
    ...(options.config ? { dir: options.config } : {}),
    overrides: (raw) => {
      if (options.db) raw['database'] = { ...(raw['database'] as object), path: options.db };
      overrides?.(raw);
    },
  });
}

/** Opens Herald for a one-shot command: logs go to stderr, quiet unless --verbose. */
export function openHerald(options: GlobalOptions, config = readConfig(options)): Herald {
  const level = options.verbose ? 'debug' : 'warn';
  return createHerald(config, { log: createLogger({ level, fd: 2 }) });
}

/**
 * Runs a command body, printing a HeraldError as a readable message with its code and exiting 1,
 * instead of a stack trace.
 */
export async function runCommand(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof HeraldError) {
      // Messages can carry remote text (a status line, an element name): keep it inert.
      const message = error.message.split('\n').map(cleanForTerminal).join('\n  ');
      process.stderr.write(`herald: ${message}\n  (${error.code})\n`);
    } else {
      process.stderr.write(`herald: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  }
}
