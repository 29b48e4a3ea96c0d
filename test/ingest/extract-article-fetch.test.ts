// Fetching an article page through the guarded fetcher: HTML Accept, its own size cap and deadline,
// charset decoding, and every way it can fail coming back as a value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTICLE_ACCEPT, fetchArticle } from '../../src/ingest/fetch-article.js';
import { fakeLookup, hangRoute, useFeedServer } from '../helpers/feed-server.js';
import { useFetchers } from './fetch-test-kit.js';

const makeFetcher = useFetchers();
const serve = useFeedServer();
const court = readFileSync('test/fixtures/articles/court-ruling.html');
const japanese = readFileSync('test/fixtures/articles/japanese-shift-jis.html');
const options = { maxBytes: 2 * 1024 * 1024, timeoutMs: 5_000 };

describe('fetchArticle', () => {
  it('asks for HTML, follows the fetcher’s redirects and extracts the story', async () => {
    const server = await serve({
      '/a/1': { status: 301, headers: { location: '/articles/court-ruling' } },
      '/articles/court-ruling': { headers: { 'content-type': 'text/html; charset=utf-8' }, body: court, gzip: true },
    });
    const result = await fetchArticle(makeFetcher().fetch, server.url('/a/1'), options);
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.url).toBe(server.url('/articles/court-ruling'));
    expect(result.article.text).toContain('Judge Maria Keller wrote that blocking was a proportionate measure');
    expect(server.requests[0]?.headers['accept']).toBe(ARTICLE_ACCEPT);
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^Herald\//);
  });

  it('decodes a Shift_JIS page by its Content-Type charset', async () => {
    const server = await serve({ '/ja': { headers: { 'content-type': 'text/html; charset=Shift_JIS' }, body: japanese } });
    const result = await fetchArticle(makeFetcher().fetch, server.url('/ja'), options);
    expect(result.status === 'ok' && result.article.text).toContain('懲役3年の実刑判決を言い渡した。');
  });

  it('answers no-article for a page that is not HTML or holds no story', async () => {
    const server = await serve({
      '/report.pdf': { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7 ...' },
      '/law': { headers: { 'content-type': 'text/html' }, body: readFileSync('test/fixtures/articles/section-index.html') },
    });
    const fetcher = makeFetcher();
    expect(await fetchArticle(fetcher.fetch, server.url('/report.pdf'), options)).toMatchObject({ status: 'no-article', reason: 'not an HTML page (application/pdf)' });
    expect(await fetchArticle(fetcher.fetch, server.url('/law'), options)).toMatchObject({ status: 'no-article', reason: 'no article text found on the page' });
  });

  it('answers failed with the HTTP status for a 404', async () => {
    const server = await serve({});
    const result = await fetchArticle(makeFetcher().fetch, server.url('/gone'), options);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'ingest/http-status', details: { status: 404 } } });
  });

  it('stops reading past its own size cap, below the feed cap, and names the article setting', async () => {
    const padding = `<!-- ${'x'.repeat(200_000)} -->`;
    const server = await serve({
      '/declared': { headers: { 'content-type': 'text/html' }, body: `${padding}${court}` },
      '/chunked': { headers: { 'content-type': 'text/html' }, body: `${padding}${court}`, chunked: true },
    });
    const fetcher = makeFetcher({ maxBodyBytes: 5 * 1024 * 1024 });
    for (const path of ['/declared', '/chunked']) {
      const result = await fetchArticle(fetcher.fetch, server.url(path), { ...options, maxBytes: 100_000 });
      expect(result.status).toBe('failed');
      if (result.status !== 'failed') continue;
      expect(result.error.code).toBe('ingest/too-large');
      expect(result.error.message).toContain('analysis.articles.maxSize');
    }
    // The same fetcher still reads feeds up to its own cap.
    const feed = await fetcher.fetch({ url: server.url('/declared') });
    expect(feed.status === 'ok' && feed.body.byteLength).toBeGreaterThan(200_000);
  });

  it('gives up on a page that does not arrive within its deadline, as a timeout', async () => {
    const server = await serve({ '/slow': hangRoute() });
    const result = await fetchArticle(makeFetcher().fetch, server.url('/slow'), { ...options, timeoutMs: 200 });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'ingest/timeout', retryable: true } });
    expect(result.status === 'failed' && result.error.message).toContain('analysis.articles.timeout');
  });

  it('answers aborted, not failed, when the caller stops', async () => {
    const stop = new AbortController();
    const server = await serve({
      '/slow': (_req, res) => {
        stop.abort();
        res.on('close', () => undefined);
      },
    });
    const result = await fetchArticle(makeFetcher().fetch, server.url('/slow'), { ...options, signal: stop.signal });
    expect(result).toEqual({ status: 'aborted' });
  });

  it('is refused by the SSRF guard when the page’s host resolves to a private address', async () => {
    const server = await serve({ '/article': { headers: { 'content-type': 'text/html' }, body: court } });
    const fetcher = makeFetcher({ allowPrivateNetworks: false, lookup: fakeLookup({ 'news.example': '127.0.0.1' }) });
    const result = await fetchArticle(fetcher.fetch, `http://news.example:${server.port}/article`, options);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'ingest/blocked-address' } });
    expect(server.requests).toHaveLength(0);
  });
});
