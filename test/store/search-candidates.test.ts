// Search ranks the newest SEARCH_CANDIDATES matches of each index: a word found in a large share
// of the archive stays fast, and a search with fewer matches is ranked over all of them.
import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../src/domain/index.js';
import { SEARCH_CANDIDATES } from '../../src/store/search-items.js';
import type { SqliteStore } from '../../src/store/index.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at, openTestStore } from './store-fixture.js';

function storeInOrder(store: SqliteStore, items: NormalisedItem[]): void {
  const feed = store.addFeed({ url: 'https://example.test/feed.xml', intervalSeconds: 900, now: T0 }).feed;
  // One poll inserts in list order, so later items get higher ids (stored later).
  store.recordPollSuccess(feed.id, { now: at(1), nextPollAt: at(16), validators: { etag: null, lastModified: null }, items, chooseFresh: () => new Set() });
}

describe('search over many matches', () => {
  it('ranks only the newest matches once a word is in more items than the candidate limit', () => {
    const store = openTestStore();
    // Five old items with the word in the title (the best bm25 matches), then more than the limit
    // of newer items with it only in the text.
    const old = Array.from({ length: 5 }, (_, i) => buildItem({ title: `Court ruling ${i}`, text: 'An old report.', publishedAt: '2024-01-01T00:00:00Z' }));
    const newer = Array.from({ length: SEARCH_CANDIDATES + 10 }, (_, i) =>
      buildItem({ title: `Roundup ${i}`, text: `The court said so in filing ${i}.`, publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString() }),
    );
    storeInOrder(store, [...old, ...newer]);

    const hits = store.searchItems('court', { limit: 3 });
    // All newer items rank alike (same shape of text), so the newest come first; the old title
    // matches are past the newest SEARCH_CANDIDATES matches and are not ranked.
    expect(hits.map((item) => item.title)).toEqual([`Roundup ${SEARCH_CANDIDATES + 9}`, `Roundup ${SEARCH_CANDIDATES + 8}`, `Roundup ${SEARCH_CANDIDATES + 7}`]);
    expect(store.searchItems('court', { limit: SEARCH_CANDIDATES + 100 })).toHaveLength(SEARCH_CANDIDATES);
    // A word the old items alone have is still found: they are its newest matches.
    expect(store.searchItems('court old', { limit: 10 }).map((item) => item.title)).toEqual(['Court ruling 4', 'Court ruling 3', 'Court ruling 2', 'Court ruling 1', 'Court ruling 0']);
  });

  it('ranks every match while there are fewer than the limit: title matches first, however old', () => {
    const store = openTestStore();
    storeInOrder(store, [
      buildItem({ title: 'Court ruling on piracy', text: 'An old report.', publishedAt: '2024-01-01T00:00:00Z' }),
      ...Array.from({ length: 50 }, (_, i) => buildItem({ title: `Roundup ${i}`, text: `The court said so in filing ${i}.`, publishedAt: '2025-01-01T00:00:00Z' })),
    ]);
    expect(store.searchItems('court', { limit: 1 }).map((item) => item.title)).toEqual(['Court ruling on piracy']);
  });
});
