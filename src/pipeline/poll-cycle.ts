// One poll cycle: every due feed (or all of them) polled with bounded concurrency, each feed once.
import type { Feed, StoredItem } from '../domain/index.js';
import { pollFeed, type PollDeps, type PollFeedOptions, type PollReport } from './poll-feed.js';

export interface CycleOptions {
  /** Poll every enabled feed, due or not. */
  all?: boolean;
  /** Feeds polled at once; the fetcher has its own network limits on top. */
  concurrency: number;
  /** Feeds of one host being fetched at once, so a slow host never occupies every slot. */
  perHostConcurrency: number;
  maxFeeds: number;
  signal?: AbortSignal;
  /** Called as each feed finishes, for progress output. */
  onFeedDone?: (report: PollReport, done: number, total: number) => void;
}

/** What a cycle keeps of each feed's poll: counts, and only the fresh items (the news). */
export interface CycleFeedResult extends Omit<PollReport, 'inserted' | 'updated'> {
  insertedCount: number;
  updatedCount: number;
  fresh: StoredItem[];
}

export interface CycleSummary {
  feeds: number;
  updated: number;
  notModified: number;
  failed: number;
  abandoned: number;
  inserted: number;
  fresh: number;
  reports: CycleFeedResult[];
}

/**
 * Runs one cycle. Feeds are isolated: one that fails or throws is recorded and the rest go on.
 * Each feed is polled once; a feed whose host is already at its limit waits while feeds of other
 * hosts go ahead.
 */
export async function runPollCycle(deps: PollDeps, options: CycleOptions): Promise<CycleSummary> {
  // Items a crash or `herald reanalyze` left unanalysed come first, so nothing waits forever.
  deps.analysis?.catchUp(5_000);
  const feeds = options.all
    ? deps.store.listFeeds().filter((feed) => !feed.health.disabledAt).slice(0, options.maxFeeds)
    : deps.store.dueFeeds(deps.clock(), options.maxFeeds);
  // Keeping every inserted item until the cycle ends would hold whole feeds' text in memory.
  const reports: CycleFeedResult[] = [];
  const pending = [...feeds];
  const hosts = new Map(feeds.map((feed) => [feed.id, hostOf(feed)]));
  // A feed holds its host's slot only while it is on the network: parsing and storing it must
  // not keep the next feed of that host from being fetched.
  const fetching = new Map<string, number>();
  let running = 0;

  await new Promise<void>((resolve) => {
    const launch = (): void => {
      if (options.signal?.aborted) pending.length = 0;
      while (running < options.concurrency) {
        const index = pending.findIndex((feed) => (fetching.get(hosts.get(feed.id) ?? '') ?? 0) < options.perHostConcurrency);
        if (index < 0) break;
        const [feed] = pending.splice(index, 1) as [Feed];
        const host = hosts.get(feed.id) ?? '';
        running++;
        fetching.set(host, (fetching.get(host) ?? 0) + 1);
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          fetching.set(host, (fetching.get(host) ?? 1) - 1);
          launch();
        };
        void pollSafely(feed, deps, { ...(options.signal ? { signal: options.signal } : {}), onFetched: release }).then((report) => {
          running--;
          release();
          const { inserted, updated, ...rest } = report;
          reports.push({ ...rest, insertedCount: inserted.length, updatedCount: updated.length, fresh: inserted.filter((item) => item.fresh) });
          options.onFeedDone?.(report, reports.length, feeds.length);
          launch();
        });
      }
      if (running === 0) resolve();
    };
    launch();
  });

  return {
    feeds: feeds.length,
    updated: reports.filter((r) => r.outcome === 'updated').length,
    notModified: reports.filter((r) => r.outcome === 'not-modified').length,
    failed: reports.filter((r) => r.outcome === 'failed').length,
    abandoned: reports.filter((r) => r.outcome === 'abandoned').length,
    inserted: reports.reduce((n, r) => n + r.insertedCount, 0),
    fresh: reports.reduce((n, r) => n + r.fresh.length, 0),
    reports,
  };
}

function hostOf(feed: Feed): string {
  try {
    return new URL(feed.url).host;
  } catch {
    return feed.url;
  }
}

async function pollSafely(feed: Feed, deps: PollDeps, options: PollFeedOptions): Promise<PollReport> {
  try {
    return await pollFeed(feed, deps, options);
  } catch (error) {
    // The store itself failed (disk full, locked): nothing was written for this feed, it stays due.
    deps.log.error({ err: error, feedId: feed.id }, 'could not record the poll of this feed; it will be retried');
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    return {
      feed,
      outcome: 'failed',
      inserted: [],
      updated: [],
      error: { code: typeof code === 'string' ? code : 'internal', message },
      disabled: false,
      bytes: 0,
    };
  }
}
