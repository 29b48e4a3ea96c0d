// Row shapes as SQLite returns them, and their conversion to the domain's Feed and StoredItem.
import type { Feed, NormalisedItem, StoredItem } from '../domain/index.js';

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  title_from_operator: number;
  site_url: string | null;
  scope: string;
  interval_seconds: number;
  next_poll_at: string;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  first_fetched_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  last_error_at: string | null;
  consecutive_failures: number;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
  ttl_minutes: number | null;
  skip_hours: string;
  skip_days: string;
  catalogue_url: string | null;
  item_count: number;
}

/** Selects every feed column plus its item count; append WHERE/ORDER BY. */
export const FEED_SELECT = `SELECT feeds.*, (SELECT count(*) FROM items WHERE items.feed_id = feeds.id) AS item_count FROM feeds`;

export interface ItemRow {
  id: number;
  feed_id: number;
  identity: string;
  guid: string | null;
  url: string | null;
  title: string;
  text: string;
  html: string | null;
  published_at: string;
  updated_at: string | null;
  date_estimated: number;
  language: string | null;
  categories: string;
  author: string | null;
  content_hash: string;
  first_seen_at: string;
  fresh: number;
  revision: number;
  changed_at: string | null;
}

/** The item columns the domain knows, qualified so they survive joins with the FTS tables. */
export const ITEM_COLUMNS = [
  'id', 'feed_id', 'identity', 'guid', 'url', 'title', 'text', 'html', 'published_at', 'updated_at',
  'date_estimated', 'language', 'categories', 'author', 'content_hash', 'first_seen_at', 'fresh',
  'revision', 'changed_at',
].map((column) => `items.${column}`).join(', ');

export function feedFromRow(row: FeedRow): Feed {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    siteUrl: row.site_url,
    scope: row.scope,
    intervalSeconds: row.interval_seconds,
    nextPollAt: row.next_poll_at,
    validators: { etag: row.etag, lastModified: row.last_modified },
    hints: { ttlMinutes: row.ttl_minutes, skipHours: JSON.parse(row.skip_hours) as number[], skipDays: JSON.parse(row.skip_days) as number[] },
    health: {
      lastPolledAt: row.last_polled_at,
      lastOkAt: row.last_ok_at,
      lastError: row.last_error,
      lastErrorCode: row.last_error_code,
      lastErrorAt: row.last_error_at,
      consecutiveFailures: row.consecutive_failures,
      failingSince: row.failing_since,
      disabledAt: row.disabled_at,
      disabledReason: row.disabled_reason,
    },
    itemCount: row.item_count,
    createdAt: row.created_at,
  };
}

export function itemFromRow(row: ItemRow): StoredItem {
  return {
    id: row.id,
    feedId: row.feed_id,
    identity: row.identity,
    guid: row.guid,
    url: row.url,
    title: row.title,
    text: row.text,
    html: row.html,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    dateEstimated: row.date_estimated === 1,
    language: row.language,
    categories: parseCategories(row.categories),
    author: row.author,
    contentHash: row.content_hash,
    firstSeenAt: row.first_seen_at,
    fresh: row.fresh === 1,
    revision: row.revision,
    changedAt: row.changed_at,
  };
}

/** Bind parameters for an item's content columns, shared by insert and update. */
export function itemContentParams(item: NormalisedItem) {
  const title = item.title;
  const text = item.text;
  return {
    guid: item.guid,
    url: item.url,
    title,
    text,
    html: item.html,
    published_at: toIsoUtc(item.publishedAt),
    updated_at: item.updatedAt === null ? null : toIsoUtc(item.updatedAt),
    date_estimated: item.dateEstimated ? 1 : 0,
    language: item.language,
    categories: JSON.stringify(item.categories),
    author: item.author,
    content_hash: item.contentHash,
    unsegmented: hasUnsegmentedScript(title) || hasUnsegmentedScript(text) ? 1 : 0,
  };
}

// Scripts written without spaces between words (plus Hangul, whose particles glue onto words):
// unicode61 cannot split them, so these items also go into the trigram index.
const UNSEGMENTED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
// A superset of UNSEGMENTED's BMP blocks, plus every high surrogate (astral Han and kana), as a
// plain class: about 7× faster than the \p{Script} class, and it rules out almost every text in
// a space-separated language, so the exact test runs only on the few that may hold such scripts.
// test/store covers that it misses no code point UNSEGMENTED matches.
const MAYBE_UNSEGMENTED = /[\u0e00-\u0eff\u1000-\u11ff\u1780-\u17ff\u19e0-\u19ff\u2e80-\u2fdf\u3005-\u9fff\ua960-\ua97f\ua9e0-\ua9ff\uaa60-\uaa7f\uac00-\udbff\uf900-\ufaff\uff66-\uffdf]/;

export function hasUnsegmentedScript(text: string): boolean {
  return MAYBE_UNSEGMENTED.test(text) && UNSEGMENTED.test(text);
}

/**
 * Normalises a timestamp to `toISOString()` form, so that text order is time order
 * ("…00Z" and "…00.000Z" would otherwise sort wrongly). Unparseable input is kept as given.
 */
export function toIsoUtc(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

function parseCategories(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}
