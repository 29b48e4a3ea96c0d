// Opens Herald's SQLite file: pragmas, schema checks and migrations, then the store's methods.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { HeraldError } from '../errors.js';
import * as feeds from './feed-queries.js';
import * as items from './item-queries.js';
import * as analyses from './analysis-queries.js';
import * as articles from './article-queries.js';
import * as deliveries from './delivery-queries.js';
import * as digests from './digest-queries.js';
import * as notices from './notice-queries.js';
import * as stories from './story-queries.js';
import * as subscriptions from './subscription-queries.js';
import * as workspaces from './workspace-queries.js';
import { applyMigrations, assertKnownSchema, readSchemaVersion } from './migrate.js';
import * as polls from './poll-writes.js';
import { searchItems } from './search-items.js';
import { createStatementCache } from './statement-cache.js';
import { toStoreError, type StoreErrorContext } from './store-errors.js';
import type { OpenStoreOptions, SqliteStore } from './store-types.js';

const DEFAULTS = {
  busyTimeoutMs: 5000,
  createDirectory: true,
  workspaceFeedIntervalSeconds: 900,
} as const satisfies Required<Omit<OpenStoreOptions, 'path'>>;

// The raw connection behind each store, for tests that must provoke SQLite failures (disk full).
const handles = new WeakMap<SqliteStore, Database.Database>();

/**
 * Opens (creating if needed) the database at `options.path` and migrates it to the latest
 * schema. Refuses, without writing a byte, a file from a newer Herald or one that is not a
 * database.
 *
 * @throws HeraldError `store/newer-schema`, `store/corrupt`, `store/locked`, `store/readonly`,
 *   `store/open-failed`, `store/disk-full` or `store/migration-failed`.
 * @see https://www.sqlite.org/wal.html
 */
export function openSqliteStore(options: OpenStoreOptions): SqliteStore {
  const settings = { ...DEFAULTS, ...options };
  const { path, busyTimeoutMs } = settings;
  const openContext: StoreErrorContext = { path, busyTimeoutMs, phase: 'open' };
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory && settings.createDirectory) createDirectory(path);

  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw toStoreError(error, openContext);
  }
  try {
    // Read-only checks first: a refused file must be left exactly as it was.
    assertKnownSchema(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // A checkpoint every ~32 MiB of WAL rather than the default ~4 MiB: pages rewritten between
    // checkpoints (FTS segments being merged, index pages) are copied into the database once,
    // and there are fewer fsyncs (store time -7 % on the benchmark's cold poll). The WAL file
    // grows to that size between checkpoints; close() truncates it.
    db.pragma('wal_autocheckpoint = 8000');
    // better-sqlite3 builds SQLite with a 16 MiB page cache per connection; 4 MiB measured the same
    // on the benchmark and keeps ~12 MB of RSS for the rest of the process.
    db.pragma('cache_size = -4000');
    applyMigrations(db, path);
    tuneFullTextMerges(db);
  } catch (error) {
    db.close();
    throw toStoreError(error, openContext);
  }
  return createStore(db, path, busyTimeoutMs, settings.workspaceFeedIntervalSeconds);
}

/**
 * The better-sqlite3 connection behind a store. Only for tests that need to provoke failures
 * SQLite cannot be made to produce otherwise (e.g. `PRAGMA max_page_count` for a full disk).
 */
export function sqliteHandleForTests(store: SqliteStore): Database.Database {
  const db = handles.get(store);
  if (!db) throw new HeraldError('internal', 'not a store made by openSqliteStore');
  return db;
}

function createStore(db: Database.Database, path: string, busyTimeoutMs: number, workspaceFeedIntervalSeconds: number): SqliteStore {
  const ctx: feeds.StoreContext = { db, prepare: createStatementCache(db), path };
  const errorContext: StoreErrorContext = { path, busyTimeoutMs, phase: 'use' };
  // Every method goes through here, so callers only ever see HeraldErrors naming the file.
  const guard = <T>(operation: () => T): T => {
    try {
      return operation();
    } catch (error) {
      throw toStoreError(error, errorContext);
    }
  };

  const store: SqliteStore = {
    path,
    schemaVersion: () => guard(() => readSchemaVersion(db)),
    close: () => {
      if (!db.open) return;
      try {
        db.pragma('optimize');
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Another connection may still be reading; SQLite finishes the checkpoint later.
      }
      db.close();
    },
    addFeed: (input) => guard(() => feeds.addFeed(ctx, input)),
    syncCatalogue: (entries, now) => guard(() => feeds.syncCatalogue(ctx, entries, now)),
    getFeed: (id) => guard(() => feeds.getFeed(ctx, id)),
    findFeedByUrl: (url) => guard(() => feeds.findFeedByUrl(ctx, url)),
    listFeeds: (filter) => guard(() => (filter !== undefined && 'platform' in filter ? workspaces.listWorkspaceFeeds(ctx, filter) : feeds.listFeeds(ctx, filter))),
    removeFeed: (id) => guard(() => feeds.removeFeed(ctx, id)),
    dueFeeds: (now, limit) => guard(() => feeds.dueFeeds(ctx, now, limit)),
    nextDueAt: () => guard(() => feeds.nextDueAt(ctx)),
    recordPollSuccess: (feedId, result) => guard(() => polls.recordPollSuccess(ctx, feedId, result)),
    recordNotModified: (feedId, result) => guard(() => polls.recordNotModified(ctx, feedId, result)),
    recordPollFailure: (feedId, failure) => guard(() => polls.recordPollFailure(ctx, feedId, failure)),
    enableFeed: (id, now) => guard(() => feeds.enableFeed(ctx, id, now)),
    listItems: (query) => guard(() => items.listItems(ctx, query)),
    searchItems: (query, options) => guard(() => searchItems(ctx, query, options)),
    getItem: (id) => guard(() => items.getItem(ctx, id)),
    countItems: () => guard(() => items.countItems(ctx)),
    recordAnalysis: (itemId, analysis) => guard(() => analyses.recordAnalysis(ctx, itemId, analysis)),
    getItemAnalysis: (itemId) => guard(() => analyses.getItemAnalysis(ctx, itemId)),
    recentStoryItems: (since) => guard(() => analyses.recentStoryItems(ctx, since)),
    unanalyzedItems: (limit) => guard(() => analyses.unanalyzedItems(ctx, limit)),
    markForReanalysis: (since) => guard(() => analyses.markForReanalysis(ctx, since)),
    storyOf: (itemId) => guard(() => analyses.storyOf(ctx, itemId)),
    getArticle: (url) => guard(() => articles.getArticle(ctx, url)),
    recordArticle: (article) => guard(() => articles.recordArticle(ctx, article)),
    // chat commands (CommandStore)
    recentStories: (workspace, options) => guard(() => stories.recentStories(ctx, workspace, options)),
    searchStories: (workspace, query, options) => guard(() => stories.searchStories(ctx, workspace, query, options)),
    upsertSubscription: (request, now) => guard(() => subscriptions.upsertSubscription(ctx, request, now)),
    removeSubscriptions: (channel, topic) => guard(() => subscriptions.removeSubscriptions(ctx, channel, topic)),
    listSubscriptions: (workspace, channelId) => guard(() => subscriptions.listSubscriptions(ctx, workspace, channelId)),
    addWorkspaceFeed: (workspace, feed, now) => guard(() => workspaces.addWorkspaceFeed(ctx, workspace, feed, now, workspaceFeedIntervalSeconds)),
    removeWorkspaceFeed: (workspace, feedId) => guard(() => workspaces.removeWorkspaceFeed(ctx, workspace, feedId)),
    statusFigures: (workspace) => guard(() => workspaces.statusFigures(ctx, workspace)),
    // the outbox (DeliveryStore)
    dueDeliveries: (now, stuckBefore, limit, platforms) => guard(() => deliveries.dueDeliveries(ctx, now, stuckBefore, limit, platforms)),
    markSending: (deliveryId, now) => guard(() => deliveries.markSending(ctx, deliveryId, now)),
    markSent: (deliveryId, messageId, sourcesPosted, now) => guard(() => deliveries.markSent(ctx, deliveryId, messageId, sourcesPosted, now)),
    markRetry: (deliveryId, error, nextAttemptAt) => guard(() => deliveries.markRetry(ctx, deliveryId, error, nextAttemptAt)),
    markFailed: (deliveryId, error) => guard(() => deliveries.markFailed(ctx, deliveryId, error)),
    pauseChannel: (channel, reason, now) => guard(() => subscriptions.pauseChannel(ctx, channel, reason, now)),
    staleDeliveries: (limit, platforms) => guard(() => deliveries.staleDeliveries(ctx, limit, platforms)),
    dueDigests: (now) => guard(() => digests.dueDigests(ctx, now)),
    markDigestSent: (subscriptionId, deliveryIds, messageId, periodEnd, now) =>
      guard(() => digests.markDigestSent(ctx, subscriptionId, deliveryIds, messageId, periodEnd, now)),
    dueNotices: (now) => guard(() => notices.dueNotices(ctx, now)),
    markNoticeSent: (key, now) => guard(() => notices.markNoticeSent(ctx, key, now)),
  };
  handles.set(store, db);
  return store;
}

// Each poll commits one small FTS5 segment per index. With FTS5's default `automerge` of 4 every
// few commits re-merged the newest segments (5-8 % of the store's time on the benchmark's cold
// poll). At 8, merges happen half as often over larger inputs, and a query reads up to 8
// segments per level instead of 4 (well under a millisecond at Herald's sizes). FTS5 keeps the
// setting in the index's own config table, so it is written once per file; it is not a migration
// because it changes no schema, and an older Herald can still open the file.
// See https://www.sqlite.org/fts5.html#the_automerge_configuration_option
const FTS_AUTOMERGE = 8;

function tuneFullTextMerges(db: Database.Database): void {
  for (const table of ['items_fts', 'items_ngram']) {
    const current = db.prepare(`SELECT v FROM ${table}_config WHERE k = 'automerge'`).get() as { v: unknown } | undefined;
    if (current?.v === FTS_AUTOMERGE) continue;
    try {
      // A literal: a bound JS number arrives as a REAL, which FTS5 rejects for this option.
      db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', ${FTS_AUTOMERGE})`);
    } catch (error) {
      // A read-only file keeps the default: slower bulk writes, which it cannot do anyway.
      if ((error as { code?: unknown }).code !== 'SQLITE_READONLY') throw error;
    }
  }
}

function createDirectory(path: string): void {
  const directory = dirname(resolve(path));
  try {
    // One level at a time, top down: Node 20's recursive mkdir never returns for a path under a
    // pseudo-filesystem such as /proc, where mkdir fails with ENOENT however often it is retried.
    const missing: string[] = [];
    for (let dir = directory; !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) missing.unshift(dir);
    for (const dir of missing) mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const readonly = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
    throw new HeraldError(
      readonly ? 'store/readonly' : 'store/open-failed',
      `cannot create the directory ${directory} for ${path} (${code ?? String(error)}). ` +
        `Create it yourself with write access for Herald, or point HERALD_DB_PATH at another file.`,
      { cause: error, details: { path, directory } },
    );
  }
}
