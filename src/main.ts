// Composition root: builds the store, HTTP client and pipeline once from a Config and hands them
// to the commands as one `Herald` object. Nothing else constructs these.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTopics } from './analyze/topic-rules.js';
import type { Config } from './config/index.js';
import { HeraldError } from './errors.js';
import { createHttpFetcher, type FetchFn, type HttpFetcher } from './ingest/fetch-feed.js';
import { readFeed, type ReadFeedResult } from './ingest/read-feed.js';
import { createReadFeedPool } from './ingest/read-feed-pool.js';
import type { Logger } from './logger.js';
import { runPollCycle, type CycleOptions, type CycleSummary } from './pipeline/poll-cycle.js';
import type { PollDeps } from './pipeline/poll-feed.js';
import { createAnalysisStage, type AnalysisStage } from './pipeline/analyze-stage.js';
import { createArticleStage, withCachedArticles, type ArticleStage } from './pipeline/article-stage.js';
import { createCronScheduler, type Scheduler } from './pipeline/scheduler.js';
import { packageRoot } from './paths.js';
import { createChatService, type ChatService } from './chat-service.js';
import { openSqliteStore, type SqliteStore } from './store/index.js';

export interface Herald {
  config: Config;
  store: SqliteStore;
  fetch: FetchFn;
  log: Logger;
  pollDeps: PollDeps;
  /**
   * The analysis stage, built on first use (topic rules loaded, story index rebuilt from the last
   * window), so commands that never analyse never pay for it; undefined when analysis is off. Its
   * catch-up re-applies cached article pages, so `reanalyze` keeps summaries made from them.
   */
  analysis(): AnalysisStage | undefined;
  /** One poll cycle with the configured limits. */
  pollOnce(options?: Partial<CycleOptions>): Promise<CycleSummary>;
  /** Adds the catalogue's feeds to the store (never removes any). */
  syncCatalogue(): { added: number; updated: number };
  /** Fetches and reads a feed without storing anything (`feeds add` checks, previews). */
  previewFeed(url: string): Promise<ReadFeedResult & { url: string }>;
  /** Starts polling on the configured cron tick; stop() finishes or abandons the running cycle. */
  /**
   * Starts the service: the chat platforms (or the console), polling on the poll tick and
   * delivery on the delivery tick. stop() finishes or abandons the running rounds.
   */
  startService(): Promise<Scheduler>;
  close(): Promise<void>;
}

export interface HeraldDeps {
  log: Logger;
  clock?: () => Date;
  random?: () => number;
  /** Where the console platform prints alerts (default stdout). */
  write?: (text: string) => void;
}

/** The User-Agent Herald sends: its name, version and where publishers can reach the operator. */
export function userAgent(config: Config): string {
  return `Herald/${config.version} (+${config.settings.contactUrl})`;
}

/**
 * The guarded HTTP client with the configured limits; `strict` ignores the operator's exceptions
 * to the SSRF guard (private networks, allowed hosts), for what chat workspaces add.
 */
export function createFetcher(config: Config, options: { strict?: boolean } = {}): HttpFetcher {
  const { settings } = config;
  const strict = options.strict === true;
  return createHttpFetcher({
    userAgent: userAgent(config),
    connectTimeoutMs: settings.fetch.connectTimeout,
    headersTimeoutMs: settings.fetch.headersTimeout,
    bodyTimeoutMs: settings.fetch.bodyTimeout,
    maxBodyBytes: settings.fetch.maxBodySize,
    maxRedirects: settings.fetch.maxRedirects,
    allowPrivateNetworks: strict ? false : settings.fetch.allowPrivateNetworks,
    allowedHosts: strict ? [] : settings.fetch.allowedHosts,
    concurrency: settings.fetch.concurrency,
    perHostConcurrency: settings.fetch.perHostConcurrency,
  });
}

/** config/topics.yaml in the configuration folder, else the one Herald ships. */
export function topicsFile(config: Config): string {
  const own = path.join(config.dir, 'topics.yaml');
  return existsSync(own) ? own : path.join(packageRoot(), 'config', 'topics.yaml');
}

interface Stages {
  analysis: AnalysisStage;
  /** The topic names topics.yaml defines, for /news autocomplete and help. */
  topicNames: string[];
  /** Undefined when analysis.articles.enabled is false. */
  articles: ArticleStage | undefined;
}

function withAnalysis(pollDeps: PollDeps, stages: Stages | undefined): PollDeps {
  if (!stages) return pollDeps;
  const { analysis, articles } = stages;
  return articles ? { ...pollDeps, analysis, articles } : { ...pollDeps, analysis };
}

/** Fetches a document once, without validators (previews, `inspect URL`). */
export async function fetchDocument(fetch: FetchFn, url: string): Promise<{ bytes: Uint8Array; contentType: string | null; url: string }> {
  const fetched = await fetch({ url });
  if (fetched.status !== 'ok') {
    throw new HeraldError('ingest/http-status', `${url} answered 304 Not Modified to a request that sent no validators.`);
  }
  return { bytes: fetched.body, contentType: fetched.contentType, url: fetched.url };
}

export function createHerald(config: Config, deps: HeraldDeps): Herald {
  const { settings } = config;
  const clock = deps.clock ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const store = openSqliteStore({ path: settings.database.path, workspaceFeedIntervalSeconds: Math.round(settings.poll.defaultInterval / 1_000) });
  const fetcher = createFetcher(config);
  // The operator's exceptions to the SSRF guard are for the catalogue; a feed a chat workspace
  // added, its preview and its article pages always get the strict guard.
  const relaxed = settings.fetch.allowPrivateNetworks || settings.fetch.allowedHosts.length > 0;
  const strictFetcher = relaxed ? createFetcher(config, { strict: true }) : fetcher;
  const fetchForScope = (scope: string) => (scope === 'global' ? fetcher.fetch : strictFetcher.fetch);
  // Workers start on the first feed parsed, so commands that never poll never start one.
  const parsePool = settings.poll.parseWorkers > 0 ? createReadFeedPool({ size: settings.poll.parseWorkers }) : null;
  let built: Stages | undefined;
  const stages = (): Stages | undefined => {
    if (!settings.analysis.enabled) return undefined;
    if (built) return built;
    const topics = loadTopics(topicsFile(config));
    const base = createAnalysisStage({ store, topics, clock, log: deps.log, storyWindowMs: settings.analysis.storyWindow });
    const { articles: pages } = settings.analysis;
    const articles = pages.enabled
      ? createArticleStage({
          store,
          fetch: fetcher.fetch,
          fetchFor: (item) => fetchForScope(store.getFeed(item.feedId)?.scope ?? 'global'),
          topics,
          clock,
          log: deps.log,
          settings: { concurrency: pages.concurrency, maxBytes: pages.maxSize, timeoutMs: pages.timeout },
        })
      : undefined;
    // Re-analysis (`herald reanalyze`, crash catch-up) re-applies cached pages instead of falling back to teasers.
    built = { analysis: articles ? withCachedArticles(base, articles, store) : base, articles, topicNames: topics.topics.map((topic) => topic.name) };
    return built;
  };
  const analysis = (): AnalysisStage | undefined => stages()?.analysis;
  const pollDeps: PollDeps = {
    store,
    fetch: fetcher.fetch,
    ...(relaxed ? { fetchFor: (feed: { scope: string }) => fetchForScope(feed.scope) } : {}),
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
  const pollOnce = (options: Partial<CycleOptions> = {}): Promise<CycleSummary> =>
    runPollCycle(withAnalysis(pollDeps, stages()), {
      concurrency: settings.fetch.concurrency,
      perHostConcurrency: settings.fetch.perHostConcurrency,
      maxFeeds: settings.poll.maxFeedsPerTick,
      ...options,
    });
  let closed = false;
  const previewFeed = async (url: string, fetch: FetchFn = fetcher.fetch): Promise<ReadFeedResult & { url: string }> => {
    const document = await fetchDocument(fetch, url);
    return { ...(await pollDeps.readFeed({ ...document, now: clock() })), url: document.url };
  };
  return {
    config,
    store,
    fetch: fetcher.fetch,
    log: deps.log,
    pollDeps,
    analysis,
    pollOnce,
    syncCatalogue: () =>
      store.syncCatalogue(
        config.catalogue.map((entry) => ({
          url: entry.url,
          title: entry.title ?? null,
          intervalSeconds: Math.round((entry.interval ?? settings.poll.defaultInterval) / 1_000),
        })),
        clock(),
      ),
    previewFeed,
    async startService() {
      const stage = stages(); // a broken topics.yaml stops start-up instead of every cycle
      const chat: ChatService = await createChatService({
        config,
        store,
        log: deps.log,
        clock,
        random,
        topics: stage?.topicNames ?? [],
        previewFeed: async (url) => {
          // A feed added from chat is previewed through the strict guard.
          const preview = await previewFeed(url, strictFetcher.fetch);
          return { title: preview.feed.title, url: preview.url, items: [...preview.items].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).slice(0, 3).map((item) => ({ title: item.title, url: item.url, publishedAt: item.publishedAt })) };
        },
        write: deps.write ?? ((text) => void process.stdout.write(text)),
      });
      await chat.start();
      const scheduler = createCronScheduler({
        expression: settings.poll.tick,
        log: deps.log,
        run: async (signal) => {
          const summary = await pollOnce({ signal });
          if (summary.feeds === 0) return;
          const { feeds, updated, notModified, failed, abandoned, inserted, fresh } = summary;
          deps.log.info({ feeds, updated, notModified, failed, abandoned, inserted, fresh }, 'poll cycle done');
          // New stories go out now rather than at the next delivery tick.
          if (fresh > 0) void chat.dispatchNow();
        },
      });
      scheduler.start();
      void scheduler.runNow();
      return {
        start: () => scheduler.start(),
        runNow: () => scheduler.runNow(),
        async stop() {
          await scheduler.stop();
          await chat.stop();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await fetcher.close();
      if (strictFetcher !== fetcher) await strictFetcher.close();
      await parsePool?.close();
      store.close();
    },
  };
}
