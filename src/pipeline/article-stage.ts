// After analysis: items that matched a topic but whose feed gave only a teaser get their article
// page fetched (once per URL, cached), and their topics and summary recomputed from its text.
import type { Logger } from 'pino';
import { classify } from '../analyze/classify.js';
import { summarize } from '../analyze/summarize.js';
import type { CompiledTopics } from '../analyze/topic-rules.js';
import type { CachedArticle, ItemAnalysis, StoredItem } from '../domain/index.js';
import { redactCredentials } from '../ingest/canonical-url.js';
import { readingLength } from '../ingest/reading-length.js';
import { fetchArticle } from '../ingest/fetch-article.js';
import type { FetchFn } from '../ingest/fetch-feed.js';
import { createHostLimiter } from '../ingest/host-limiter.js';
import type { AnalysisStage, AnalysisStore } from './analyze-stage.js';

/** Storage as the article step sees it. */
export interface ArticleStore {
  getItemAnalysis(itemId: number): ItemAnalysis | null;
  recordAnalysis(itemId: number, analysis: ItemAnalysis): void;
  getArticle(url: string): CachedArticle | null;
  recordArticle(article: CachedArticle): void;
}

export interface ArticleSettings {
  /** Article pages being fetched at once, across all feeds. */
  concurrency: number;
  /** Cap on a page's decoded size, in bytes. */
  maxBytes: number;
  /** Deadline for one page, queueing included. */
  timeoutMs: number;
  /** A failed page is not asked for again before this long. */
  retryFailedAfterMs: number;
  /** An item's own text shorter than this (after its title; CJK counts double) is a teaser. */
  teaserChars: number;
}

export const ARTICLE_DEFAULTS = {
  concurrency: 2,
  maxBytes: 2 * 1024 * 1024,
  timeoutMs: 15_000,
  retryFailedAfterMs: 6 * 3_600_000,
  teaserChars: 400,
} as const satisfies ArticleSettings;

export interface ArticleStageDeps {
  store: ArticleStore;
  /** The guarded feed fetcher: the SSRF guard and per-host limits apply to pages too. */
  fetch: FetchFn;
  /**
   * The fetcher for one item's page when it is not `fetch`: pages linked from feeds a chat
   * workspace added always go through the strict guard, whatever the operator allows for the catalogue.
   */
  fetchFor?: (item: StoredItem) => FetchFn;
  topics: CompiledTopics;
  clock: () => Date;
  log: Logger;
  settings?: Partial<ArticleSettings>;
}

/** What one `enrich` call did, for logs and tests. */
export interface ArticleReport {
  /** Items that matched a topic on a teaser and link to a web page. */
  candidates: number;
  /** Pages requested from the network. */
  fetched: number;
  /** Items whose analysis now uses their page's text. */
  enriched: number;
  /** Items whose page failed now or recently (their teaser analysis stands). */
  failed: number;
}

export interface ArticleStage {
  /**
   * For fresh analysed items that matched a topic on a teaser: reads their article page from the
   * cache or fetches it, then stores topics and summary recomputed from it. Never throws; a page that
   * fails leaves the item's analysis as it was. Stops starting fetches when `signal` aborts.
   */
  enrich(items: readonly StoredItem[], signal?: AbortSignal): Promise<ArticleReport>;
  /** The same from the cache only, synchronously and without fetching; returns how many items were enriched. */
  applyCached(items: readonly StoredItem[]): number;
}

/** Builds the stage; one per process, so its concurrency limit and in-flight table are shared by every feed. */
export function createArticleStage(deps: ArticleStageDeps): ArticleStage {
  const settings: ArticleSettings = { ...ARTICLE_DEFAULTS, ...deps.settings };
  // One host key: the limit is on the stage's total, the fetcher already limits each host.
  const limiter = createHostLimiter({ concurrency: settings.concurrency, perHostConcurrency: settings.concurrency });
  // Two feeds polled at once can link the same page: the second waits for the first's fetch.
  const inFlight = new Map<string, Promise<CachedArticle | null>>();

  /** The page from the cache, or fetched and cached; null when skipped (failed recently, aborted). */
  const pageFor = async (url: string, fetch: FetchFn, report: ArticleReport, signal: AbortSignal | undefined): Promise<CachedArticle | null> => {
    const cached = deps.store.getArticle(url);
    if (cached && !isStale(cached, deps.clock(), settings)) return cached;
    let pending = inFlight.get(url);
    if (!pending) {
      pending = fetchAndRecord(url, fetch, report, signal).finally(() => inFlight.delete(url));
      inFlight.set(url, pending);
    }
    return pending;
  };

  const fetchAndRecord = async (url: string, fetch: FetchFn, report: ArticleReport, signal: AbortSignal | undefined): Promise<CachedArticle | null> => {
    let release: () => void;
    try {
      release = await limiter.acquire('articles', signal);
    } catch {
      return null; // aborted while waiting for a slot
    }
    try {
      report.fetched++;
      const result = await fetchArticle(fetch, url, { maxBytes: settings.maxBytes, timeoutMs: settings.timeoutMs, ...(signal ? { signal } : {}) });
      // Shutting down says nothing about the page: record nothing, so the next run tries again.
      if (result.status === 'aborted') return null;
      const base = { url, fetchedAt: deps.clock().toISOString(), lang: null, text: null, error: null };
      const page: CachedArticle =
        result.status === 'ok'
          ? { ...base, status: 'ok', text: result.article.text, lang: result.article.lang }
          : result.status === 'no-article'
            ? { ...base, status: 'no-article', error: result.reason }
            : { ...base, status: 'failed', error: `${result.error.code}: ${result.error.message}` };
      deps.store.recordArticle(page);
      if (result.status === 'failed') {
        const { code, message } = result.error;
        deps.log.warn({ url: redactCredentials(url), code, error: message, retryInMs: settings.retryFailedAfterMs }, "could not fetch an article page; the teaser's analysis stands");
      } else if (result.status === 'no-article') {
        deps.log.debug({ url: redactCredentials(url), reason: result.reason }, 'article page holds no article');
      }
      return page;
    } finally {
      release();
    }
  };

  const apply = (item: StoredItem, analysis: ItemAnalysis, page: CachedArticle): boolean => {
    if (page.status !== 'ok' || page.text === null) return false;
    deps.store.recordAnalysis(item.id, analysisWithArticle(item, analysis, page, deps.topics, deps.clock()));
    return true;
  };

  return {
    async enrich(items, signal) {
      const report: ArticleReport = { candidates: 0, fetched: 0, enriched: 0, failed: 0 };
      const work: Promise<void>[] = [];
      for (const item of items) {
        if (signal?.aborted) break;
        // History (a new feed's back catalogue, old re-listed posts) never alerts: its teaser will
        // do, and a feed added with fifty of them must not cost fifty page fetches.
        if (!item.fresh) continue;
        const analysis = safely(deps.log, item, () => deps.store.getItemAnalysis(item.id));
        if (!analysis || !needsArticle(item, analysis, settings.teaserChars)) continue;
        const url = item.url as string;
        report.candidates++;
        work.push(
          pageFor(url, deps.fetchFor?.(item) ?? deps.fetch, report, signal)
            .then((page) => {
              if (page === null || signal?.aborted) return;
              if (page.status === 'failed') report.failed++;
              // Re-read: the analysis may have changed while the page was on its way.
              const current = deps.store.getItemAnalysis(item.id);
              if (current && apply(item, current, page)) report.enriched++;
            })
            .catch((error: unknown) => {
              // A store failure here loses only the improvement: the teaser's analysis is stored.
              deps.log.error({ err: error, itemId: item.id, url: redactCredentials(url) }, 'could not use the article page of this item');
            }),
        );
      }
      await Promise.all(work);
      if (report.candidates > 0) deps.log.debug({ ...report }, 'article pages');
      return report;
    },

    applyCached(items) {
      let enriched = 0;
      for (const item of items) {
        safely(deps.log, item, () => {
          const analysis = deps.store.getItemAnalysis(item.id);
          if (!analysis || !needsArticle(item, analysis, settings.teaserChars)) return;
          const page = deps.store.getArticle(item.url as string);
          if (page && apply(item, analysis, page)) enriched++;
        });
      }
      return enriched;
    },
  };
}

/**
 * The analysis stage with cached article pages re-applied to the items it catches up on (after
 * `herald reanalyze` or a crash), so re-analysing never falls back to the teaser and never fetches.
 */
export function withCachedArticles(analysis: AnalysisStage, articles: ArticleStage, store: Pick<AnalysisStore, 'unanalyzedItems'>): AnalysisStage {
  return {
    analyze: (items) => analysis.analyze(items),
    catchUp(limit) {
      const items = store.unanalyzedItems(limit);
      const done = analysis.analyze(items);
      articles.applyCached(items);
      return done;
    },
  };
}

/** Whether an analysed item deserves its article page: on a topic, a web link, and only a teaser of its own. */
export function needsArticle(item: StoredItem, analysis: ItemAnalysis, teaserChars: number = ARTICLE_DEFAULTS.teaserChars): boolean {
  return analysis.topics.length > 0 && item.url !== null && /^https?:\/\//i.test(item.url) && isTeaser(item, teaserChars);
}

// What feeds append to a teaser: "Read more »", "[…]", "Continue reading →", WordPress's "The post … appeared first on …".
const MAX_TAIL_CHARS = 600;
const TEASER_TAILS = /(\s*(\[(…|\.\.\.)\]|…|\.\.\.|(read more|continue reading|read the full (story|article))\s*(»|→|\.\.\.|…)?|続きを読む|the post .{1,300} appeared first on .{1,200}))+\s*$/i;

/**
 * True when the item's text says little beyond its title: under `teaserChars` characters once the
 * title (often repeated as the first line) and "Read more" tails are taken off.
 */
export function isTeaser(item: Pick<StoredItem, 'title' | 'text'>, teaserChars: number = ARTICLE_DEFAULTS.teaserChars): boolean {
  let text = item.text.trim();
  const title = item.title.trim();
  if (title !== '' && text.slice(0, title.length).toLowerCase() === title.toLowerCase()) text = text.slice(title.length);
  const length = readingLength(text);
  if (length < teaserChars) return true;
  // No tail is this long; full-text items (most of them) never reach the regular expression.
  if (length >= teaserChars + MAX_TAIL_CHARS) return false;
  return readingLength(text.replace(TEASER_TAILS, '').trim()) < teaserChars;
}

/**
 * The item's analysis redone with its article page's text. Topics are the union of the teaser's
 * and the page's: the page can reveal a topic the teaser only hinted at, but a topic the title and
 * teaser earned is never dropped because the page's lead reads differently (that would silently
 * lose an alert). Each topic keeps the higher score and that score's evidence. The summary comes
 * from the page unless the page yields nothing usable in the item's language (summarize then
 * falls back to the title), in which case the teaser's summary stays. The story is kept.
 */
export function analysisWithArticle(item: StoredItem, analysis: ItemAnalysis, page: CachedArticle, topics: CompiledTopics, now: Date): ItemAnalysis {
  const text = page.text ?? '';
  const lang = analysis.lang ?? page.lang;
  const fromPage = classify({ title: item.title, text, lang }, topics);
  const scores = { ...analysis.scores };
  const evidence = { ...analysis.evidence };
  for (const [topic, score] of Object.entries(fromPage.scores)) {
    if (score > (scores[topic] ?? Number.NEGATIVE_INFINITY)) {
      scores[topic] = score;
      evidence[topic] = fromPage.evidence[topic] ?? [];
    }
  }
  const known = topics.topics.map((topic) => topic.name);
  // Rule-file order, as classify gives them; a stored topic the rules no longer have stays at the end.
  const matched = [...known.filter((name) => analysis.topics.includes(name) || fromPage.topics.includes(name)), ...analysis.topics.filter((name) => !known.includes(name))];
  const summary = summarize({ title: item.title, text, lang });
  const usable = normalise(summary) !== normalise(item.title);
  return {
    ...analysis,
    topics: matched,
    scores,
    evidence,
    summary: usable ? summary : analysis.summary,
    analyzedAt: now.toISOString(),
  };
}

function isStale(page: CachedArticle, now: Date, settings: ArticleSettings): boolean {
  return page.status === 'failed' && now.getTime() - Date.parse(page.fetchedAt) >= settings.retryFailedAfterMs;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function safely<T>(log: Logger, item: StoredItem, read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    log.error({ err: error, itemId: item.id }, 'could not use the article page of this item');
    return undefined;
  }
}
