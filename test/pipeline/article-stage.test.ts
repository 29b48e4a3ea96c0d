// Article pages in the poll cycle: a teaser-only item on a topic gets its page fetched once and its
// summary from the page; failures, other items and shutdowns leave the teaser's analysis alone.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../src/ingest/fetch-feed.js';
import { fakeLookup, hangRoute, useFeedServer } from '../helpers/feed-server.js';
import { advance, createHarness, enableAnalysis, type Harness } from '../helpers/herald-harness.js';
import { COURT_TEASER, COURT_TITLE, FROM_PAGE, TEASER_SUMMARY, enableArticles, feedRoute, htmlRoute } from './article-kit.js';

const serve = useFeedServer();
let harness: Harness | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const court = readFileSync('test/fixtures/articles/court-ruling.html');
const PAGE = '/news/court-ruling';
const HOUR = 3_600_000;

function start(): Harness {
  harness = createHarness(new Date('2026-03-02T12:00:00Z'), undefined, { analysis: true });
  return harness;
}

const analysisOf = (h: Harness, guid: string) => {
  const item = h.store.listItems({ limit: 100 }).find((candidate) => candidate.guid === guid);
  return item ? h.store.getItemAnalysis(item.id) : null;
};
const pageRequests = (requests: ReadonlyArray<{ path: string }>, path = PAGE) => requests.filter((r) => r.path === path).length;

describe('article pages for teaser-only items', () => {
  it('summarises a teaser-only item on a topic from its article page', async () => {
    const h = start();
    enableArticles(h);
    const server = await serve({ [PAGE]: htmlRoute(court) });
    server.route('/feed.xml', feedRoute('Ledger', [{ guid: 'c1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 1, link: server.url(PAGE) }], h.clock.now, '"1"'));
    h.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 900, now: h.clock.now });

    const summary = await h.cycle();
    expect(summary.updated).toBe(1);
    const analysis = analysisOf(h, 'c1');
    expect(analysis?.topics).toEqual(['copyright-law']);
    // Only the page says this; the feed never did.
    expect(analysis?.summary).toContain(FROM_PAGE);
    expect(analysis?.summary?.length).toBeLessThanOrEqual(320);
    expect(h.store.getArticle(server.url(PAGE))).toMatchObject({ status: 'ok', lang: 'en-GB', error: null });
    expect(h.store.getArticle(server.url(PAGE))?.text).toContain('Judge Maria Keller');
  });

  it('fetches a page once: across polls, an edit, a second feed linking it, a restart and a re-analysis', async () => {
    const h = start();
    enableArticles(h);
    const server = await serve({ [PAGE]: htmlRoute(court) });
    const link = server.url(PAGE);
    const entry = { guid: 'c1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 1, link };
    server.route('/a.xml', feedRoute('Ledger', [entry], h.clock.now, '"a1"'));
    server.route('/b.xml', feedRoute('Wire', [{ ...entry, guid: 'w1', body: 'Dutch ISPs must block piracy sites, a court said.' }], h.clock.now, '"b1"'));
    h.store.addFeed({ url: server.url('/a.xml'), intervalSeconds: 300, now: h.clock.now });
    h.store.addFeed({ url: server.url('/b.xml'), intervalSeconds: 300, now: h.clock.now });
    await h.cycle(); // both feeds at once, both items linking the same page
    expect(pageRequests(server.requests)).toBe(1);
    expect(analysisOf(h, 'w1')?.summary).toContain(FROM_PAGE);

    advance(h, 10 * 60_000);
    await h.cycle(); // 304s
    server.route('/a.xml', feedRoute('Ledger', [{ ...entry, body: `${COURT_TEASER} Updated.` }], h.clock.now, '"a2"'));
    advance(h, 10 * 60_000);
    const edited = await h.cycle();
    expect(edited.reports.find((r) => r.feed.url.endsWith('/a.xml'))?.updatedCount).toBe(1);
    expect(analysisOf(h, 'c1')?.summary).toContain(FROM_PAGE); // re-analysed on the edit, page from the cache

    h.restart();
    enableAnalysis(h);
    enableArticles(h);
    h.store.markForReanalysis(null);
    // Through the catch-up the poll cycle starts with (and `herald reanalyze` uses).
    advance(h, 10 * 60_000);
    await h.cycle();
    expect(analysisOf(h, 'c1')?.summary).toContain(FROM_PAGE);
    expect(pageRequests(server.requests)).toBe(1);
  });

  it.each([
    ['a 404', () => ({ status: 404, body: 'not found' }), 'ingest/http-status'],
    ['an oversized page', () => htmlRoute(`<!-- ${'x'.repeat(300_000)} -->${court.toString()}`), 'ingest/too-large'],
    ['a page that never arrives', () => hangRoute(), 'ingest/timeout'],
  ] as const)('keeps the teaser summary and the poll succeeds on %s', async (_name, route, code) => {
    const h = start();
    enableArticles(h, { settings: { maxBytes: 100_000, timeoutMs: 300 } });
    const server = await serve({ [PAGE]: route() });
    server.route('/feed.xml', feedRoute('Ledger', [{ guid: 'c1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 1, link: server.url(PAGE) }], h.clock.now, '"1"'));
    const feed = h.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 900, now: h.clock.now }).feed;

    const summary = await h.cycle();
    expect(summary.reports[0]).toMatchObject({ outcome: 'updated', error: null });
    expect(h.store.getFeed(feed.id)?.health.consecutiveFailures).toBe(0);
    const analysis = analysisOf(h, 'c1');
    expect(analysis?.topics).toEqual(['copyright-law']);
    expect(analysis?.summary).toBe(TEASER_SUMMARY);
    expect(h.store.getArticle(server.url(PAGE))).toMatchObject({ status: 'failed', text: null });
    expect(h.store.getArticle(server.url(PAGE))?.error).toMatch(new RegExp(`^${code}: `));
  });

  it('retries a failed page only after six hours, and then uses it', async () => {
    const h = start();
    enableArticles(h);
    const server = await serve({ [PAGE]: { status: 503, body: 'busy' } });
    const feed = (etag: string, body: string) =>
      feedRoute('Ledger', [{ guid: 'c1', title: COURT_TITLE, body, hoursAgo: 1, link: server.url(PAGE) }], h.clock.now, etag);
    server.route('/feed.xml', feed('"1"', COURT_TEASER));
    h.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 300, now: h.clock.now });
    await h.cycle();
    expect(pageRequests(server.requests)).toBe(1);

    server.route(PAGE, htmlRoute(court));
    server.route('/feed.xml', feed('"2"', `${COURT_TEASER} (1)`));
    advance(h, 2 * HOUR);
    await h.cycle(); // the item changed, but the page failed 2 h ago: not asked again
    expect(pageRequests(server.requests)).toBe(1);
    expect(analysisOf(h, 'c1')?.summary).toBe(TEASER_SUMMARY);

    server.route('/feed.xml', feed('"3"', `${COURT_TEASER} (2)`));
    advance(h, 5 * HOUR);
    await h.cycle();
    expect(pageRequests(server.requests)).toBe(2);
    expect(analysisOf(h, 'c1')?.summary).toContain(FROM_PAGE);
    expect(h.store.getArticle(server.url(PAGE))?.status).toBe('ok');
  });

  it('never fetches the page of an item on no topic, one whose feed gives the full text, or one that is history', async () => {
    const h = start();
    enableArticles(h);
    const server = await serve({ '/sports': htmlRoute(court), '/full': htmlRoute(court), '/old': htmlRoute(court) });
    const fullText = 'The Hague District Court has ordered five internet providers to block access to 14 piracy sites. '.repeat(6);
    server.route(
      '/feed.xml',
      feedRoute('Mixed', [
        { guid: 's1', title: 'Pirates beat Cubs in 11 innings', body: 'Pittsburgh rallied late. Read more »', hoursAgo: 1, link: server.url('/sports') },
        { guid: 'f1', title: COURT_TITLE, body: fullText, hoursAgo: 2, link: server.url('/full') },
        // Two days old on the feed's first poll: stored as history, never alerted.
        { guid: 'o1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 48, link: server.url('/old') },
      ], h.clock.now, '"1"'),
    );
    h.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 900, now: h.clock.now });
    await h.cycle();
    expect(analysisOf(h, 's1')).toMatchObject({ topics: [], summary: null });
    expect(analysisOf(h, 'f1')?.topics).toEqual(['copyright-law']);
    expect(analysisOf(h, 'o1')).toMatchObject({ topics: ['copyright-law'], summary: TEASER_SUMMARY });
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml']);
    expect(h.store.getArticle(server.url('/sports'))).toBeNull();
  });

  it('lets the SSRF guard refuse an article link to a private address when private networks are not allowed', async () => {
    const h = start();
    const server = await serve({ '/internal/secret': htmlRoute(court) });
    // The feed's host is explicitly allowed; the page's host resolves to loopback and is not.
    const guarded = createHttpFetcher({
      userAgent: 'Herald/test (+https://herald.test)',
      connectTimeoutMs: 2_000,
      headersTimeoutMs: 2_000,
      bodyTimeoutMs: 3_000,
      maxBodyBytes: 5 * 1024 * 1024,
      maxRedirects: 5,
      allowPrivateNetworks: false,
      allowedHosts: ['localhost'],
      lookup: fakeLookup({ localhost: '127.0.0.1', 'intranet.example': '127.0.0.1' }),
      concurrency: 8,
      perHostConcurrency: 2,
    });
    cleanups.push(() => guarded.close());
    h.deps.fetch = guarded.fetch;
    enableArticles(h, { fetch: guarded.fetch });
    const link = `http://intranet.example:${server.port}/internal/secret`;
    server.route('/feed.xml', feedRoute('Ledger', [{ guid: 'c1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 1, link }], h.clock.now, '"1"'));
    h.store.addFeed({ url: server.url('/feed.xml', 'localhost'), intervalSeconds: 900, now: h.clock.now });

    const summary = await h.cycle();
    expect(summary.updated).toBe(1);
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml']);
    expect(h.store.getArticle(link)?.error).toMatch(/^ingest\/blocked-address: /);
    expect(analysisOf(h, 'c1')?.summary).toBe(TEASER_SUMMARY);
  });

  it('fetches no more pages at once than analysis.articles.concurrency', async () => {
    const h = start();
    enableArticles(h, { settings: { concurrency: 1 } });
    let active = 0;
    let most = 0;
    const server = await serve({});
    const pages = [1, 2, 3, 4];
    for (const n of pages) {
      server.route(`/news/${n}`, (_req, res) => {
        active++;
        most = Math.max(most, active);
        setTimeout(() => {
          active--;
          res.writeHead(200, { 'content-type': 'text/html' }).end(court);
        }, 20);
      });
    }
    server.route(
      '/feed.xml',
      feedRoute('Ledger', pages.map((n) => ({ guid: `c${n}`, title: `${COURT_TITLE} (${n})`, body: COURT_TEASER, hoursAgo: n, link: server.url(`/news/${n}`) })), h.clock.now, '"1"'),
    );
    h.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 900, now: h.clock.now });
    await h.cycle();
    expect(pages.map((n) => pageRequests(server.requests, `/news/${n}`))).toEqual([1, 1, 1, 1]);
    expect(most).toBe(1);
    expect(pages.every((n) => analysisOf(h, `c${n}`)?.summary?.includes(FROM_PAGE))).toBe(true);
  });

  it('stops on shutdown without recording the page, so the next run fetches it', async () => {
    const h = start();
    enableArticles(h);
    const stop = new AbortController();
    const server = await serve({
      [PAGE]: (_req, _res) => {
        stop.abort(); // stop() arrives while the page is on its way
      },
    });
    server.route('/feed.xml', feedRoute('Ledger', [{ guid: 'c1', title: COURT_TITLE, body: COURT_TEASER, hoursAgo: 1, link: server.url(PAGE) }], h.clock.now, '"1"'));
    h.store.addFeed({ url: server.url('/feed.xml'), intervalSeconds: 900, now: h.clock.now });

    const summary = await h.cycle({ signal: stop.signal });
    expect(summary.updated).toBe(1);
    expect(analysisOf(h, 'c1')?.summary).toBe(TEASER_SUMMARY);
    expect(h.store.getArticle(server.url(PAGE))).toBeNull();
  });
});
