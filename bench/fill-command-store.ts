// Fills a Herald database with analysed items for the command benchmark, fast: plain SQL in one
// transaction per 10,000 rows, indexed exactly as src/store/poll-writes.ts indexes a poll's new
// items (items_fts always, items_ngram for scripts without spaces) and with the columns
// recordAnalysis writes (topics, summary, story) and the stories it creates.
import Database from 'better-sqlite3';
import { HeraldError } from '../src/errors.js';
import { openSqliteStore } from '../src/store/index.js';
import { hasUnsegmentedScript } from '../src/store/rows.js';
import { createCommandItems, type CommandItem } from './command-items.js';

/** The workspace the commands run in; it has feeds of its own beside the catalogue's. */
export const BENCH_WORKSPACE = { platform: 'discord', workspaceId: '1300000000000000100' } as const;

const CATALOGUE_FEEDS = 300;
// Feeds added from chat: some in the benchmark's workspace, some in others (invisible to it).
const WORKSPACE_FEEDS = 10;
const OTHER_WORKSPACE_FEEDS = 10;
const BATCH = 10_000;
const YEAR_MS = 365 * 86_400_000;

export interface FillOptions {
  path: string;
  items: number;
  seed: number;
  /** Publication times end here. */
  now: Date;
  progress: (message: string) => void;
}

/** What the filled database holds, for choosing queries. */
export interface FilledStore {
  items: number;
  stories: number;
  ms: number;
}

/** Creates the schema through the store (migrations), then bulk-loads `items` items. */
export function fillCommandStore(options: FillOptions): FilledStore {
  const started = performance.now();
  // Migrations and the FTS settings Herald applies on open (automerge) come from the store itself.
  openSqliteStore({ path: options.path }).close();
  const db = new Database(options.path);
  try {
    // A throwaway file: no fsync, and a page cache large enough for the FTS segments being built.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const feedIds = insertFeeds(db, options.now);
    const source = createCommandItems({ seed: options.seed, total: options.items, end: options.now, spanMs: YEAR_MS });
    const insertItem = db.prepare(`INSERT INTO items (id, feed_id, identity, guid, url, title, text, html, published_at, updated_at,
        date_estimated, language, categories, author, content_hash, unsegmented, first_seen_at, fresh, revision,
        analysis_lang, topics, scores, evidence, summary, story_id, analyzed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, 0, ?, '[]', NULL, ?, ?, ?, 1, 0, ?, ?, ?, '{}', ?, ?, ?)`);
    const indexWords = db.prepare('INSERT INTO items_fts (rowid, title, text) VALUES (?, ?, ?)');
    const indexNgrams = db.prepare('INSERT INTO items_ngram (rowid, title, text) VALUES (?, ?, ?)');
    const insertStory = db.prepare(`INSERT INTO stories (id, first_seen_at, updated_at, headline_item_id, topics, published_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`);
    let stories = 0;
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let index = from; index < to; index++) {
        const item = source.item(index);
        const id = index + 1;
        const storyId = item.storyIndex + 1;
        const published = new Date(item.publishedAt).toISOString();
        const firstSeen = new Date(item.publishedAt + 120_000).toISOString();
        const analysed = new Date(item.publishedAt + 121_000).toISOString();
        const feedId = feedIds[(item.storyIndex * 7 + index) % feedIds.length] ?? 1;
        const unsegmented = hasUnsegmentedScript(item.title) || hasUnsegmentedScript(item.text) ? 1 : 0;
        const url = `https://outlet-${feedId}.example/${published.slice(0, 10)}/story-${id}`;
        insertItem.run(
          id, feedId, `guid:bench-${id}`, `bench-${id}`, url, item.title, item.text, published, item.language, `h${id}`, unsegmented, firstSeen,
          item.language, JSON.stringify(item.topics), scores(item), item.summary, storyId, analysed,
        );
        indexWords.run(id, item.title, item.text);
        if (unsegmented === 1) indexNgrams.run(id, item.title, item.text);
        if (storyId === id) {
          insertStory.run(storyId, firstSeen, analysed, id, JSON.stringify(item.topics), published);
          stories++;
        }
      }
    });
    for (let from = 0; from < options.items; from += BATCH) {
      writeBatch(from, Math.min(options.items, from + BATCH));
      if ((from + BATCH) % 100_000 === 0 || from + BATCH >= options.items) {
        options.progress(`  ${Math.min(options.items, from + BATCH).toLocaleString('en-US')} items stored (${((performance.now() - started) / 1_000).toFixed(0)} s)`);
      }
    }
    // What store.close() does after a service has run: statistics for the planner, WAL folded in.
    db.pragma('optimize');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { items: options.items, stories, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

/** Counts the items already in `path` (0 when it is not a Herald database yet). */
export function storedItemCount(path: string): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM items').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

function insertFeeds(db: Database.Database, now: Date): number[] {
  const insert = db.prepare(`INSERT INTO feeds (url, title, title_from_operator, scope, interval_seconds, next_poll_at, first_fetched_at, last_polled_at, last_ok_at, created_at)
    VALUES (?, ?, 0, ?, 900, ?, ?, ?, ?, ?)`);
  const at = now.toISOString();
  const created = new Date(now.getTime() - YEAR_MS - 86_400_000).toISOString();
  // Each feed id appears `weight` times: items are spread over the list.
  const ids: number[] = [];
  let feeds = 0;
  const add = (weight: number, scope: string): void => {
    feeds++;
    const id = Number(insert.run(`https://outlet-${feeds}.example/feed.xml`, `Outlet ${feeds}`, scope, at, created, at, at, created).lastInsertRowid);
    for (let i = 0; i < weight; i++) ids.push(id);
  };
  db.transaction(() => {
    // Catalogue feeds carry most items (weight 3); feeds added from chat fewer.
    for (let i = 0; i < CATALOGUE_FEEDS; i++) add(3, 'global');
    for (let i = 0; i < WORKSPACE_FEEDS; i++) add(1, `${BENCH_WORKSPACE.platform}:${BENCH_WORKSPACE.workspaceId}`);
    for (let i = 0; i < OTHER_WORKSPACE_FEEDS; i++) add(1, `slack:T0OTHER${i}`);
  })();
  if (ids.length === 0) throw new HeraldError('internal', 'no feeds were created for the command benchmark');
  return ids;
}

function scores(item: CommandItem): string {
  return JSON.stringify(Object.fromEntries(item.topics.map((topic) => [topic, 4.5])));
}
