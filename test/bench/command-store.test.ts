// The command benchmark's bulk loader must leave the database as Herald's own writes would: the
// same search results as items stored through recordPollSuccess + recordAnalysis, consistent FTS
// indexes, and stories the /news handler lists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandItems, storyNames, type CommandItem } from '../../bench/command-items.js';
import { BENCH_WORKSPACE, fillCommandStore, storedItemCount } from '../../bench/fill-command-store.js';
import { createCommandHandler } from '../../src/chat/commands/handle-command.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';

const NOW = new Date('2025-06-01T00:00:00.000Z');
const ITEMS = 3_000;
const dirs: string[] = [];
const stores: SqliteStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  dirs.push(dir);
  return join(dir, 'herald.db');
}

function open(path: string): SqliteStore {
  const store = openSqliteStore({ path });
  stores.push(store);
  return store;
}

/** The same items through the store's own poll and analysis writes, one feed. */
function storeThroughHerald(path: string, items: CommandItem[]): SqliteStore {
  const store = open(path);
  const feed = store.addFeed({ url: 'https://outlet.example/feed.xml', intervalSeconds: 900, now: NOW }).feed;
  const { inserted } = store.recordPollSuccess(feed.id, {
    now: NOW,
    nextPollAt: NOW,
    validators: { etag: null, lastModified: null },
    items: items.map((item) => ({
      identity: `guid:bench-${item.index + 1}`, aliases: [], guid: `bench-${item.index + 1}`, url: null, title: item.title, text: item.text, html: null,
      publishedAt: new Date(item.publishedAt).toISOString(), updatedAt: null, dateEstimated: false, language: item.language, categories: [], author: null, contentHash: `h${item.index + 1}`,
    })),
    chooseFresh: () => new Set(),
  });
  for (const [i, stored] of inserted.entries()) {
    const item = items[i] as CommandItem;
    store.recordAnalysis(stored.id, { lang: item.language, topics: item.topics, scores: {}, evidence: {}, summary: item.summary, storyId: item.storyIndex + 1, analyzedAt: NOW.toISOString() });
  }
  return store;
}

describe('fillCommandStore', () => {
  it('indexes items as poll writes do: every query finds the same items', () => {
    const bulkPath = tempPath();
    fillCommandStore({ path: bulkPath, items: ITEMS, seed: 7, now: NOW, progress: () => undefined });
    const source = createCommandItems({ seed: 7, total: ITEMS, end: NOW, spanMs: 365 * 86_400_000 });
    const herald = storeThroughHerald(tempPath(), Array.from({ length: ITEMS }, (_, i) => source.item(i)));
    const bulk = open(bulkPath);

    const names = storyNames(0);
    const queries = ['court', '"fair use"', 'copyright piracy', names[0], names.join(' '), '著作権', 'ハクティビスト', 'DDoS'];
    for (const query of queries) {
      const identities = (store: SqliteStore): string[] => store.searchItems(query, { limit: 50 }).map((item) => item.identity).sort();
      const found = identities(herald);
      expect(found.length, query).toBeGreaterThan(0);
      expect(identities(bulk), query).toEqual(found);
    }
    expect(storedItemCount(bulkPath)).toBe(ITEMS);
  });

  it('leaves consistent full-text indexes and stories that /news recent and search list', async () => {
    const path = tempPath();
    const filled = fillCommandStore({ path, items: ITEMS, seed: 3, now: NOW, progress: () => undefined });
    const db = new Database(path);
    try {
      // FTS5 compares the index with the items table (rank 1: external content) and throws on any difference.
      expect(() => db.exec(`INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
      expect(() => db.exec(`INSERT INTO items_ngram (items_ngram) VALUES ('integrity-check')`)).not.toThrow();
      const unsegmented = db.prepare('SELECT count(*) FROM items WHERE unsegmented = 1').pluck().get() as number;
      expect(unsegmented).toBeGreaterThan(0);
      expect(db.prepare(`SELECT count(*) FROM items_ngram WHERE items_ngram MATCH '"著作権" OR "気象庁" OR "専門家" OR "同社" OR "ハクティビスト"'`).pluck().get()).toBeLessThanOrEqual(unsegmented);
      expect(db.prepare('SELECT count(*) FROM stories').pluck().get()).toBe(filled.stories);
    } finally {
      db.close();
    }

    const store = open(path);
    const handler = createCommandHandler({
      store, topics: [{ id: 'copyright-law', label: 'Copyright law' }, { id: 'hacktivism', label: 'Hacktivism' }],
      previewFeed: () => Promise.reject(new Error('not used')), version: 'test', clock: () => NOW, log: silentLogger(),
    });
    const context = { ...BENCH_WORKSPACE, channelId: '1', userId: '2', isModerator: false };
    const recent = await handler({ name: 'recent', topic: 'hacktivism', count: 10, share: false }, context);
    expect(recent.stories).toHaveLength(10);
    expect(recent.stories.every((story) => story.topics.includes('hacktivism'))).toBe(true);
    const times = recent.stories.map((story) => story.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);

    const [first] = storyNames(0);
    const search = await handler({ name: 'search', query: first, topic: null, since: null, page: 1, share: false }, context);
    expect(search.stories.length).toBeGreaterThan(0);
    expect(search.stories.every((story) => `${story.headline}`.toLowerCase().includes(first))).toBe(true);
  });
});
