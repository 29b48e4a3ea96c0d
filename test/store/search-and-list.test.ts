import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../src/domain/index.js';
import type { SqliteStore } from '../../src/store/index.js';
import { parseSearchQuery } from '../../src/store/parse-search-query.js';
import { buildItem } from '../helpers/build-item.js';
import { T0, at, openTestStore } from './store-fixture.js';

function storeItems(store: SqliteStore, items: NormalisedItem[], url = 'https://example.test/feed.xml', fresh: (item: NormalisedItem) => boolean = () => false) {
  const feed = store.findFeedByUrl(url) ?? store.addFeed({ url, intervalSeconds: 900, now: T0 }).feed;
  const result = store.recordPollSuccess(feed.id, {
    now: at(1), nextPollAt: at(16), validators: { etag: null, lastModified: null }, items,
    chooseFresh: (newItems) => new Set(newItems.filter(fresh).map((item) => item.identity)),
  });
  return { feed, ids: result.inserted.map((item) => item.id) };
}

function titles(items: ReadonlyArray<{ title: string }>): string[] {
  return items.map((item) => item.title);
}

describe('searchItems', () => {
  function corpus(): SqliteStore {
    const store = openTestStore();
    storeItems(store, [
      buildItem({ title: 'EU copyright directive passes', text: 'The European Parliament approved the copyright reform.', publishedAt: '2025-02-01T00:00:00Z' }),
      buildItem({ title: 'Hacktivists deface ministry site', text: 'A group claimed the attack on the ministry of culture.', publishedAt: '2025-02-02T00:00:00Z' }),
      buildItem({ title: 'Weekly roundup', text: 'Also: a court ruled on copyright in AI training data.', publishedAt: '2025-02-03T00:00:00Z' }),
      buildItem({ title: 'Café owners sue over music licences', text: 'Licensing société wants fees.', publishedAt: '2025-02-04T00:00:00Z' }),
      buildItem({ title: '政府、著作権法を改正へ', text: '文化庁は生成AIと著作権の関係について指針を公表した。', publishedAt: '2025-02-05T00:00:00Z' }),
      buildItem({ title: '著作物の利用', text: '判決が出た。', publishedAt: '2025-02-06T00:00:00Z' }),
      buildItem({ title: 'Googleが提訴された', text: 'ニュース', publishedAt: '2025-01-01T00:00:00Z' }),
    ]);
    return store;
  }

  it('finds English words, ANDs several words, and ranks title matches first', () => {
    const store = corpus();
    expect(titles(store.searchItems('copyright', { limit: 10 }))).toEqual(['EU copyright directive passes', 'Weekly roundup']);
    expect(titles(store.searchItems('copyright court', { limit: 10 }))).toEqual(['Weekly roundup']);
    expect(titles(store.searchItems('COPYRIGHT Reform', { limit: 10 }))).toEqual(['EU copyright directive passes']);
    expect(store.searchItems('copyright nonexistentword', { limit: 10 })).toEqual([]);
  });

  it('matches "quoted phrases" in order, and a trailing * as a prefix', () => {
    const store = corpus();
    expect(titles(store.searchItems('"ministry of culture"', { limit: 10 }))).toEqual(['Hacktivists deface ministry site']);
    expect(store.searchItems('"culture of ministry"', { limit: 10 })).toEqual([]);
    expect(titles(store.searchItems('hacktivis*', { limit: 10 }))).toEqual(['Hacktivists deface ministry site']);
    expect(store.searchItems('hacktivis', { limit: 10 })).toEqual([]);
  });

  it('ignores accents, so cafe finds Café', () => {
    const store = corpus();
    expect(titles(store.searchItems('cafe societe', { limit: 10 }))).toEqual(['Café owners sue over music licences']);
  });

  it('treats hostile FTS syntax as plain text instead of failing', () => {
    const store = corpus();
    for (const query of ['"', '""', '*', '-', '^', 'NEAR(', 'AND(', 'copyright AND', 'OR', 'NOT copyright', 'title:copyright', '(', ')', '+', '{}', "'; DROP TABLE items; --", '%', '_', '\\', '   ', 'copy\u0000right', '\u0000', 'a\u0007b']) {
      expect(() => store.searchItems(query, { limit: 10 }), query).not.toThrow();
    }
    expect(store.searchItems('"', { limit: 10 })).toEqual([]);
    expect(store.searchItems('*', { limit: 10 })).toEqual([]);
    expect(store.searchItems('-', { limit: 10 })).toEqual([]);
    // Operators are searched as words: nothing says "near" or "and", so nothing matches.
    expect(store.searchItems('copyright NEAR(', { limit: 10 })).toEqual([]);
    // Punctuation around a real word is ignored: "-copyright" is not a NOT.
    expect(titles(store.searchItems('-copyright', { limit: 10 }))).toEqual(['EU copyright directive passes', 'Weekly roundup']);
    expect(titles(store.searchItems('"copyright', { limit: 10 }))).toEqual(['EU copyright directive passes', 'Weekly roundup']);
    expect(store.countItems()).toBe(7);
  });

  it('finds Japanese words inside longer runs of text: 著作権 in 著作権法を改正', () => {
    const store = corpus();
    expect(titles(store.searchItems('著作権', { limit: 10 }))).toEqual(['政府、著作権法を改正へ']);
    expect(titles(store.searchItems('著作権法', { limit: 10 }))).toEqual(['政府、著作権法を改正へ']);
    expect(titles(store.searchItems('文化庁 指針', { limit: 10 }))).toEqual(['政府、著作権法を改正へ']);
    // Two-character words are below the trigram minimum and fall back to a substring scan.
    expect(titles(store.searchItems('著作', { limit: 10 }))).toEqual(['著作物の利用', '政府、著作権法を改正へ']);
    expect(titles(store.searchItems('判決', { limit: 10 }))).toEqual(['著作物の利用']);
    // Mixed: a Latin word and a Japanese word must both match.
    expect(titles(store.searchItems('AI 著作権', { limit: 10 }))).toEqual(['政府、著作権法を改正へ']);
    expect(titles(store.searchItems('生成AI', { limit: 10 }))).toEqual(['政府、著作権法を改正へ']);
    expect(store.searchItems('著作権 判決', { limit: 10 })).toEqual([]);
    // Latin words glued to Japanese text are found too.
    // (the English item matches "AI" as a word and ranks first; the glued one by substring, after it).
    expect(titles(store.searchItems('AI', { limit: 10 }))).toEqual(['Weekly roundup', '政府、著作権法を改正へ']);
    expect(titles(store.searchItems('Google', { limit: 10 }))).toEqual(['Googleが提訴された']);
  });

  it('pages with limit and offset', () => {
    const store = openTestStore();
    storeItems(store, Array.from({ length: 5 }, (_, i) => buildItem({ title: `Leak number ${i}`, text: 'data leak', publishedAt: `2025-01-0${i + 1}T00:00:00Z` })));
    // Equal rank: newest first.
    expect(titles(store.searchItems('leak', { limit: 2 }))).toEqual(['Leak number 4', 'Leak number 3']);
    expect(titles(store.searchItems('leak', { limit: 2, offset: 2 }))).toEqual(['Leak number 2', 'Leak number 1']);
    expect(titles(store.searchItems('leak', { limit: 2, offset: 4 }))).toEqual(['Leak number 0']);
  });
});

describe('parseSearchQuery', () => {
  it('quotes every term and plans it for the index that can match it', () => {
    expect(parseSearchQuery('copyright "EU directive" hack*')).toEqual({
      words: '"copyright" AND "EU directive" AND "hack" *', ngrams: '"copyright" AND "EU directive" AND "hack"', substrings: [],
    });
    expect(parseSearchQuery('著作権 著作 "a"b"')).toEqual({ words: null, ngrams: '"著作権"', substrings: ['著作', 'a', 'b'] });
    expect(parseSearchQuery('say "hi')).toEqual({ words: '"say" AND "hi"', ngrams: '"say"', substrings: ['hi'] });
    expect(parseSearchQuery('* - " NEAR(')).toEqual({ words: '"NEAR("', ngrams: '"NEAR("', substrings: [] });
    expect(parseSearchQuery(' * - "" ')).toBeNull();
  });
});

describe('listItems', () => {
  it('lists newest first across feeds, with filters and keyset paging', () => {
    const store = openTestStore();
    const dates = ['2025-01-03', '2025-01-01', '2025-01-05', '2025-01-02', '2025-01-04'];
    const a = storeItems(store, dates.map((day, i) => buildItem({ title: `A${i} ${day}`, publishedAt: `${day}T00:00:00Z` })), 'https://a.test/feed', (item) => item.title.startsWith('A2') || item.title.startsWith('A0'));
    storeItems(store, [buildItem({ title: 'B same time as A0', publishedAt: '2025-01-03T00:00:00Z' })], 'https://b.test/feed');

    expect(titles(store.listItems({ limit: 10 }))).toEqual([
      'A2 2025-01-05', 'A4 2025-01-04', 'B same time as A0', 'A0 2025-01-03', 'A3 2025-01-02', 'A1 2025-01-01',
    ]);
    expect(titles(store.listItems({ limit: 10, feedId: a.feed.id, freshOnly: true }))).toEqual(['A2 2025-01-05', 'A0 2025-01-03']);
    expect(titles(store.listItems({ limit: 10, since: new Date('2025-01-04T00:00:00Z') }))).toEqual(['A2 2025-01-05', 'A4 2025-01-04']);

    const page1 = store.listItems({ limit: 2 });
    const page2 = store.listItems({ limit: 2, beforeId: page1.at(-1)!.id });
    const page3 = store.listItems({ limit: 2, beforeId: page2.at(-1)!.id });
    const page4 = store.listItems({ limit: 2, beforeId: page3.at(-1)!.id });
    expect([page1, page2, page3].map(titles)).toEqual([
      ['A2 2025-01-05', 'A4 2025-01-04'], ['B same time as A0', 'A0 2025-01-03'], ['A3 2025-01-02', 'A1 2025-01-01'],
    ]);
    expect(page4).toEqual([]);
    expect(titles(store.listItems({ limit: 5, feedId: a.feed.id, beforeId: page1[1]!.id }))).toEqual(['A0 2025-01-03', 'A3 2025-01-02', 'A1 2025-01-01']);
  });

  it('returns null and zero for what is not there', () => {
    const store = openTestStore();
    expect(store.getItem(1)).toBeNull();
    expect(store.countItems()).toBe(0);
    expect(store.listItems({ limit: 10 })).toEqual([]);
  });
});
