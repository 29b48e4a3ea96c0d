// Full-text search over stored items: word index, trigram index for CJK/Thai, LIKE for short terms.
import type { StoredItem } from '../domain/index.js';
import type { StoreContext } from './feed-queries.js';
import { likePattern, parseSearchQuery, type SearchPlan } from './parse-search-query.js';
import { ITEM_COLUMNS, itemFromRow, type ItemRow } from './rows.js';
import type { SearchOptions } from './store-types.js';

// bm25 column weights (title, text): a word in the title says more about the item than one in the body.
const WEIGHTS = '10.0, 1.0';

/**
 * Matches ranked per index: the newest stored (highest rowid), which FTS5 reads from the end of
 * its doclists without looking at the rest. Ranking every match cost 0.9–1.5 s for a word in half
 * of 1,000,000 items (bm25 for each, then each looked up in items); the newest 2,000 cost ~15 ms,
 * and a search with fewer matches is ranked exactly as before.
 */
export const SEARCH_CANDIDATES = 2_000;

/**
 * Best bm25 rank first (lowest score), then newest, among the {@link SEARCH_CANDIDATES} matches
 * stored last in each index: what members look for in news is recent, and a word in half of the
 * archive must not cost seconds. Hits come from the word index and from the items written in
 * scripts without spaces (see SearchPlan); an item found both ways keeps its better score, and
 * one found only by LIKE scores 0, after every ranked hit. Filters (scope, topic, since) apply to
 * those candidates.
 */
export function searchItems(ctx: StoreContext, query: string, options: SearchOptions): StoredItem[] {
  const plan = parseSearchQuery(query);
  if (plan === null) return [];
  const params: unknown[] = [];
  const arms: string[] = [];
  if (plan.words !== null) {
    arms.push(`SELECT * FROM (SELECT rowid AS id, bm25(items_fts, ${WEIGHTS}) AS rank FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES})`);
    params.push(plan.words);
  }
  arms.push(unsegmentedArm(plan, params));

  const filter = filterClause(options);
  const sql = `WITH hits (id, rank) AS MATERIALIZED (${arms.join(' UNION ALL ')})
    SELECT ${ITEM_COLUMNS} FROM (SELECT id, min(rank) AS rank FROM hits GROUP BY id) AS best
    JOIN items ON items.id = best.id ${filter.sql}
    ORDER BY best.rank, items.published_at DESC, items.id DESC LIMIT ? OFFSET ?`;
  const rows = ctx.prepare(sql).all(...params, ...filter.params, options.limit, options.offset ?? 0) as ItemRow[];
  return rows.map(itemFromRow);
}

/** The optional filters (feed scopes, topic, since) as a JOIN/WHERE tail for the hits query. */
function filterClause(options: SearchOptions): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  let join = '';
  if (options.scopes !== undefined) {
    join = 'JOIN feeds ON feeds.id = items.feed_id';
    where.push(options.scopes.length === 0 ? '0' : `feeds.scope IN (${options.scopes.map(() => '?').join(', ')})`);
    params.push(...options.scopes);
  }
  if (options.topic !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(items.topics) WHERE json_each.value = ?)');
    params.push(options.topic);
  }
  if (options.since !== undefined) {
    where.push('items.published_at >= ?');
    params.push(options.since.toISOString());
  }
  return { sql: `${join} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`, params };
}

function unsegmentedArm(plan: SearchPlan, params: unknown[]): string {
  // The partial index on unsegmented keeps this scan to CJK/Thai items (none in an English-only database).
  const likes = ['items.unsegmented = 1'];
  const likeParams: unknown[] = [];
  for (const text of plan.substrings) {
    likes.push(`(items.title LIKE ? ESCAPE '\\' OR items.text LIKE ? ESCAPE '\\')`);
    const pattern = likePattern(text);
    likeParams.push(pattern, pattern);
  }
  const likeFilter = `SELECT items.id FROM items WHERE ${likes.join(' AND ')}`;
  if (plan.ngrams === null) {
    params.push(...likeParams);
    return `SELECT id, 0.0 FROM (${likeFilter} ORDER BY items.id DESC LIMIT ${SEARCH_CANDIDATES})`;
  }
  params.push(plan.ngrams);
  // bm25 only works while the MATCH drives the query; the unary + keeps the planner from
  // looking rows up by rowid instead.
  const arm = `SELECT rowid, bm25(items_ngram, ${WEIGHTS}) FROM items_ngram WHERE items_ngram MATCH ?`;
  const newest = `ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES}`;
  if (plan.substrings.length === 0) return `SELECT * FROM (${arm} ${newest})`;
  params.push(...likeParams);
  return `SELECT * FROM (${arm} AND +rowid IN (${likeFilter}) ${newest})`;
}
