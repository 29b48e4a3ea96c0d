// `herald run`: the long-running service. Polls on the cron tick until SIGINT/SIGTERM, then
// abandons in-flight fetches (those feeds stay due), waits for the cycle to end and closes the store.
import type { Command } from 'commander';
import { createLogger } from '../logger.js';
import { createHerald } from '../main.js';
import { readConfig, runCommand, withGlobalOptions, type GlobalOptions } from './context.js';

export function registerRun(program: Command): void {
  withGlobalOptions(program.command('run').description('run the service until stopped (Ctrl-C): poll feeds on schedule, deliver alerts to Discord and Slack (or the console), answer /news')).action(
    (options: GlobalOptions) =>
      runCommand(async () => {
        const config = readConfig(options);
        const log = createLogger({ level: options.verbose ? 'debug' : config.settings.log.level, fd: 1 });
        const herald = createHerald(config, { log });
        const synced = herald.syncCatalogue();
        log.info(
          { db: config.settings.database.path, feeds: herald.store.listFeeds().length, catalogueAdded: synced.added, tick: config.settings.poll.tick, version: config.version },
          'Herald is running',
        );
        const service = await herald.startService().catch(async (error: unknown) => {
          await herald.close();
          throw error;
        });

        await new Promise<void>((resolve) => {
          const stop = (signal: string): void => {
            log.info({ signal }, 'stopping: finishing the current cycle');
            // A second signal means "now": exit without waiting (SQLite's WAL keeps the file consistent).
            process.once(signal, () => process.exit(130));
            resolve();
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
        await service.stop();
        await herald.close();
        log.info('stopped');
      }),
  );
}
