// `herald poll --once [--all]`: one pass over the due (or all) feeds, printing what was new.
import type { Command } from 'commander';
import { openHerald, runCommand, withGlobalOptions, type GlobalOptions } from './context.js';
import { freshItems, printFailures, printItem, progressLine, summaryLine } from './print-poll.js';

interface PollOptions extends GlobalOptions {
  once?: boolean;
  all?: boolean;
  catalogue?: boolean;
}

export function registerPoll(program: Command): void {
  withGlobalOptions(
    program
      .command('poll')
      .description('poll feeds once and print the fresh items found (for a service, use `herald run`)')
      .option('--once', 'one pass, then exit (the default; kept for clarity in scripts)')
      .option('--all', 'poll every enabled feed now, not only those that are due')
      .option('--no-catalogue', 'do not add feeds from feeds.yaml first'),
  ).action((options: PollOptions) =>
    runCommand(async () => {
      const herald = openHerald(options);
      try {
        if (options.catalogue !== false) herald.syncCatalogue();
        const summary = await herald.pollOnce({ all: options.all ?? false, onFeedDone: progressLine(process.stderr, 'Polling') });
        const write = (text: string): void => void process.stdout.write(text);
        const now = new Date();
        for (const { item, source } of freshItems(summary)) printItem(item, source, now, write, herald.store.getItemAnalysis(item.id));
        printFailures(summary, write);
        write(`${summaryLine(summary)}\n`);
      } finally {
        await herald.close();
      }
    }),
  );
}
