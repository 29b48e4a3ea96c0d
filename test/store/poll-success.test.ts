import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../src/domain/index.js';
import { sqliteHandleForTests, type PollSuccess, type SqliteStore } from '../../src/store/index.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at, openTestStore } from './store-fixture.js';

const allFresh = (items: readonly NormalisedItem[]) => new Set(items.map((item) => item.identity));

function success(minutes: number, items: NormalisedItem[], overrides: Partial<PollSuccess> = {}): PollSuccess {
  return {
    now: at(minutes), nextPollAt: at(minutes + 15), validators: { etag: `"m${minutes}"`, lastModified: null },
    items, chooseFresh: allFresh, ...overrides,
  };
}

function newFeed(store: SqliteStore, url = 'https://example.test/feed.xml', title: string | null = null) {
  return store.addFeed({ url, title, intervalSeconds: 900, now: T0 }).feed;
}

describe('recordPollSuccess', () => {
  it('inserts new items with the freshness chooseFresh picked, and stores validators and health', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const recent = buildItem({ title: 'Recent', categories: ['law', 'eu'], author: 'A. Writer', publishedAt: '2025-03-01T09:00:00Z' });
    const old = buildItem({ title: 'Old', publishedAt: '2024-01-01T00:00:00+02:00' });

    const result = store.recordPollSuccess(feed.id, success(1, [recent, old], { chooseFresh: () => new Set([recent.identity]) }));
    expect(result.updated).toEqual([]);
    expect(result.unchanged).toBe(0);
    expect(result.inserted.map((item) => [item.title, item.fresh, item.revision, item.firstSeenAt])).toEqual([
      ['Recent', true, 0, at(1).toISOString()],
      ['Old', false, 0, at(1).toISOString()],
    ]);
    // Timestamps are normalised to one sortable UTC form.
    expect(result.inserted[1]?.publishedAt).toBe('2023-12-31T22:00:00.000Z');
    const stored = store.getItem(result.inserted[0]!.id);
    expect(stored).toEqual(result.inserted[0]);
    expect(stored).toMatchObject({ feedId: feed.id, categories: ['law', 'eu'], author: 'A. Writer', publishedAt: '2025-03-01T09:00:00.000Z', changedAt: null });

    const after = store.getFeed(feed.id);
    expect(after).toMatchObject({ itemCount: 2, nextPollAt: at(16).toISOString(), validators: { etag: '"m1"', lastModified: null } });
    expect(after?.health).toMatchObject({ lastOkAt: at(1).toISOString(), lastPolledAt: at(1).toISOString(), consecutiveFailures: 0 });
  });

  it('updates an edited item in place: same id, first-seen and freshness, revision + 1', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const original = buildItem({ guid: 'story-1', title: 'Court rules on DMCA', text: 'First version.' });
    const other = buildItem({ guid: 'story-2', title: 'Unrelated' });
    const first = store.recordPollSuccess(feed.id, success(1, [original, other], { chooseFresh: () => new Set([original.identity]) }));
    const id = first.inserted[0]!.id;

    const edited = buildItem({ guid: 'story-1', title: 'Court rules on DMCA (updated)', text: 'Second version.', updatedAt: '2025-03-01T11:00:00Z', categories: ['dmca'] });
    const second = store.recordPollSuccess(feed.id, success(30, [edited, other]));
    expect(second.inserted).toEqual([]);
    expect(second.unchanged).toBe(1);
    expect(second.updated).toHaveLength(1);
    const updated = second.updated[0]!;
    expect(updated).toMatchObject({
      id, title: 'Court rules on DMCA (updated)', text: 'Second version.', categories: ['dmca'],
      updatedAt: '2025-03-01T11:00:00.000Z', revision: 1, changedAt: at(30).toISOString(),
      firstSeenAt: at(1).toISOString(), fresh: true, contentHash: edited.contentHash,
    });
    expect(store.getItem(id)).toEqual(updated);
    expect(store.countItems()).toBe(2);
    // The search index follows the edit.
    expect(store.searchItems('second', { limit: 5 }).map((item) => item.id)).toEqual([id]);
    expect(store.searchItems('first', { limit: 5 })).toEqual([]);
    // rank = 1 also compares the word index with the items table (SQLITE_CORRUPT_VTAB if they differ).
    sqliteHandleForTests(store).exec("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");

    const third = store.recordPollSuccess(feed.id, success(60, [buildItem({ guid: 'story-1', text: 'Third.' })]));
    expect(third.updated[0]?.revision).toBe(2);
  });

  it('moves an edited item between the word and trigram indexes when its script changes', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const [stored] = store.recordPollSuccess(feed.id, success(1, [buildItem({ guid: 'g', title: 'Draft', text: 'English only' })])).inserted;
    store.recordPollSuccess(feed.id, success(2, [buildItem({ guid: 'g', title: 'Draft', text: '海賊版サイトを閉鎖' })]));
    expect(store.searchItems('海賊版', { limit: 5 }).map((item) => item.id)).toEqual([stored!.id]);
    expect(store.searchItems('english', { limit: 5 })).toEqual([]);
    store.recordPollSuccess(feed.id, success(3, [buildItem({ guid: 'g', title: 'Draft', text: 'English again' })]));
    expect(store.searchItems('海賊版', { limit: 5 })).toEqual([]);
    expect(store.searchItems('english', { limit: 5 }).map((item) => item.id)).toEqual([stored!.id]);
    expect(store.getItem(stored!.id)?.revision).toBe(2);
  });

  it('leaves unchanged items alone', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const items = [buildItem(), buildItem()];
    store.recordPollSuccess(feed.id, success(1, items));
    const before = store.listItems({ limit: 10 });
    const again = store.recordPollSuccess(feed.id, success(20, items));
    expect(again).toEqual({ inserted: [], updated: [], unchanged: 2 });
    expect(store.listItems({ limit: 10 })).toEqual(before);
  });

  it('calls chooseFresh with only the new items, and with firstPoll true only on the first success', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const calls: Array<{ titles: string[]; firstPoll: boolean }> = [];
    const record = (items: readonly NormalisedItem[], context: { firstPoll: boolean }) => {
      calls.push({ titles: items.map((item) => item.title), firstPoll: context.firstPoll });
      return new Set<string>();
    };
    const a = buildItem({ title: 'A' });
    const b = buildItem({ title: 'B' });
    // A failure and a 304 before the first stored poll do not use up the flood guard.
    store.recordPollFailure(feed.id, { now: at(0), code: 'ingest/timeout', message: 't', nextPollAt: at(1), disableReason: null });
    store.recordNotModified(feed.id, { now: at(1), nextPollAt: at(2) });
    store.recordPollSuccess(feed.id, success(2, [a], { chooseFresh: record }));
    store.recordPollSuccess(feed.id, success(3, [a, b], { chooseFresh: record }));
    store.recordPollSuccess(feed.id, success(4, [a, b], { chooseFresh: record }));
    expect(calls).toEqual([
      { titles: ['A'], firstPoll: true },
      { titles: ['B'], firstPoll: false },
      { titles: [], firstPoll: false },
    ]);
  });

  it('stores a batch that repeats an identity once, keeping the first occurrence', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const first = buildItem({ guid: 'dup', title: 'First copy' });
    const second = buildItem({ guid: 'dup', title: 'Second copy' });
    const result = store.recordPollSuccess(feed.id, success(1, [first, second]));
    expect(result.inserted.map((item) => item.title)).toEqual(['First copy']);
    expect(store.countItems()).toBe(1);
  });

  it('keeps items apart per feed: the same identity in two feeds is two items', () => {
    const store = openTestStore();
    const one = newFeed(store, 'https://one.test/feed');
    const two = newFeed(store, 'https://two.test/feed');
    const item = buildItem({ guid: 'shared' });
    store.recordPollSuccess(one.id, success(1, [item]));
    const result = store.recordPollSuccess(two.id, success(1, [item]));
    expect(result.inserted).toHaveLength(1);
    expect(store.countItems()).toBe(2);
  });

  it('stores nothing of a poll whose transaction fails part-way', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    store.recordPollSuccess(feed.id, success(1, [buildItem({ title: 'Before' })]));
    const before = store.getFeed(feed.id);
    expect(() =>
      store.recordPollSuccess(feed.id, success(20, [buildItem({ title: 'Never stored' })], {
        chooseFresh: () => {
          throw new Error('policy crashed');
        },
      })),
    ).toThrow('policy crashed');
    expect(store.listItems({ limit: 10 }).map((item) => item.title)).toEqual(['Before']);
    expect(store.getFeed(feed.id)).toEqual(before);
  });

  it('records a permanent move, unless another feed already has the new URL', () => {
    const store = openTestStore();
    const feed = newFeed(store, 'http://old.test/feed');
    const taken = newFeed(store, 'https://taken.test/feed');
    store.recordPollSuccess(feed.id, success(1, [], { movedTo: 'https://new.test/feed' }));
    expect(store.getFeed(feed.id)?.url).toBe('https://new.test/feed');
    expect(store.findFeedByUrl('http://old.test/feed')).toBeNull();

    const result = store.recordPollSuccess(feed.id, success(20, [buildItem({ title: 'still stored' })], { movedTo: 'https://taken.test/feed' }));
    expect(result.inserted).toHaveLength(1);
    expect(store.getFeed(feed.id)?.url).toBe('https://new.test/feed');
    expect(store.getFeed(taken.id)?.url).toBe('https://taken.test/feed');
  });

  it("takes the feed's own title and site URL, but never over a title the operator gave", () => {
    const store = openTestStore();
    const untitled = newFeed(store, 'https://untitled.test/feed');
    const named = newFeed(store, 'https://named.test/feed', 'Operator name');
    store.recordPollSuccess(untitled.id, success(1, [], { feedTitle: 'Feed Title', siteUrl: 'https://untitled.test/' }));
    store.recordPollSuccess(named.id, success(1, [], { feedTitle: 'Feed Title' }));
    expect(store.getFeed(untitled.id)).toMatchObject({ title: 'Feed Title', siteUrl: 'https://untitled.test/' });
    expect(store.getFeed(named.id)?.title).toBe('Operator name');

    store.recordPollSuccess(untitled.id, success(20, [], { feedTitle: 'Renamed Feed' }));
    store.recordPollSuccess(untitled.id, success(40, [], { feedTitle: null, siteUrl: null }));
    expect(store.getFeed(untitled.id)).toMatchObject({ title: 'Renamed Feed', siteUrl: 'https://untitled.test/' });
  });

  it('stores text in scripts with and without spaces, and empty optional fields, as given', () => {
    const store = openTestStore();
    const feed = newFeed(store);
    const item = buildItem({ guid: null, url: null, html: '<p>Ça</p>', language: null, title: 'Ça va — 著作権', text: '' });
    const [stored] = store.recordPollSuccess(feed.id, success(1, [item])).inserted;
    expect(store.getItem(stored!.id)).toMatchObject({ guid: null, url: null, html: '<p>Ça</p>', language: null, title: 'Ça va — 著作権', text: '' });
  });
});
