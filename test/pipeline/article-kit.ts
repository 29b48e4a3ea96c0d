// Shared set-up for the article-page tests: the stage on a test harness, and a teaser-only feed.
import { loadTopics } from '../../src/analyze/topic-rules.js';
import type { FetchFn } from '../../src/ingest/fetch-feed.js';
import { silentLogger } from '../../src/logger.js';
import { createArticleStage, withCachedArticles, type ArticleSettings, type ArticleStage } from '../../src/pipeline/article-stage.js';
import type { Harness } from '../helpers/herald-harness.js';
import { rssFeed, type RssEntry } from '../helpers/rss.js';

export const topics = loadTopics('config/topics.yaml');

/**
 * Adds the article stage to the harness's poll deps, and wraps its analysis stage (if any) so that
 * catch-up re-applies cached pages, as createHerald does. The stage reads `harness.store` on every
 * call; after `harness.restart()`, call enableAnalysis and this again.
 */
export function enableArticles(harness: Harness, options: { fetch?: FetchFn; settings?: Partial<ArticleSettings> } = {}): ArticleStage {
  const articles = createArticleStage({
    store: {
      getItemAnalysis: (id) => harness.store.getItemAnalysis(id),
      recordAnalysis: (id, analysis) => harness.store.recordAnalysis(id, analysis),
      getArticle: (url) => harness.store.getArticle(url),
      recordArticle: (article) => harness.store.recordArticle(article),
    },
    fetch: options.fetch ?? harness.deps.fetch,
    topics,
    clock: () => harness.clock.now,
    log: silentLogger(),
    settings: { timeoutMs: 2_000, ...options.settings },
  });
  harness.deps.articles = articles;
  if (harness.deps.analysis) {
    harness.deps.analysis = withCachedArticles(harness.deps.analysis, articles, { unanalyzedItems: (limit) => harness.store.unanalyzedItems(limit) });
  }
  return articles;
}

export const COURT_TITLE = 'Court orders ISPs to block 14 piracy sites within two weeks';
/** What the feed says of the court story: a line and a "Read more". */
export const COURT_TEASER = 'A Dutch court ruled on Monday in a long-running case. Read more »';
/** The summary the teaser alone gives. */
export const TEASER_SUMMARY = 'A Dutch court ruled on Monday in a long-running case.';
/** Words only the article page has. */
export const FROM_PAGE = "five of the Netherlands' largest internet providers";

/** An RSS feed route whose entries are given relative to `now`. */
export function feedRoute(title: string, entries: readonly RssEntry[], now: Date, etag: string) {
  return { headers: { 'content-type': 'application/rss+xml', etag }, body: rssFeed(title, entries, now) };
}

export const htmlRoute = (body: string | Uint8Array, contentType = 'text/html; charset=utf-8') => ({ headers: { 'content-type': contentType }, body });
