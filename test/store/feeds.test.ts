import { describe, expect, it } from 'vitest';
import { feedStatus } from '../../src/domain/index.js';
import { sqliteHandleForTests, type SqliteStore } from '../../src/store/index.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at, openTestStore } from './store-fixture.js';

function addFeed(store: SqliteStore, url: string, minutes = 0) {
  return store.addFeed({ url, intervalSeconds: 900, now: at(minutes) }).feed;
}

function pollWith(store: SqliteStore, feedId: number, titles: string[]) {
  return store.recordPollSuccess(feedId, {
    now: at(5), nextPollAt: at(20), validators: { etag: null, lastModified: null },
    items: titles.map((title) => buildItem({ title })), chooseFresh: () => new Set(),
  });
}

describe('feeds', () => {
  it('adds a feed that is due at once, and reports a second add of the same URL as a duplicate', () => {
    const store = openTestStore();
    const added = store.addFeed({ url: 'https://example.test/feed.xml', title: 'Example', intervalSeconds: 900, scope: 'discord:42', now: T0 });
    expect(added.status).toBe('added');
    expect(added.feed).toMatchObject({
      url: 'https://example.test/feed.xml', title: 'Example', scope: 'discord:42', intervalSeconds: 900,
      nextPollAt: T0.toISOString(), createdAt: T0.toISOString(), itemCount: 0, siteUrl: null,
      validators: { etag: null, lastModified: null },
      health: { consecutiveFailures: 0, lastOkAt: null, disabledAt: null, failingSince: null },
    });
    expect(feedStatus(added.feed)).toBe('new');

    const again = store.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 60, now: at(3) });
    expect(again.status).toBe('duplicate');
    expect(again.feed).toEqual(added.feed);
    expect(store.listFeeds()).toHaveLength(1);
  });

  it('syncs the catalogue: adds new URLs, updates global ones, leaves workspace feeds and never deletes', () => {
    const store = openTestStore();
    store.addFeed({ url: 'https://a.test/feed', title: 'Old A', intervalSeconds: 3600, now: T0 });
    store.addFeed({ url: 'https://ws.test/feed', intervalSeconds: 3600, scope: 'slack:T1', now: T0 });
    store.addFeed({ url: 'https://gone.test/feed', intervalSeconds: 3600, now: T0 });

    const result = store.syncCatalogue([
      { url: 'https://a.test/feed', title: 'New A', intervalSeconds: 600 },
      { url: 'https://ws.test/feed', title: 'Catalogue title', intervalSeconds: 60 },
      { url: 'https://b.test/feed', title: null, intervalSeconds: 1800 },
    ], at(1));
    expect(result).toEqual({ added: 1, updated: 1 });
    expect(store.listFeeds().map((f) => [f.url, f.title, f.intervalSeconds, f.scope])).toEqual([
      ['https://a.test/feed', 'New A', 600, 'global'],
      ['https://ws.test/feed', null, 3600, 'slack:T1'],
      ['https://gone.test/feed', null, 3600, 'global'],
      ['https://b.test/feed', null, 1800, 'global'],
    ]);
    // Running the same catalogue again changes nothing.
    expect(store.syncCatalogue([{ url: 'https://a.test/feed', title: 'New A', intervalSeconds: 600 }], at(2))).toEqual({ added: 0, updated: 0 });
    // A shorter interval pulls the next poll forward.
    const a = store.findFeedByUrl('https://a.test/feed')!;
    store.recordNotModified(a.id, { now: at(3), nextPollAt: at(60) });
    store.syncCatalogue([{ url: 'https://a.test/feed', title: 'New A', intervalSeconds: 300 }], at(4));
    expect(store.getFeed(a.id)?.nextPollAt).toBe(at(9).toISOString());
    // Dropping the configured name hands the title back to the feed itself.
    expect(store.syncCatalogue([{ url: 'https://a.test/feed', title: null, intervalSeconds: 300 }], at(5))).toEqual({ added: 0, updated: 1 });
    expect(store.getFeed(a.id)?.title).toBe('New A');
    store.recordPollSuccess(a.id, { now: at(6), nextPollAt: at(11), validators: { etag: null, lastModified: null }, feedTitle: 'A (from the feed)', items: [], chooseFresh: () => new Set() });
    expect(store.getFeed(a.id)?.title).toBe('A (from the feed)');
  });

  it('lists feeds by id with item counts, optionally by scope', () => {
    const store = openTestStore();
    const a = addFeed(store, 'https://a.test/feed');
    const b = store.addFeed({ url: 'https://b.test/feed', intervalSeconds: 60, scope: 'discord:1', now: T0 }).feed;
    pollWith(store, a.id, ['one', 'two']);
    pollWith(store, b.id, ['three']);
    expect(store.listFeeds().map((f) => [f.id, f.itemCount])).toEqual([[a.id, 2], [b.id, 1]]);
    expect(store.listFeeds({ scope: 'discord:1' }).map((f) => f.url)).toEqual(['https://b.test/feed']);
    expect(store.findFeedByUrl('https://b.test/feed')?.id).toBe(b.id);
    expect(store.findFeedByUrl('https://nope.test/')).toBeNull();
    expect(store.getFeed(9999)).toBeNull();
  });

  it('removes a feed with its items and their search index rows', () => {
    const store = openTestStore();
    const keep = addFeed(store, 'https://keep.test/feed');
    const drop = addFeed(store, 'https://drop.test/feed');
    pollWith(store, keep.id, ['Copyright directive vote']);
    pollWith(store, drop.id, ['Copyright office ruling', '著作権法を改正']);

    expect(store.removeFeed(drop.id)).toBe(true);
    expect(store.removeFeed(drop.id)).toBe(false);
    expect(store.getFeed(drop.id)).toBeNull();
    expect(store.countItems()).toBe(1);
    expect(store.searchItems('copyright', { limit: 10 }).map((item) => item.title)).toEqual(['Copyright directive vote']);
    expect(store.searchItems('著作権', { limit: 10 })).toEqual([]);
    const db = sqliteHandleForTests(store);
    // rank = 1 compares the index with the items table: SQLITE_CORRUPT_VTAB if it holds removed rows.
    db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
    expect(db.prepare("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'ruling'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM items_ngram WHERE items_ngram MATCH '著作権'").pluck().get()).toBe(0);
  });

  it('returns due enabled feeds soonest first, and the next due time', () => {
    const store = openTestStore();
    const late = addFeed(store, 'https://late.test/feed', 30);
    const early = addFeed(store, 'https://early.test/feed', 10);
    const disabled = addFeed(store, 'https://disabled.test/feed', 0);
    const future = addFeed(store, 'https://future.test/feed', 120);
    store.recordPollFailure(disabled.id, { now: at(1), code: 'ingest/http-status', message: '410 Gone', nextPollAt: at(2), disableReason: 'gone' });

    expect(store.dueFeeds(at(60), 10).map((f) => f.id)).toEqual([early.id, late.id]);
    expect(store.dueFeeds(at(60), 1).map((f) => f.id)).toEqual([early.id]);
    expect(store.dueFeeds(at(5), 10)).toEqual([]);
    expect(store.nextDueAt()).toBe(at(10).toISOString());
    store.removeFeed(early.id);
    store.removeFeed(late.id);
    expect(store.nextDueAt()).toBe(at(120).toISOString());
    store.removeFeed(future.id);
    expect(store.nextDueAt()).toBeNull();
  });

  it('counts a failure run, disables on request, and re-enables', () => {
    const store = openTestStore();
    const feed = addFeed(store, 'https://flaky.test/feed');
    pollWith(store, feed.id, ['ok once']);

    const first = store.recordPollFailure(feed.id, { now: at(10), code: 'ingest/timeout', message: 'timed out after 30 s', nextPollAt: at(12), disableReason: null });
    const second = store.recordPollFailure(feed.id, { now: at(12), code: 'ingest/http-status', message: 'HTTP 503', nextPollAt: at(16), disableReason: null });
    expect(first.health.consecutiveFailures).toBe(1);
    expect(second.health).toMatchObject({
      consecutiveFailures: 2, failingSince: at(10).toISOString(), lastError: 'HTTP 503', lastErrorCode: 'ingest/http-status',
      lastErrorAt: at(12).toISOString(), lastPolledAt: at(12).toISOString(), lastOkAt: at(5).toISOString(), disabledAt: null,
    });
    expect(second.nextPollAt).toBe(at(16).toISOString());
    expect(feedStatus(second)).toBe('failing');

    const disabled = store.recordPollFailure(feed.id, { now: at(16), code: 'ingest/http-status', message: 'HTTP 503', nextPollAt: at(30), disableReason: 'failing for 3 polls' });
    expect(disabled.health).toMatchObject({ consecutiveFailures: 3, disabledAt: at(16).toISOString(), disabledReason: 'failing for 3 polls' });
    expect(store.dueFeeds(at(999), 10)).toEqual([]);

    const enabled = store.enableFeed(feed.id, at(40));
    expect(enabled?.health).toMatchObject({ consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null, lastError: 'HTTP 503' });
    expect(enabled?.nextPollAt).toBe(at(40).toISOString());
    expect(store.dueFeeds(at(40), 10).map((f) => f.id)).toEqual([feed.id]);
    expect(store.enableFeed(9999, at(40))).toBeNull();
  });

  it('ends a failure run on a success or a 304, keeping the last error for operators', () => {
    const store = openTestStore();
    const feed = addFeed(store, 'https://flaky.test/feed');
    store.recordPollFailure(feed.id, { now: at(1), code: 'ingest/timeout', message: 'timed out', nextPollAt: at(2), disableReason: null });
    pollWith(store, feed.id, ['back']);
    expect(store.getFeed(feed.id)?.health).toMatchObject({ consecutiveFailures: 0, failingSince: null, lastError: 'timed out', lastOkAt: at(5).toISOString() });

    store.recordPollFailure(feed.id, { now: at(6), code: 'ingest/timeout', message: 'timed out again', nextPollAt: at(7), disableReason: null });
    store.recordNotModified(feed.id, { now: at(8), nextPollAt: at(23), validators: { etag: '"e2"' } });
    const after = store.getFeed(feed.id);
    expect(after?.health).toMatchObject({ consecutiveFailures: 0, failingSince: null, lastOkAt: at(8).toISOString(), lastPolledAt: at(8).toISOString() });
    expect(after?.nextPollAt).toBe(at(23).toISOString());
    expect(after?.validators).toEqual({ etag: '"e2"', lastModified: null });
  });

  it('replaces only the validators a 304 carries', () => {
    const store = openTestStore();
    const feed = addFeed(store, 'https://cond.test/feed');
    store.recordPollSuccess(feed.id, {
      now: at(1), nextPollAt: at(2), validators: { etag: '"e1"', lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT' },
      items: [], chooseFresh: () => new Set(),
    });
    store.recordNotModified(feed.id, { now: at(3), nextPollAt: at(4) });
    expect(store.getFeed(feed.id)?.validators).toEqual({ etag: '"e1"', lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT' });
    store.recordNotModified(feed.id, { now: at(5), nextPollAt: at(6), validators: { lastModified: null } });
    expect(store.getFeed(feed.id)?.validators).toEqual({ etag: '"e1"', lastModified: null });
  });

  it('reports poll outcomes for a feed removed mid-poll as store/not-found', () => {
    const store = openTestStore();
    const feed = addFeed(store, 'https://removed.test/feed');
    store.removeFeed(feed.id);
    const failure = { now: at(1), code: 'x', message: 'x', nextPollAt: at(2), disableReason: null };
    expect(() => store.recordPollFailure(feed.id, failure)).toThrow(expect.objectContaining({ code: 'store/not-found' }));
    expect(() => store.recordNotModified(feed.id, { now: at(1), nextPollAt: at(2) })).toThrow(expect.objectContaining({ code: 'store/not-found' }));
    expect(() => pollWith(store, feed.id, ['orphan'])).toThrow(expect.objectContaining({ code: 'store/not-found' }));
    expect(store.countItems()).toBe(0);
  });
});
