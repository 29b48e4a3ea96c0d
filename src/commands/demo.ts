// `herald demo`: the whole ingest path, offline: serves the bundled sample feeds on 127.0.0.1,
// polls them into a real SQLite file, prints the fresh items and ends by itself.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CONSOLE_CHANNEL, createConsolePlatform } from '../chat/console/console-platform.js';
import { startSampleServer } from '../demo/sample-server.js';
import { createDispatcher } from '../pipeline/dispatcher.js';
import { HeraldError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { openSqliteStore } from '../store/index.js';
import { openHerald, readConfig, runCommand, type GlobalOptions } from './context.js';
import { freshItems, printFailures, summaryLine } from './print-poll.js';
import { cleanForTerminal, plural, truncate } from './terminal.js';

interface DemoOptions extends GlobalOptions {
  db: string;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run Herald offline on bundled sample feeds: poll, store in SQLite, analyse, and print the alerts a subscribed channel would get')
    .option('--db <path>', 'SQLite file for the demo (recreated on every run)', 'data/demo.db')
    .option('-v, --verbose', 'log what happens, to stderr')
    .action((options: DemoOptions) => runCommand(() => runDemo(options, (text) => void process.stdout.write(text))));
}

export async function runDemo(options: DemoOptions, write: (text: string) => void): Promise<void> {
  const started = Date.now();
  refuseNonDemoDatabase(options.db);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.db}${suffix}`, { force: true });
  const server = await startSampleServer(path.join(packageRoot(), 'samples'), new Date());
  // The demo's feeds live on 127.0.0.1, which the SSRF guard refuses unless told otherwise.
  const config = readConfig(
    { config: options.config ?? path.join(packageRoot(), 'config'), db: options.db },
    (raw) => {
      raw['fetch'] = { ...(raw['fetch'] as object), allowPrivateNetworks: true };
      // The sample items are teasers linking to example.org pages: fetching those would leave 127.0.0.1.
      const analysis = (raw['analysis'] ?? {}) as Record<string, unknown>;
      raw['analysis'] = { ...analysis, articles: { ...(analysis['articles'] as object), enabled: false } };
    },
  );
  const herald = openHerald(options, config);
  try {
    write(`Herald demo — ${plural(server.feeds.length, 'sample feed')} served on 127.0.0.1, stored in ${options.db}\n\n`);
    for (const feed of server.feeds) herald.store.addFeed({ url: server.url(feed), title: null, intervalSeconds: 900, now: new Date() });
    // The console stands in for a chat channel subscribed to every topic.
    herald.store.upsertSubscription({ ...CONSOLE_CHANNEL, topic: '*', keywords: [], exclude: [], mode: 'instant', mention: null, createdBy: 'demo' }, new Date());

    const first = await herald.pollOnce({
      all: true,
      onFeedDone: (report, done, total) => {
        const name = cleanForTerminal(report.feed.title ?? report.feed.url);
        const fresh = report.inserted.filter((item) => item.fresh).length;
        const outcome = report.error ? `failed: ${cleanForTerminal(report.error.message)}` : `${plural(report.inserted.length, 'item')}, ${fresh} fresh`;
        write(`  [${done}/${total}] ${name} — ${outcome}\n`);
      },
    });
    const fresh = freshItems(first);
    const onTopic = fresh.filter(({ item }) => (herald.store.getItemAnalysis(item.id)?.topics.length ?? 0) > 0).length;
    write(`\n${plural(fresh.length, 'fresh item')} (older ones are kept as history, never alerted); ${onTopic} on a watched topic.\n`);
    write('Alerts, as a channel subscribed to every topic receives them — one per story, however many outlets report it:\n\n');
    const dispatcher = createDispatcher({ store: herald.store, platforms: new Map([['console', createConsolePlatform({ write })]]), clock: () => new Date(), log: herald.log });
    const delivered = await dispatcher.runOnce();
    if (delivered.sent === 0) write('(no alerts)\n\n');
    const quiet = fresh.filter(({ item }) => (herald.store.getItemAnalysis(item.id)?.topics.length ?? 0) === 0);
    if (quiet.length > 0) {
      write('Fresh, but on no watched topic (no alert):\n');
      for (const { item } of quiet) write(`  #${item.id} ${truncate(cleanForTerminal(item.title), 100)}\n`);
      write('\n');
    }
    printFailures(first, write);
    write(`First poll: ${summaryLine(first)} · ${plural(delivered.sent, 'alert')} delivered\n`);

    // A second pass shows the polite path: every server answers 304 to our validators.
    const second = await herald.pollOnce({ all: true });
    write(`Second poll: ${summaryLine(second)} (conditional GET: nothing re-downloaded)\n\n`);
    write(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Look around: \`npx herald explain ID --db ${options.db}\` (why a story or item matched, or not), \`npx herald feeds list --db ${options.db}\`; ` +
        `preview a real feed with \`npx herald inspect URL\`; run the service with \`npx herald run\`.\n`,
    );
  } finally {
    await herald.close();
    await server.close();
  }
}

const SAMPLE_URL = /^http:\/\/127\.0\.0\.1:\d+\/[\w-]+\.(rss\.xml|atom\.xml|feed\.json)$/;

/**
 * The demo recreates its database on every run; make sure that is never someone's real one
 * (`--db data/herald.db` by mistake): an existing file must hold only the demo's sample feeds.
 */
function refuseNonDemoDatabase(file: string): void {
  if (!existsSync(file)) return;
  let foreign: string[];
  try {
    const store = openSqliteStore({ path: file, createDirectory: false });
    try {
      foreign = store.listFeeds().map((feed) => feed.url).filter((url) => !SAMPLE_URL.test(url));
    } finally {
      store.close();
    }
  } catch (error) {
    foreign = [`(it cannot be read as a Herald database: ${(error as Error).message})`];
  }
  if (foreign.length > 0) {
    throw new HeraldError(
      'cli/usage',
      `${file} is not a demo database (it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}), and the demo would erase it. ` +
        'Pick another path with --db, or leave the option out to use data/demo.db.',
    );
  }
}
