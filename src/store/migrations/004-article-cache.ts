// Migration 004: the article cache, the pages fetched for items whose feed gave only a teaser.

/**
 * Keyed by the item's canonical URL, so one page linked from several feeds, re-analysed or met
 * again after a restart is fetched once. `failed` rows are retried after a delay the pipeline
 * chooses (`fetched_at` tells when); `ok` and `no-article` rows are kept. Not tied to `items`:
 * a page outlives the feed that first linked it.
 */
export const sql = `
CREATE TABLE article_cache (
  url TEXT PRIMARY KEY,
  fetched_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'no-article')),
  text TEXT,
  lang TEXT,
  error TEXT,
  CHECK ((status = 'ok') = (text IS NOT NULL))
) STRICT;
`;
