// Child process: the real pipeline (fetch + parse + normalise + store) with production settings
// against the bench server: 500 feeds added, a cold cycle, then a warm cycle where all answer 304.
//
//   node dist-bench/bench/pipeline-run.js <corpus-dir> <server-origin> <database-file>
import path from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { HeraldError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { createHerald, type Herald } from '../src/main.js';
import { packageRoot } from '../src/paths.js';
import type { CycleSummary } from '../src/pipeline/poll-cycle.js';
import { databaseBytes, emitResult, peakRssBytes, type CycleFigures, type PipelineResult } from './bench-results.js';
import { listCorpusPaths } from './corpus-files.js';

async function main(): Promise<void> {
  const [dir, origin, dbPath] = process.argv.slice(2);
  if (dir === undefined || origin === undefined || dbPath === undefined) {
    throw new HeraldError('cli/usage', 'usage: pipeline-run.js <corpus-dir> <server-origin> <database-file>');
  }
  const urls = listCorpusPaths(dir).map((urlPath) => `${origin}${urlPath}`);
  // Shipped defaults (config/herald.yaml), with only what a benchmark must change: its own
  // database file, permission to fetch from 127.0.0.1, and analysis off (measured on its own).
  const config = loadConfig({
    dir: path.join(packageRoot(), 'config'),
    env: {},
    overrides: (raw) => {
      raw['database'] = { ...(raw['database'] as object), path: dbPath };
      raw['fetch'] = { ...(raw['fetch'] as object), allowPrivateNetworks: true };
      // The ingest target covers fetch + parse + normalise + store; analysis (classify, summarise,
      // cluster) has its own measurement and target in analyze-run.
      raw['analysis'] = { ...(raw['analysis'] as object), enabled: false };
    },
  });
  const herald = createHerald(config, { log: createLogger({ level: config.settings.log.level, fd: 2 }) });
  let figures: Omit<PipelineResult, 'kind' | 'databaseBytes'>;
  try {
    const now = new Date();
    const intervalSeconds = Math.round(config.settings.poll.defaultInterval / 1_000);
    for (const url of urls) herald.store.addFeed({ url, intervalSeconds, now });
    const startupRssBytes = peakRssBytes();

    // maxFeeds only matters for corpora above the default per-tick cap (500): poll them all.
    const options = { all: true, maxFeeds: Math.max(urls.length, config.settings.poll.maxFeedsPerTick) };
    const cold = await timeCycle(herald, options);
    const storedItems = herald.store.countItems();
    const warm = await timeCycle(herald, options);
    figures = { cold, warm, storedItems, startupRssBytes };
  } finally {
    // Closing folds the WAL into the database file, so its size below is the whole database.
    await herald.close();
  }
  emitResult({ kind: 'pipeline', ...figures, databaseBytes: databaseBytes(dbPath) });
}

async function timeCycle(herald: Herald, options: { all: boolean; maxFeeds: number }): Promise<CycleFigures> {
  const start = performance.now();
  const summary: CycleSummary = await herald.pollOnce(options);
  const ms = performance.now() - start;
  const peak = peakRssBytes();
  // A full GC (the child runs with --expose-gc) after the peak is read, so what remains is what
  // the summary keeps reachable.
  (globalThis as { gc?: () => void }).gc?.();
  return {
    ms,
    feeds: summary.feeds,
    updated: summary.updated,
    notModified: summary.notModified,
    failed: summary.failed,
    inserted: summary.inserted,
    fresh: summary.fresh,
    bytes: summary.reports.reduce((sum, report) => sum + report.bytes, 0),
    peakRssBytes: peak,
    liveHeapBytes: process.memoryUsage().heapUsed,
    firstError: summary.reports.find((report) => report.error !== null)?.error?.message ?? null,
  };
}

await main();
