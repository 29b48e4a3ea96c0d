// Fetches one article page through the guarded feed fetcher (SSRF guard, per-host limits) with an
// HTML Accept header, its own size cap and one deadline, then decodes it and extracts its text.
import { HeraldError, asHeraldError } from '../errors.js';
import { decodeBody } from './decode-body.js';
import type { ExtractedArticle, ExtractOptions } from './extract-article.js';
import type { FetchFn } from './fetch-feed.js';

/** Browsers' Accept for a page: article URLs are HTML, whatever else the server could offer. */
export const ARTICLE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export interface FetchArticleOptions {
  /** Cap on the decoded body, in bytes. */
  maxBytes: number;
  /** Deadline for the whole fetch: queueing for the host, connecting, headers and body. */
  timeoutMs: number;
  signal?: AbortSignal;
  extract?: ExtractOptions;
}

/** How a page fetch ended; never thrown. */
export type ArticleFetchResult =
  | { status: 'ok'; url: string; article: ExtractedArticle }
  /** The page arrived but holds no article (an index, a login wall, a PDF, too little prose). */
  | { status: 'no-article'; url: string; reason: string }
  | { status: 'failed'; error: HeraldError }
  /** `signal` aborted (shutting down): nothing was learned about the page. */
  | { status: 'aborted' };

const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

/**
 * Fetches `url` and extracts its main text. Failures (blocked address, HTTP error, too large,
 * timeout) come back as `failed` with the fetcher's HeraldError; only the caller's abort is
 * `aborted`, so a deadline is never mistaken for a shutdown.
 */
export async function fetchArticle(fetch: FetchFn, url: string, options: FetchArticleOptions): Promise<ArticleFetchResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    const fetched = await fetch({ url, signal, accept: ARTICLE_ACCEPT, maxBodyBytes: options.maxBytes });
    if (fetched.status !== 'ok') {
      return failed(new HeraldError('ingest/http-status', `${url} answered 304 Not Modified to a request without validators.`, { details: { url } }));
    }
    if (fetched.contentType !== null && !HTML_TYPES.test(fetched.contentType)) {
      return { status: 'no-article', url: fetched.url, reason: `not an HTML page (${fetched.contentType})` };
    }
    // linkedom and Readability load on the first page, not with Herald: most runs never need them.
    const { extractArticle } = await import('./extract-article.js');
    const article = extractArticle(decodeBody(fetched.body, fetched.contentType).text, fetched.url, { maxBytes: options.maxBytes, ...options.extract });
    return article === null
      ? { status: 'no-article', url: fetched.url, reason: 'no article text found on the page' }
      : { status: 'ok', url: fetched.url, article };
  } catch (error) {
    if (options.signal?.aborted) return { status: 'aborted' };
    if (deadline.aborted) {
      return failed(
        new HeraldError('ingest/timeout', `The article page ${url} did not arrive within ${options.timeoutMs} ms (config key analysis.articles.timeout).`, {
          cause: error,
          retryable: true,
          details: { url, timeoutMs: options.timeoutMs },
        }),
      );
    }
    const herald = asHeraldError(error);
    if (herald.code === 'ingest/too-large') {
      // The fetcher's message names the feed limit; this request had the article limit.
      return failed(
        new HeraldError('ingest/too-large', `The article page ${url} is larger than ${options.maxBytes} bytes (config key analysis.articles.maxSize).`, {
          cause: herald,
          details: herald.details,
        }),
      );
    }
    return failed(herald);
  }
}

function failed(error: HeraldError): ArticleFetchResult {
  return { status: 'failed', error };
}
