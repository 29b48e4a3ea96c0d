// Storing and reading analysis results: an item's topics, evidence and summary, and its story.
import type { ItemAnalysis, StoredItem } from '../domain/index.js';
import { recordMatches } from './delivery-matching.js';
import type { StoreContext } from './feed-queries.js';
import { ITEM_COLUMNS, itemFromRow, type ItemRow } from './rows.js';

interface AnalysisRow {
  analysis_lang: string | null;
  topics: string;
  scores: string;
  evidence: string;
  summary: string | null;
  story_id: number | null;
  analyzed_at: string | null;
}

/**
 * Records one item's analysis; the story row is created when the item starts it (storyId equals
 * the item's id) and gains the item's topics otherwise. In the same transaction the item is
 * matched against the subscriptions, so a matching story always has its outbox rows.
 */
export function recordAnalysis(ctx: StoreContext, itemId: number, analysis: ItemAnalysis): void {
  ctx.db.transaction(() => {
    const before = ctx.prepare(
      `SELECT items.feed_id, items.fresh, items.story_id, items.first_seen_at, items.title, items.text, feeds.scope
       FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.id = ?`,
    ).get(itemId) as { feed_id: number; fresh: number; story_id: number | null; first_seen_at: string; title: string; text: string; scope: string } | undefined;
    ctx.prepare(
      `UPDATE items SET analysis_lang = ?, topics = ?, scores = ?, evidence = ?, summary = ?, story_id = ?, analyzed_at = ? WHERE id = ?`,
    ).run(
      analysis.lang,
      JSON.stringify(analysis.topics),
      JSON.stringify(analysis.scores),
      JSON.stringify(analysis.evidence),
      analysis.summary,
      analysis.storyId,
      analysis.analyzedAt,
      itemId,
    );
    ctx.prepare(
      `INSERT INTO stories (id, first_seen_at, updated_at, headline_item_id, topics, published_at)
       VALUES (@story, @now, @now, @story, @topics, (SELECT published_at FROM items WHERE id = @story))
       ON CONFLICT (id) DO UPDATE SET updated_at = @now,
         topics = (SELECT json_group_array(DISTINCT value) FROM (SELECT value FROM json_each(stories.topics) UNION SELECT value FROM json_each(@topics)))`,
    ).run({ story: analysis.storyId, now: analysis.analyzedAt, topics: JSON.stringify(analysis.topics) });
    if (before) {
      const { feed_id: feedId, fresh, story_id: previousStoryId, first_seen_at: firstSeenAt, title, text, scope: feedScope } = before;
      recordMatches(ctx, { feedId, fresh: fresh === 1, previousStoryId, firstSeenAt, title, text, feedScope }, analysis);
    }
  }).immediate();
}

export function getItemAnalysis(ctx: StoreContext, itemId: number): ItemAnalysis | null {
  const row = ctx.prepare('SELECT analysis_lang, topics, scores, evidence, summary, story_id, analyzed_at FROM items WHERE id = ?').get(itemId) as
    | AnalysisRow
    | undefined;
  if (!row || row.analyzed_at === null || row.story_id === null) return null;
  return {
    lang: row.analysis_lang,
    topics: JSON.parse(row.topics) as string[],
    scores: JSON.parse(row.scores) as ItemAnalysis['scores'],
    evidence: JSON.parse(row.evidence) as ItemAnalysis['evidence'],
    summary: row.summary,
    storyId: row.story_id,
    analyzedAt: row.analyzed_at,
  };
}

/** Analysed items published since `since`, oldest first, with their stories and analysed language: to rebuild the story index at start-up. */
export function recentStoryItems(ctx: StoreContext, since: Date): Array<{ item: StoredItem; storyId: number; lang: string | null; topics: string[] }> {
  const rows = ctx.prepare(
    `SELECT ${ITEM_COLUMNS}, items.story_id AS story_id, items.analysis_lang AS analysis_lang, items.topics AS analysis_topics FROM items
     WHERE items.published_at >= ? AND items.story_id IS NOT NULL ORDER BY items.published_at, items.id`,
  ).all(since.toISOString()) as Array<ItemRow & { story_id: number; analysis_lang: string | null; analysis_topics: string | null }>;
  return rows.map((row) => ({ item: itemFromRow(row), storyId: row.story_id, lang: row.analysis_lang, topics: row.analysis_topics ? (JSON.parse(row.analysis_topics) as string[]) : [] }));
}

/** Items not analysed yet (new, or marked by `reanalyze`), oldest first. */
export function unanalyzedItems(ctx: StoreContext, limit: number): StoredItem[] {
  const rows = ctx.prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE items.analyzed_at IS NULL ORDER BY items.published_at, items.id LIMIT ?`).all(limit) as ItemRow[];
  return rows.map(itemFromRow);
}

/** Marks items published since `since` (or all) for analysis again; returns how many. */
export function markForReanalysis(ctx: StoreContext, since: Date | null): number {
  return since === null
    ? ctx.prepare('UPDATE items SET analyzed_at = NULL').run().changes
    : ctx.prepare('UPDATE items SET analyzed_at = NULL WHERE published_at >= ?').run(since.toISOString()).changes;
}

/** The story an item already belongs to, if it was ever analysed. */
export function storyOf(ctx: StoreContext, itemId: number): number | null {
  const row = ctx.prepare('SELECT story_id FROM items WHERE id = ?').get(itemId) as { story_id: number | null } | undefined;
  return row?.story_id ?? null;
}
