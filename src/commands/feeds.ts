// `herald feeds add|list|remove|enable`: manage the feeds Herald polls.
import type { Command } from 'commander';
import { formatDuration, parseDuration } from '../config/index.js';
import { feedStatus, type Feed } from '../domain/index.js';
import { HeraldError } from '../errors.js';
import { redactCredentials } from '../ingest/canonical-url.js';
import { openHerald, runCommand, withGlobalOptions, type GlobalOptions } from './context.js';
import { cleanForTerminal, plural, relativeTime, table } from './terminal.js';

interface AddOptions extends GlobalOptions {
  interval?: string;
  title?: string;
  check?: boolean;
}

export function registerFeeds(program: Command): void {
  const feeds = program.command('feeds').description('add, list, remove or re-enable the feeds Herald polls');

  withGlobalOptions(
    feeds
      .command('add <url>')
      .description('add a feed; it is fetched once first to check that it is a feed')
      .option('-i, --interval <duration>', 'how often to poll it, e.g. 10m or 1h (default: poll.defaultInterval)')
      .option('-t, --title <title>', 'a name for it (default: the feed\'s own title)')
      .option('--no-check', 'add without fetching it first'),
  ).action((rawUrl: string, options: AddOptions) =>
    runCommand(async () => {
      const herald = openHerald(options);
      try {
        const url = parseFeedUrl(rawUrl);
        const intervalMs = parseInterval(options.interval, herald.config.settings.poll);
        let preview = '';
        let shownTitle = options.title ?? null;
        if (options.check !== false) {
          const read = await herald.previewFeed(url);
          shownTitle ??= read.feed.title;
          preview = ` (${read.feed.format}, ${plural(read.items.length, 'item')})`;
        }
        // Only a title the user gave is pinned; otherwise the feed's own title is used and kept current.
        const { status, feed } = herald.store.addFeed({ url, title: options.title ?? null, intervalSeconds: Math.round(intervalMs / 1_000), now: new Date() });
        const name = cleanForTerminal(feed.title ?? shownTitle ?? feed.url);
        if (status === 'duplicate') {
          process.stdout.write(`Feed #${feed.id} ${name} is already there; nothing changed.\n`);
        } else {
          process.stdout.write(`Added feed #${feed.id}: ${name}${preview}, polled every ${formatDuration(feed.intervalSeconds * 1_000)}.\n`);
        }
      } finally {
        await herald.close();
      }
    }),
  );

  withGlobalOptions(feeds.command('list').description('list feeds with their health').option('--json', 'one JSON object per feed')).action(
    (options: GlobalOptions & { json?: boolean }) =>
      runCommand(async () => {
        const herald = openHerald(options);
        try {
          const list = herald.store.listFeeds();
          if (options.json) {
            for (const feed of list) process.stdout.write(`${JSON.stringify({ ...feed, status: feedStatus(feed) })}\n`);
            return;
          }
          if (list.length === 0) {
            process.stdout.write('No feeds yet. Add one with `herald feeds add URL`, or list them in config/feeds.yaml and run `herald poll`.\n');
            return;
          }
          process.stdout.write(`${renderFeedTable(list, new Date())}\n`);
        } finally {
          await herald.close();
        }
      }),
  );

  withGlobalOptions(feeds.command('remove <id>').description('remove a feed and every item stored from it')).action(
    (id: string, options: GlobalOptions) =>
      runCommand(async () => {
        const herald = openHerald(options);
        try {
          const feed = herald.store.getFeed(parseId(id));
          if (!feed || !herald.store.removeFeed(feed.id)) {
            throw new HeraldError('store/not-found', `There is no feed #${id}; \`herald feeds list\` shows their ids.`);
          }
          process.stdout.write(`Removed feed #${feed.id} ${cleanForTerminal(feed.title ?? feed.url)} and its ${plural(feed.itemCount, 'item')}.\n`);
        } finally {
          await herald.close();
        }
      }),
  );

  withGlobalOptions(feeds.command('enable <id>').description('re-enable a disabled feed and poll it at the next tick')).action(
    (id: string, options: GlobalOptions) =>
      runCommand(async () => {
        const herald = openHerald(options);
        try {
          const feed = herald.store.enableFeed(parseId(id), new Date());
          if (!feed) throw new HeraldError('store/not-found', `There is no feed #${id}; \`herald feeds list\` shows their ids.`);
          process.stdout.write(`Feed #${feed.id} ${cleanForTerminal(feed.title ?? feed.url)} is enabled and due now.\n`);
        } finally {
          await herald.close();
        }
      }),
  );
}

function parseFeedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HeraldError('cli/usage', `"${raw}" is not a URL; give the feed's full address, e.g. https://example.org/feed.xml.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HeraldError('cli/usage', `"${raw}" is not an http(s) URL; Herald only fetches feeds over http and https.`);
  }
  return url.href;
}

function parseInterval(raw: string | undefined, poll: { defaultInterval: number; minInterval: number }): number {
  if (raw === undefined) return poll.defaultInterval;
  const ms = parseDuration(raw);
  if (ms === null) throw new HeraldError('cli/usage', `--interval "${raw}" is not a duration; try 10m, 1h or 1d.`);
  if (ms < poll.minInterval) {
    throw new HeraldError(
      'cli/usage',
      `--interval ${raw} is shorter than poll.minInterval (${formatDuration(poll.minInterval)}); Herald never polls a feed more often than that.`,
    );
  }
  return ms;
}

function parseId(id: string): number {
  if (!/^\d+$/.test(id)) throw new HeraldError('cli/usage', `"${id}" is not a feed id; ids are numbers, see \`herald feeds list\`.`);
  return Number(id);
}

/** The health table moderators read: status, last success, failures and why. */
export function renderFeedTable(feeds: readonly Feed[], now: Date): string {
  const rows = feeds.map((feed) => {
    const status = feedStatus(feed);
    const health =
      status === 'disabled'
        ? `disabled: ${feed.health.disabledReason ?? ''}`
        : status === 'failing'
          ? `${plural(feed.health.consecutiveFailures, 'failure')}: ${feed.health.lastError ?? ''}`
          : status === 'new'
            ? 'not polled yet'
            : `ok ${relativeTime(feed.health.lastOkAt ?? '', now)}`;
    return [`#${feed.id}`, cleanForTerminal(feed.title ?? '(untitled)'), redactCredentials(feed.url), formatDuration(feed.intervalSeconds * 1_000), String(feed.itemCount), cleanForTerminal(health)];
  });
  return table([['id', 'title', 'url', 'every', 'items', 'health'], ...rows], [6, 32, 48, 8, 6, 70]);
}
