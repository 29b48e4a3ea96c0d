#!/usr/bin/env node
// Herald's command line: parses arguments and hands each command to its module in src/commands/.
import { Command } from 'commander';
import { registerDemo } from './commands/demo.js';
import { registerFeeds } from './commands/feeds.js';
import { registerInspect } from './commands/inspect.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPoll } from './commands/poll.js';
import { registerRun } from './commands/run.js';
import { HERALD_VERSION } from './config/index.js';

const program = new Command('herald')
  .description('Watches news feeds for copyright-law and hacktivism stories and alerts chat channels.')
  .version(HERALD_VERSION)
  .showHelpAfterError('(run `herald --help` for usage)');

registerDemo(program);
registerRun(program);
registerPoll(program);
registerFeeds(program);
registerInspect(program, {});
registerMigrate(program);

await program.parseAsync(process.argv);
