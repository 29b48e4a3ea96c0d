#!/usr/bin/env node
// Herald's command line: parses arguments and hands each command to its module in src/commands/.
import { Command } from 'commander';
import { registerAnalyze } from './commands/analyze.js';
import { registerDemo } from './commands/demo.js';
import { registerEval } from './commands/eval.js';
import { registerExplain } from './commands/explain.js';
import { registerFeeds } from './commands/feeds.js';
import { registerInspect } from './commands/inspect.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPoll } from './commands/poll.js';
import { registerRun } from './commands/run.js';
import { registerTrainStories } from './commands/train-stories.js';
import { HERALD_VERSION, loadConfig } from './config/index.js';
import type { HttpFetcher } from './ingest/fetch-feed.js';
import { createFetcher, fetchDocument } from './main.js';

/**
 * `herald inspect URL` fetches through the same guarded client as polling, with the same limits:
 * one client for all of the command's URLs, closed when the command ends.
 */
const inspectClient: { fetcher: HttpFetcher | null } = { fetcher: null };
function fetchForInspect(url: string): Promise<{ bytes: Uint8Array; contentType: string | null; url: string }> {
  inspectClient.fetcher ??= createFetcher(loadConfig());
  return fetchDocument(inspectClient.fetcher.fetch, url);
}

// `herald inspect … | head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('herald')
  .description('Watches news feeds for copyright-law and hacktivism stories and alerts chat channels.')
  .version(HERALD_VERSION)
  .showHelpAfterError('(run `herald --help` for usage)');

registerDemo(program);
registerRun(program);
registerPoll(program);
registerFeeds(program);
registerInspect(program, { loadUrl: fetchForInspect });
registerMigrate(program);
registerAnalyze(program);
registerExplain(program);
registerEval(program);
registerTrainStories(program);

program.addHelpText(
  'after',
  `
Examples:
  herald demo                                   offline tour on bundled sample feeds
  herald inspect https://torrentfreak.com/feed/ preview a feed before adding it
  herald feeds add https://example.org/feed.xml --interval 30m
  herald poll --once                            one pass, print what is new
  herald run                                    the service (Ctrl-C stops it cleanly)

Configuration: config/herald.yaml and config/feeds.yaml; see README.md for every key and variable.`,
);

try {
  await program.parseAsync(process.argv);
} finally {
  await inspectClient.fetcher?.close();
}
