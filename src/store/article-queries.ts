// The article cache: pages fetched for teaser-only items, by canonical URL.
import type { ArticleStatus, CachedArticle } from '../domain/index.js';
import type { StoreContext } from './feed-queries.js';

interface ArticleRow {
  url: string;
  fetched_at: string;
  status: ArticleStatus;
  text: string | null;
  lang: string | null;
  error: string | null;
}

/** The cached page for `url`, whatever its status; null when it was never fetched. */
export function getArticle(ctx: StoreContext, url: string): CachedArticle | null {
  const row = ctx.prepare('SELECT url, fetched_at, status, text, lang, error FROM article_cache WHERE url = ?').get(url) as ArticleRow | undefined;
  return row ? { url: row.url, fetchedAt: row.fetched_at, status: row.status, text: row.text, lang: row.lang, error: row.error } : null;
}

/** Stores the outcome of a fetch, replacing an earlier one for the same URL (a retried failure). */
export function recordArticle(ctx: StoreContext, article: CachedArticle): void {
  ctx.prepare(
    `INSERT INTO article_cache (url, fetched_at, status, text, lang, error) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (url) DO UPDATE SET fetched_at = excluded.fetched_at, status = excluded.status,
       text = excluded.text, lang = excluded.lang, error = excluded.error`,
  ).run(article.url, article.fetchedAt, article.status, article.status === 'ok' ? article.text ?? '' : null, article.lang, article.error);
}
