import { afterEach, describe, expect, it } from 'vitest';
import { feedStatus } from '../../src/domain/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runPollCycle } from '../../src/pipeline/poll-cycle.js';
import { advance, createHarness, type Harness } from '../helpers/herald-harness.js';
import { rssFeed, type RssEntry } from '../helpers/rss.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
let server: FeedServer | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

function rssRoute(body: string, etag = '"v1"') {
  return { headers: { 'content-type': 'application/rss+xml; charset=utf-8', etag }, body };
}

function add(h: Harness, url: string, intervalSeconds = 900): number {
  return h.store.addFeed({ url, intervalSeconds, now: h.clock.now }).feed.id;
}

const seven: RssEntry[] = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ guid: `g${n}`, title: `Story ${n}`, hoursAgo: n * 2 }));

describe('poll cycle', () => {
  it('stores a feed, marks only recent items fresh on the first poll, and isolates broken feeds', async () => {
    harness = createHarness();
    const now = harness.clock.now;
    server = await startFeedServer({
      '/good.xml': rssRoute(rssFeed('Good News', [...seven, { guid: 'old', title: 'Old story', hoursAgo: 72 }], now)),
      '/broken.xml': { status: 500, body: 'oops' },
      '/page.html': { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><head><title>Blog</title></head><body>hi</body></html>' },
      '/garbage.xml': { headers: { 'content-type': 'application/xml' }, body: '<rss version="2.0"><channel><title>x</title><item><title>unterminated' },
    });
    const good = add(harness, server.url('/good.xml'));
    const broken = add(harness, server.url('/broken.xml'));
    const page = add(harness, server.url('/page.html'));
    add(harness, server.url('/garbage.xml'));

    const summary = await harness.cycle();

    expect(summary.feeds).toBe(4);
    const goodReport = summary.reports.find((r) => r.feed.id === good);
    expect(goodReport?.outcome).toBe('updated');
    expect(goodReport?.insertedCount).toBe(8);
    // Seven items are within 24 h but the flood guard keeps the five newest.
    const fresh = goodReport?.fresh.map((i) => i.title).sort();
    expect(fresh).toEqual(['Story 1', 'Story 2', 'Story 3', 'Story 4', 'Story 5']);
    expect(harness.store.getFeed(good)?.title).toBe('Good News');

    const brokenFeed = harness.store.getFeed(broken);
    expect(brokenFeed && feedStatus(brokenFeed)).toBe('failing');
    expect(brokenFeed?.health.lastErrorCode).toBe('ingest/http-status');
    expect(brokenFeed?.nextPollAt).toBe(new Date(now.getTime() + 5 * MIN).toISOString());
    expect(harness.store.getFeed(page)?.health.lastErrorCode).toBe('ingest/not-a-feed');
    expect(harness.store.countItems()).toBeGreaterThanOrEqual(8);
  });

  it('polls politely: conditional GET on the next poll, and only when due', async () => {
    harness = createHarness();
    server = await startFeedServer({ '/feed.xml': rssRoute(rssFeed('Feed', seven, harness.clock.now)) });
    add(harness, server.url('/feed.xml'));
    await harness.cycle();
    expect(server.requests).toHaveLength(1);

    advance(harness, 5 * MIN);
    expect((await harness.cycle()).feeds).toBe(0); // not due yet (15 min interval)
    expect(server.requests).toHaveLength(1);

    advance(harness, 11 * MIN);
    const second = await harness.cycle();
    expect(second.notModified).toBe(1);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
    expect(harness.store.countItems()).toBe(7);
  });

  it('marks genuinely new items fresh later, and updates edited items without re-alerting', async () => {
    harness = createHarness();
    const start = harness.clock.now;
    server = await startFeedServer({ '/feed.xml': rssRoute(rssFeed('Feed', seven, start)) });
    const id = add(harness, server.url('/feed.xml'));
    await harness.cycle();

    advance(harness, 20 * MIN);
    const edited = seven.map((e) => (e.guid === 'g1' ? { ...e, title: 'Story 1 (corrected)' } : e));
    server.route('/feed.xml', rssRoute(rssFeed('Feed', [{ guid: 'g0', title: 'Breaking', hoursAgo: 0 }, ...edited], harness.clock.now), '"v2"'));
    const summary = await harness.cycle();

    const report = summary.reports[0];
    expect(report?.fresh.map((i) => i.title)).toEqual(['Breaking']);
    expect([report?.insertedCount, report?.updatedCount]).toEqual([1, 1]);
    const items = harness.store.listItems({ feedId: id, limit: 100 });
    expect(items).toHaveLength(8);
    const corrected = items.find((i) => i.guid === 'g1');
    expect([corrected?.title, corrected?.revision, corrected?.fresh]).toEqual(['Story 1 (corrected)', 1, true]);
  });

  it('keeps item identity when a guid stops or starts being shared by two entries', async () => {
    harness = createHarness();
    const a = { guid: 'same', title: 'Story A', hoursAgo: 1, link: 'https://news.example/a' };
    const b = { guid: 'same', title: 'Story B', hoursAgo: 2, link: 'https://news.example/b' };
    server = await startFeedServer({ '/feed.xml': rssRoute(rssFeed('Feed', [a, b], harness.clock.now), '"1"') });
    const id = add(harness, server.url('/feed.xml'));
    await harness.cycle();

    // A drops out of the feed; B's guid is now unique, but B is the same article.
    advance(harness, 20 * MIN);
    server.route('/feed.xml', rssRoute(rssFeed('Feed', [b], harness.clock.now), '"2"'));
    expect((await harness.cycle()).inserted).toBe(0);

    // And back: C shares the guid again; B keeps its row and C is the only new item.
    advance(harness, 20 * MIN);
    const c = { guid: 'same', title: 'Story C', hoursAgo: 0, link: 'https://news.example/c' };
    server.route('/feed.xml', rssRoute(rssFeed('Feed', [c, b], harness.clock.now), '"3"'));
    const third = await harness.cycle();
    expect(third.reports[0]?.fresh.map((i) => i.title)).toEqual(['Story C']);
    expect(harness.store.listItems({ feedId: id, limit: 10 }).map((i) => i.title).sort()).toEqual(['Story A', 'Story B', 'Story C']);
  });

  it('backs off a failing feed, disables it after a long run of failures, and resets when it recovers', async () => {
    harness = createHarness();
    server = await startFeedServer({ '/flaky.xml': { status: 503, headers: { 'retry-after': '600' } } });
    const id = add(harness, server.url('/flaky.xml'));

    await harness.cycle();
    let feed = harness.store.getFeed(id);
    expect(feed?.health.consecutiveFailures).toBe(1);
    // Retry-After (10 min) beats the first backoff step (5 min).
    expect(feed?.nextPollAt).toBe(new Date(harness.clock.now.getTime() + 10 * MIN).toISOString());

    server.route('/flaky.xml', { status: 500 });
    for (let i = 0; i < 3; i++) {
      advance(harness, 2 * HOUR);
      await harness.cycle();
    }
    feed = harness.store.getFeed(id);
    // Three failures spanning over an hour (the test's threshold) disable it; the fourth poll never happens.
    expect(feed?.health.consecutiveFailures).toBe(3);
    expect(feed && feedStatus(feed)).toBe('disabled');
    expect(feed?.health.disabledReason).toMatch(/failed 3 times in a row/);

    advance(harness, 2 * HOUR);
    expect((await harness.cycle()).feeds).toBe(0); // disabled feeds are not polled

    server.route('/flaky.xml', rssRoute(rssFeed('Back', seven, harness.clock.now)));
    harness.store.enableFeed(id, harness.clock.now);
    await harness.cycle();
    feed = harness.store.getFeed(id);
    expect(feed && feedStatus(feed)).toBe('ok');
    expect(feed?.health.consecutiveFailures).toBe(0);
  });

  it('disables a feed at once when the server says it is gone (410)', async () => {
    harness = createHarness();
    server = await startFeedServer({ '/gone.xml': { status: 410 } });
    const id = add(harness, server.url('/gone.xml'));
    await harness.cycle();
    expect(harness.store.getFeed(id)?.health.disabledReason).toMatch(/410/);
  });

  it('records the new URL of a permanently moved feed, and the catalogue still knows it', async () => {
    harness = createHarness();
    server = await startFeedServer({
      '/old.xml': { status: 301, headers: { location: '/new.xml' } },
      '/new.xml': rssRoute(rssFeed('Moved', seven, harness.clock.now)),
    });
    const catalogue = [{ url: server.url('/old.xml'), title: null, intervalSeconds: 900 }];
    harness.store.syncCatalogue(catalogue, harness.clock.now);
    await harness.cycle();
    const [feed] = harness.store.listFeeds();
    expect(feed?.url).toBe(server.url('/new.xml'));
    // The next start syncs feeds.yaml, which still lists the old URL: no second feed appears.
    expect(harness.store.syncCatalogue(catalogue, harness.clock.now).added).toBe(0);
    expect(harness.store.listFeeds()).toHaveLength(1);
  });

  it("keeps the feed's own <ttl> for polls that end in 304", async () => {
    harness = createHarness();
    server = await startFeedServer({ '/feed.xml': rssRoute(rssFeed('Slow feed', seven, harness.clock.now, '<ttl>60</ttl>')) });
    const id = add(harness, server.url('/feed.xml'));
    await harness.cycle();
    expect(harness.store.getFeed(id)?.nextPollAt).toBe(new Date(harness.clock.now.getTime() + 60 * MIN).toISOString());
    advance(harness, 61 * MIN);
    expect((await harness.cycle()).notModified).toBe(1);
    expect(harness.store.getFeed(id)?.nextPollAt).toBe(new Date(harness.clock.now.getTime() + 60 * MIN).toISOString());
  });

  it('resumes after a restart in the middle of a cycle without losing or duplicating items', async () => {
    harness = createHarness();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    server = await startFeedServer({
      '/a.xml': rssRoute(rssFeed('A', seven, harness.clock.now)),
      '/b.xml': async (_req, res) => {
        await held;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('B', seven.slice(0, 3), harness!.clock.now));
      },
    });
    add(harness, server.url('/a.xml'));
    const b = add(harness, server.url('/b.xml'));

    // The process "dies" while B is in flight: A's poll is committed, B's is not.
    const controller = new AbortController();
    const cycle = harness.cycle({ signal: controller.signal });
    await waitFor(() => server!.requests.some((r) => r.path === '/b.xml') && harness!.store.countItems() === 7);
    controller.abort();
    const interrupted = await cycle;
    expect(interrupted.abandoned).toBe(1);
    release();
    harness.restart();

    expect(harness.store.getFeed(b)?.health.lastPolledAt).toBeNull();
    const resumed = await harness.cycle();
    expect(resumed.reports.map((r) => r.feed.url)).toEqual([server.url('/b.xml')]); // A is not due again yet
    expect(harness.store.countItems()).toBe(10);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('poll cycle dispatch', () => {
  it('does not let a slow host hold up feeds on other hosts', async () => {
    harness = createHarness();
    const body = rssFeed('Feed', seven.slice(0, 1), harness.clock.now);
    server = await startFeedServer({
      '/slow.xml': (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body), 300),
      '/fast.xml': rssRoute(body),
    });
    // Sixteen feeds on one slow host first, then one on another host name for the same server.
    for (let i = 0; i < 16; i++) add(harness, `${server.url('/slow.xml')}?n=${i}`);
    const fast = add(harness, server.url('/fast.xml', 'localhost'));
    const order: number[] = [];
    await runPollCycle(harness.deps, { concurrency: 8, perHostConcurrency: 2, maxFeeds: 100, onFeedDone: (report) => order.push(report.feed.id) });
    expect(order).toHaveLength(17);
    expect(order.indexOf(fast)).toBe(0); // it never waited behind the slow host's queue
  });
});

describe('poll cycle with legacy encodings', () => {
  it.each([
    ['Shift_JIS', 'application/rss+xml; charset=Shift_JIS', ''],
    ['EUC-JP', 'application/xml', ' encoding="EUC-JP"'],
  ])('stores a %s feed as correct Japanese text', async (charset, contentType, declaration) => {
    const iconv = (await import('iconv-lite')).default;
    harness = createHarness();
    const now = harness.clock.now;
    const xml = rssFeed('著作権ニュース', [{ guid: 'j1', title: '違法ダウンロードに刑事罰　改正著作権法が成立', hoursAgo: 1, body: '改正著作権法が参院本会議で可決、成立した。' }], now)
      .replace('<?xml version="1.0" encoding="UTF-8"?>', `<?xml version="1.0"${declaration}?>`);
    server = await startFeedServer({ '/jp.xml': { headers: { 'content-type': contentType }, body: iconv.encode(xml, charset) } });
    const id = add(harness, server.url('/jp.xml'));
    await harness.cycle();
    const [item] = harness.store.listItems({ feedId: id, limit: 5 });
    expect(harness.store.getFeed(id)?.title).toBe('著作権ニュース');
    // Plain text folds every kind of whitespace, the ideographic space included.
    expect(item?.title).toBe('違法ダウンロードに刑事罰 改正著作権法が成立');
    expect(item?.text).toContain('参院本会議で可決');
    expect(harness.store.searchItems('著作権', { limit: 5 }).map((i) => i.id)).toEqual([item?.id]);
  });

  it('records an empty body as a failure without touching stored items', async () => {
    harness = createHarness();
    server = await startFeedServer({ '/feed.xml': rssRoute(rssFeed('Feed', seven, harness.clock.now)) });
    const id = add(harness, server.url('/feed.xml'));
    await harness.cycle();
    server.route('/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: '' });
    advance(harness, 20 * MIN);
    await harness.cycle();
    const feed = harness.store.getFeed(id);
    expect(feed?.health.lastErrorCode).toBe('ingest/empty');
    expect(feed?.itemCount).toBe(7);
  });
});

describe('flood guard', () => {
  it('still applies when the feed was empty on its first fetch', async () => {
    harness = createHarness();
    server = await startFeedServer({ '/feed.xml': rssRoute(rssFeed('Quiet', [], harness.clock.now), '"0"') });
    add(harness, server.url('/feed.xml'));
    await harness.cycle();
    advance(harness, 20 * MIN);
    server.route('/feed.xml', rssRoute(rssFeed('Quiet', [...seven, { guid: 'old', title: 'Old', hoursAgo: 100 }], harness.clock.now), '"1"'));
    const summary = await harness.cycle();
    expect(summary.inserted).toBe(8);
    expect(summary.fresh).toBe(5);
  });
});
