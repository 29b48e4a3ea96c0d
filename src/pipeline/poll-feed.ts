// Polls one feed: fetch → parse → normalise → store, and records the outcome in the feed's health.
// A failure is recorded, never thrown: one broken feed must not stop the others.
import type { Logger } from 'pino';
import type { Feed, StoredItem } from '../domain/index.js';
import { asHeraldError, type HeraldError } from '../errors.js';
import { redactCredentials } from '../ingest/canonical-url.js';
import type { FetchFn } from '../ingest/fetch-feed.js';
import type { ReadFeedFn, ReadFeedResult } from '../ingest/read-feed.js';
import { chooseFreshItems, type FreshPolicy } from './fresh-policy.js';
import type { AnalysisStage } from './analyze-stage.js';
import type { ArticleStage } from './article-stage.js';
import type { PollStore } from './ports.js';
import { nextPollAfterFailure, nextPollAfterSuccess, shouldDisable, type ScheduleSettings } from './schedule.js';

export interface PollDeps {
  /**
   * The fetcher for one feed when it is not `fetch`: feeds a chat workspace added always go
   * through the strict SSRF guard, whatever the operator allows for the catalogue.
   */
  fetchFor?: (feed: Feed) => FetchFn;
  store: PollStore;
  fetch: FetchFn;
  /** Parse + normalise; in production a worker pool, so parsing overlaps storing. */
  readFeed: ReadFeedFn;
  clock: () => Date;
  random: () => number;
  schedule: ScheduleSettings;
  fresh: FreshPolicy;
  log: Logger;
  /** Analyses new and edited items after they are stored (absent: items are stored unanalysed). */
  analysis?: AnalysisStage;
  /** After analysis, fetches the article pages of teaser-only items on a topic (absent: teasers are analysed as they are). */
  articles?: ArticleStage;
}

export type PollOutcome = 'updated' | 'not-modified' | 'failed' | 'abandoned';

export interface PollReport {
  feed: Feed;
  outcome: PollOutcome;
  /** Items stored for the first time, fresh or not. */
  inserted: StoredItem[];
  /** Items the publisher edited since we stored them. */
  updated: StoredItem[];
  error: { code: string; message: string } | null;
  /** Whether this failure disabled the feed. */
  disabled: boolean;
  bytes: number;
}

export interface PollFeedOptions {
  signal?: AbortSignal;
  /** Called once the network part is over (answer received or failed), before parsing and storing. */
  onFetched?: () => void;
}

/** Polls one feed and records the outcome. Never throws, except when the store itself fails. */
export async function pollFeed(feed: Feed, deps: PollDeps, options: PollFeedOptions = {}): Promise<PollReport> {
  const { signal } = options;
  const log = deps.log.child({ feedId: feed.id, url: redactCredentials(feed.url) });
  const report: PollReport = { feed, outcome: 'failed', inserted: [], updated: [], error: null, disabled: false, bytes: 0 };
  // Only the fetch and the read can fail because of the feed; a store error (disk full, locked)
  // is Herald's and propagates, leaving the feed due and its health untouched.
  const failed = (error: unknown): PollReport =>
    signal?.aborted
      ? { ...report, outcome: 'abandoned' } // shutting down: the feed stays due, nothing is recorded
      : recordFailure(feed, asHeraldError(error), deps, report, log);
  let fetched: Awaited<ReturnType<FetchFn>>;
  try {
    fetched = await (deps.fetchFor?.(feed) ?? deps.fetch)({
      url: feed.url,
      etag: feed.validators.etag,
      lastModified: feed.validators.lastModified,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    options.onFetched?.();
    return failed(error);
  }
  options.onFetched?.();
  if (fetched.status === 'not-modified') {
    const now = deps.clock();
    deps.store.recordNotModified(feed.id, {
      now,
      nextPollAt: nextPollAfterSuccess(now, feed.intervalSeconds * 1_000, { ...feed.hints, maxAgeSeconds: fetched.maxAgeSeconds }, deps.schedule, deps.random),
      validators: { etag: fetched.etag ?? feed.validators.etag, lastModified: fetched.lastModified ?? feed.validators.lastModified },
    });
    log.debug('not modified');
    return { ...report, outcome: 'not-modified' };
  }
  report.bytes = fetched.body.byteLength;
  let parsed: ReadFeedResult;
  try {
    parsed = await deps.readFeed({ bytes: fetched.body, contentType: fetched.contentType, url: fetched.url, now: deps.clock() });
  } catch (error) {
    return failed(error);
  }

  const now = deps.clock();
  const { feed: meta, items } = parsed;
  const written = deps.store.recordPollSuccess(feed.id, {
    now,
    nextPollAt: nextPollAfterSuccess(
      now,
      feed.intervalSeconds * 1_000,
      { ttlMinutes: meta.ttlMinutes, maxAgeSeconds: fetched.maxAgeSeconds, skipHours: meta.skipHours, skipDays: meta.skipDays },
      deps.schedule,
      deps.random,
    ),
    validators: { etag: fetched.etag, lastModified: fetched.lastModified },
    feedTitle: meta.title,
    siteUrl: meta.link,
    movedTo: fetched.movedTo,
    hints: { ttlMinutes: meta.ttlMinutes, skipHours: meta.skipHours, skipDays: meta.skipDays },
    items,
    chooseFresh: (newItems, context) => chooseFreshItems(newItems, { ...context, now }, deps.fresh),
  });
  log.debug({ inserted: written.inserted.length, updated: written.updated.length, unchanged: written.unchanged }, 'polled');
  const changed = [...written.inserted, ...written.updated];
  deps.analysis?.analyze(changed);
  // Never throws: a page that fails leaves the teaser's analysis, and the poll is already recorded.
  if (deps.analysis && deps.articles) await deps.articles.enrich(changed, signal);
  return { ...report, feed: { ...feed, title: feed.title ?? meta.title }, outcome: 'updated', inserted: written.inserted, updated: written.updated };
}

function recordFailure(feed: Feed, error: HeraldError, deps: PollDeps, report: PollReport, log: Logger): PollReport {
  const now = deps.clock();
  const failures = feed.health.consecutiveFailures + 1;
  const failingSince = feed.health.failingSince ? new Date(feed.health.failingSince) : now;
  const status = typeof error.details['status'] === 'number' ? error.details['status'] : null;
  const retryAfter = typeof error.details['retryAfterSeconds'] === 'number' ? error.details['retryAfterSeconds'] : null;
  let disableReason: string | null = null;
  if (error.code === 'internal') {
    // A bug in Herald (or a crashed parser worker) is not the feed's fault: back off, never disable.
    disableReason = null;
  } else if (status === 410) {
    disableReason = 'the server says this feed is gone for good (HTTP 410); remove it or re-enable it if it comes back';
  } else if (shouldDisable(failures, failingSince, now, deps.schedule)) {
    disableReason = `failed ${failures} times in a row since ${failingSince.toISOString()} (last: ${error.message})`;
  }
  const updated = deps.store.recordPollFailure(feed.id, {
    now,
    code: error.code,
    message: error.message,
    nextPollAt: nextPollAfterFailure(now, failures, retryAfter, deps.schedule, deps.random),
    disableReason,
  });
  log.warn({ code: error.code, failures, disabled: disableReason !== null }, error.message);
  return { ...report, feed: updated, error: { code: error.code, message: error.message }, disabled: disableReason !== null };
}
