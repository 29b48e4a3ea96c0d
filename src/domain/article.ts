// Article pages fetched for items whose feed gave only a teaser, as the article cache keeps them.

/** `ok`: text extracted; `no-article`: the page holds none (kept for good); `failed`: retried later. */
export type ArticleStatus = 'ok' | 'failed' | 'no-article';

/** One page in the article cache, keyed by the item's canonical URL. */
export interface CachedArticle {
  url: string;
  /** ISO 8601 UTC time of the fetch (or of the failure). */
  fetchedAt: string;
  status: ArticleStatus;
  /** The page's main text, paragraphs separated by blank lines; null unless `ok`. */
  text: string | null;
  /** The page's declared language, if any. */
  lang: string | null;
  /** Why the page failed or holds no article ("ingest/http-status: … answered HTTP 404"). */
  error: string | null;
}
