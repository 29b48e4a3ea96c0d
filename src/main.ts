// Composition root: builds the store, HTTP client and pipeline once from a Config and hands them
// to the commands as one `Herald` object. Nothing else constructs these.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config/index.js';
import { createHttpFetcher, type FetchFn, type HttpFetcher } from './ingest/fetch-feed.js';
import { readFeed } from './ingest/read-feed.js';
import { createReadFeedPool } from './ingest/read-feed-pool.js';
import type { Logger } from './logger.js';
import { runPollCycle, type CycleOptions, type CycleSummary } from './pipeline/poll-cycle.js';
import type { PollDeps } from './pipeline/poll-feed.js';
import { openSqliteStore, type SqliteStore } from './store/index.js';

export interface Herald {
  config: Config;
  store: SqliteStore;
  fetch: FetchFn;
  log: Logger;
  pollDeps: PollDeps;
  /** One poll cycle with the configured limits. */
  pollOnce(options?: Partial<CycleOptions>): Promise<CycleSummary>;
  /** Adds the catalogue's feeds to the store (never removes any). */
  syncCatalogue(): { added: number; updated: number };
  close(): Promise<void>;
}

export interface HeraldDeps {
  log: Logger;
  clock?: () => Date;
  random?: () => number;
}

/** The User-Agent Herald sends: its name, version and where publishers can reach the operator. */
export function userAgent(config: Config): string {
  return `Herald/${config.version} (+${config.settings.contactUrl})`;
}

/** The guarded HTTP client with the configured limits. */
export function createFetcher(config: Config): HttpFetcher {
  const { settings } = config;
  return createHttpFetcher({
    userAgent: userAgent(config),
    connectTimeoutMs: settings.fetch.connectTimeout,
    headersTimeoutMs: settings.fetch.headersTimeout,
    bodyTimeoutMs: settings.fetch.bodyTimeout,
    maxBodyBytes: settings.fetch.maxBodySize,
    maxRedirects: settings.fetch.maxRedirects,
    allowPrivateNetworks: settings.fetch.allowPrivateNetworks,
    allowedHosts: settings.fetch.allowedHosts,
    concurrency: settings.fetch.concurrency,
    perHostConcurrency: settings.fetch.perHostConcurrency,
  });
}

export function createHerald(config: Config, deps: HeraldDeps): Herald {
  const { settings } = config;
  const clock = deps.clock ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const dbPath = settings.database.path;
  if (dbPath !== ':memory:') mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const store = openSqliteStore({ path: dbPath });
  const fetcher = createFetcher(config);
  // Workers start on the first feed parsed, so commands that never poll never start one.
  const parsePool = settings.poll.parseWorkers > 0 ? createReadFeedPool({ size: settings.poll.parseWorkers }) : null;
  const pollDeps: PollDeps = {
    store,
    fetch: fetcher.fetch,
    readFeed: parsePool?.readFeed ?? readFeed,
    clock,
    random,
    log: deps.log,
    schedule: {
      minIntervalMs: settings.poll.minInterval,
      maxIntervalMs: settings.poll.maxInterval,
      jitterMs: settings.poll.jitter,
      backoffInitialMs: settings.poll.backoff.initial,
      backoffMaxMs: settings.poll.backoff.max,
      disableAfterFailures: settings.poll.disableAfter.failures,
      disableAfterSpanMs: settings.poll.disableAfter.spanning,
    },
    fresh: {
      firstPollWindowMs: settings.poll.fresh.window,
      firstPollMaxItems: settings.poll.fresh.maxPerFeed,
      maxAgeMs: settings.poll.fresh.maxAge,
    },
  };
  let closed = false;
  return {
    config,
    store,
    fetch: fetcher.fetch,
    log: deps.log,
    pollDeps,
    pollOnce: (options = {}) =>
      runPollCycle(pollDeps, {
        concurrency: settings.fetch.concurrency,
        maxFeeds: settings.poll.maxFeedsPerTick,
        ...options,
      }),
    syncCatalogue: () =>
      store.syncCatalogue(
        config.catalogue.map((entry) => ({
          url: entry.url,
          title: entry.title ?? null,
          intervalSeconds: Math.round((entry.interval ?? settings.poll.defaultInterval) / 1_000),
        })),
        clock(),
      ),
    async close() {
      if (closed) return;
      closed = true;
      await fetcher.close();
      await parsePool?.close();
      store.close();
    },
  };
}
