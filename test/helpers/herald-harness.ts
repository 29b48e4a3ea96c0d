// Builds the real poll pipeline (HTTP fetcher, parser, SQLite store) for tests, with a movable clock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTopics } from '../../src/analyze/topic-rules.js';
import { silentLogger } from '../../src/logger.js';
import { createAnalysisStage } from '../../src/pipeline/analyze-stage.js';
import { createHttpFetcher } from '../../src/ingest/fetch-feed.js';
import { readFeed } from '../../src/ingest/read-feed.js';
import type { PollDeps } from '../../src/pipeline/poll-feed.js';
import { runPollCycle, type CycleSummary } from '../../src/pipeline/poll-cycle.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';

export interface Harness {
  dbPath: string;
  store: SqliteStore;
  deps: PollDeps;
  clock: { now: Date };
  cycle(options?: { all?: boolean; signal?: AbortSignal }): Promise<CycleSummary>;
  /** Closes the store and opens the same file again, as a restarted process would. */
  restart(): void;
  close(): Promise<void>;
}

const MIN = 60_000;

export function createHarness(start = new Date('2026-03-02T10:00:00Z'), dbPath?: string, options: { analysis?: boolean } = {}): Harness {
  const file = dbPath ?? path.join(mkdtempSync(path.join(tmpdir(), 'herald-pipeline-')), 'herald.db');
  const clock = { now: start };
  const fetcher = createHttpFetcher({
    userAgent: 'Herald/test (+https://herald.test)',
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 2_000,
    bodyTimeoutMs: 3_000,
    maxBodyBytes: 5 * 1024 * 1024,
    maxRedirects: 5,
    allowPrivateNetworks: true,
    allowedHosts: [],
    concurrency: 8,
    perHostConcurrency: 2,
  });
  const harness: Harness = {
    dbPath: file,
    store: openSqliteStore({ path: file }),
    clock,
    deps: undefined as unknown as PollDeps,
    cycle: (options = {}) => runPollCycle(harness.deps, { concurrency: 4, perHostConcurrency: 2, maxFeeds: 100, ...options }),
    restart() {
      harness.store.close();
      harness.store = openSqliteStore({ path: file });
      harness.deps = { ...harness.deps, store: harness.store };
    },
    async close() {
      harness.store.close();
      await fetcher.close();
    },
  };
  harness.deps = {
    store: harness.store,
    fetch: fetcher.fetch,
    readFeed,
    clock: () => clock.now,
    random: () => 0,
    log: silentLogger(),
    schedule: {
      minIntervalMs: 5 * MIN,
      maxIntervalMs: 24 * 60 * MIN,
      jitterMs: 30_000,
      backoffInitialMs: 5 * MIN,
      backoffMaxMs: 24 * 60 * MIN,
      disableAfterFailures: 3,
      disableAfterSpanMs: 60 * MIN,
    },
    fresh: { firstPollWindowMs: 24 * 60 * MIN, firstPollMaxItems: 5, maxAgeMs: 7 * 24 * 60 * MIN },
  };
  if (options.analysis) enableAnalysis(harness);
  return harness;
}

/** Moves the clock forward. */
export function advance(harness: Harness, ms: number): void {
  harness.clock.now = new Date(harness.clock.now.getTime() + ms);
}

/** Turns on the analysis stage (shipped topic rules, 72 h story window) over the harness's store. */
export function enableAnalysis(harness: Harness): void {
  harness.deps.analysis = createAnalysisStage({
    store: harness.store,
    topics: loadTopics('config/topics.yaml'),
    clock: () => harness.clock.now,
    log: silentLogger(),
    storyWindowMs: 72 * 60 * MIN,
  });
}
