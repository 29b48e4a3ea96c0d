// Reading stored items: newest-first listing with keyset paging, single lookups and counts.
import type { StoredItem } from '../domain/index.js';
import type { StoreContext } from './feed-queries.js';
import { ITEM_COLUMNS, itemFromRow, type ItemRow } from './rows.js';
import type { ListItemsQuery } from './store-types.js';

/**
 * Newest publishedAt first (id breaks ties). `beforeId` is a keyset cursor: the page continues
 * after that item in this order, so paging stays stable while new items arrive.
 */
export function listItems(ctx: StoreContext, query: ListItemsQuery): StoredItem[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.feedId !== undefined) {
    where.push('items.feed_id = ?');
    params.push(query.feedId);
  }
  if (query.freshOnly === true) where.push('items.fresh = 1');
  if (query.since !== undefined) {
    where.push('items.published_at >= ?');
    params.push(query.since.toISOString());
  }
  if (query.beforeId !== undefined) {
    where.push('(items.published_at, items.id) < (SELECT cursor.published_at, cursor.id FROM items AS cursor WHERE cursor.id = ?)');
    params.push(query.beforeId);
  }
  // The SQL text only varies with which filters are present, so the statement cache stays small.
  const sql = `SELECT ${ITEM_COLUMNS} FROM items ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY items.published_at DESC, items.id DESC LIMIT ?`;
  const rows = ctx.prepare(sql).all(...params, query.limit) as ItemRow[];
  return rows.map(itemFromRow);
}

export function getItem(ctx: StoreContext, id: number): StoredItem | null {
  const row = ctx.prepare(`SELECT ${ITEM_COLUMNS} FROM items WHERE items.id = ?`).get(id) as ItemRow | undefined;
  return row ? itemFromRow(row) : null;
}

export function countItems(ctx: StoreContext): number {
  return (ctx.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
}
