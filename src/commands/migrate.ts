// `herald migrate`: opens the database, applies pending migrations and prints the schema version.
import type { Command } from 'commander';
import { openHerald, runCommand, withGlobalOptions, type GlobalOptions } from './context.js';

export function registerMigrate(program: Command): void {
  withGlobalOptions(program.command('migrate').description('create or upgrade the database, then exit (also done at every start)')).action(
    (options: GlobalOptions) =>
      runCommand(async () => {
        const herald = openHerald(options);
        try {
          process.stdout.write(`${herald.store.path}: schema version ${herald.store.schemaVersion()}, ${herald.store.countItems()} items.\n`);
        } finally {
          await herald.close();
        }
      }),
  );
}
