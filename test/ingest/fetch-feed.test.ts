// The HTTP fetcher against a real server on 127.0.0.1: validators, conditional GET, redirects,
// status errors, compression and the headers Herald sends.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useFeedServer, type Routes } from '../helpers/feed-server.js';
import { TEST_USER_AGENT, fetchError, useFetchers } from './fetch-test-kit.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Copyright Watch</title></channel></rss>';
const makeFetcher = useFetchers();
const serve = useFeedServer();

describe('fetching a feed', () => {
  it('returns the body, content type, validators and freshness of a 200', async () => {
    const s = await serve({
      '/feed.xml': {
        headers: {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: '"v1"',
          'last-modified': 'Sat, 01 Mar 2025 10:00:00 GMT',
          'cache-control': 'public, max-age=900',
        },
        body: RSS,
      },
    });
    const outcome = await makeFetcher().fetch({ url: s.url('/feed.xml') });
    expect(outcome).toMatchObject({
      status: 'ok',
      url: s.url('/feed.xml'),
      movedTo: null,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT',
      maxAgeSeconds: 900,
      httpStatus: 200,
    });
    expect(outcome.status === 'ok' && Buffer.from(outcome.body).toString('utf8')).toBe(RSS);
  });

  it('sends the User-Agent, feed-preferring Accept and Accept-Encoding', async () => {
    const s = await serve({ '/feed.xml': { body: RSS } });
    await makeFetcher().fetch({ url: s.url('/feed.xml') });
    const headers = s.requests[0]?.headers;
    expect(headers?.['user-agent']).toBe(TEST_USER_AGENT);
    expect(headers?.['accept']).toMatch(/^application\/rss\+xml, application\/atom\+xml, application\/feed\+json, .*\*\/\*;q=0\.8$/);
    expect(headers?.['accept-encoding']).toBe('gzip, deflate, br');
    expect(headers?.['if-none-match']).toBeUndefined();
  });

  it('returns not-modified when the ETag matches, having sent the validators', async () => {
    const s = await serve({
      '/feed.xml': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=60' }).end();
        else res.writeHead(200, { etag: '"v1"' }).end(RSS);
      },
    });
    const outcome = await makeFetcher().fetch({ url: s.url('/feed.xml'), etag: '"v1"', lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT' });
    expect(outcome).toEqual({
      status: 'not-modified',
      url: s.url('/feed.xml'),
      movedTo: null,
      etag: '"v1"',
      lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT',
      maxAgeSeconds: 60,
    });
    expect(s.requests[0]?.headers['if-none-match']).toBe('"v1"');
    expect(s.requests[0]?.headers['if-modified-since']).toBe('Sat, 01 Mar 2025 10:00:00 GMT');
  });

  it('returns ok with zero bytes for an empty body (the parser decides it is not a feed)', async () => {
    const s = await serve({ '/empty': { headers: { 'content-type': 'application/rss+xml' } }, '/empty-gz': { headers: { 'content-encoding': 'gzip' } } });
    const fetcher = makeFetcher();
    const plain = await fetcher.fetch({ url: s.url('/empty') });
    const gzipped = await fetcher.fetch({ url: s.url('/empty-gz') });
    expect(plain.status === 'ok' && plain.body.byteLength).toBe(0);
    expect(gzipped.status === 'ok' && gzipped.body.byteLength).toBe(0);
  });
});

describe('redirects', () => {
  it('follows 301 → 302 → 200 and does not report a permanent move', async () => {
    const s = await serve({
      '/a': { status: 301, headers: { location: '/b' } },
      '/b': { status: 302, headers: { location: '/c' } },
      '/c': { body: RSS },
    });
    const outcome = await makeFetcher().fetch({ url: s.url('/a') });
    expect(outcome).toMatchObject({ status: 'ok', url: s.url('/c'), movedTo: null });
    expect(s.requests.map((r) => r.path)).toEqual(['/a', '/b', '/c']);
  });

  it('reports movedTo when every hop was permanent (301 → 308 → 200), resolving relative Locations', async () => {
    const s = await serve({
      '/old/feed': { status: 301, headers: { location: '../mid/feed?x=1' } },
      '/new/feed': { body: RSS },
    });
    // An absolute Location needs the port, known only once the server runs.
    s.route('/mid/feed', { status: 308, headers: { location: s.url('/new/feed') } });
    const outcome = await makeFetcher().fetch({ url: s.url('/old/feed') });
    expect(outcome).toMatchObject({ status: 'ok', url: s.url('/new/feed'), movedTo: s.url('/new/feed') });
    expect(s.requests.map((r) => r.url)).toEqual(['/old/feed', '/mid/feed?x=1', '/new/feed']);
  });

  it('reports movedTo on a 304 reached through a permanent redirect', async () => {
    const s = await serve({ '/old': { status: 301, headers: { location: '/new' } }, '/new': { status: 304 } });
    const outcome = await makeFetcher().fetch({ url: s.url('/old'), etag: '"e"' });
    expect(outcome).toEqual({ status: 'not-modified', url: s.url('/new'), movedTo: s.url('/new'), etag: '"e"', lastModified: null, maxAgeSeconds: null });
  });

  it('fails with ingest/redirect-loop on a loop', async () => {
    const s = await serve({ '/a': { status: 302, headers: { location: '/b' } }, '/b': { status: 301, headers: { location: '/a' } } });
    const error = await fetchError(makeFetcher(), { url: s.url('/a') });
    expect(error.code).toBe('ingest/redirect-loop');
    expect(s.requests.map((r) => r.path)).toEqual(['/a', '/b']);
  });

  it('fails with ingest/too-many-redirects past maxRedirects', async () => {
    const routes: Routes = {};
    for (let n = 0; n < 5; n += 1) routes[`/r${n}`] = { status: 307, headers: { location: `/r${n + 1}` } };
    routes['/r5'] = { body: RSS };
    const s = await serve(routes);
    const error = await fetchError(makeFetcher({ maxRedirects: 3 }), { url: s.url('/r0') });
    expect(error.code).toBe('ingest/too-many-redirects');
    expect(s.requests).toHaveLength(4);
    // Five redirects are within the default limit.
    const outcome = await makeFetcher().fetch({ url: s.url('/r0') });
    expect(outcome).toMatchObject({ status: 'ok', url: s.url('/r5') });
  });

  it('refuses a redirect to a non-http scheme with ingest/bad-url', async () => {
    const s = await serve({ '/a': { status: 302, headers: { location: 'file:///etc/passwd' } } });
    const error = await fetchError(makeFetcher(), { url: s.url('/a') });
    expect(error.code).toBe('ingest/bad-url');
  });
});

describe('HTTP errors', () => {
  it.each([
    [404, false],
    [410, false],
    [500, true],
    [408, true],
  ])('HTTP %i → ingest/http-status, retryable %s', async (status, retryable) => {
    const s = await serve({ '/feed': { status, body: 'nope' } });
    const error = await fetchError(makeFetcher(), { url: s.url('/feed') });
    expect(error.code).toBe('ingest/http-status');
    expect(error.retryable).toBe(retryable);
    expect(error.details).toMatchObject({ status, retryAfterSeconds: null });
  });

  it('reads Retry-After seconds on a 429', async () => {
    const s = await serve({ '/feed': { status: 429, headers: { 'retry-after': '120' } } });
    const error = await fetchError(makeFetcher(), { url: s.url('/feed') });
    expect(error).toMatchObject({ code: 'ingest/http-status', retryable: true, details: { status: 429, retryAfterSeconds: 120 } });
  });

  it('reads a Retry-After HTTP-date on a 503, capped at 24 hours', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toUTCString();
    const s = await serve({ '/soon': { status: 503, headers: { 'retry-after': inAnHour } }, '/later': { status: 503, headers: { 'retry-after': nextWeek } } });
    const soon = await fetchError(makeFetcher(), { url: s.url('/soon') });
    expect(soon.retryable).toBe(true);
    expect(soon.details['retryAfterSeconds']).toBeGreaterThan(3_500);
    expect(soon.details['retryAfterSeconds']).toBeLessThanOrEqual(3_600);
    const later = await fetchError(makeFetcher(), { url: s.url('/later') });
    expect(later.details['retryAfterSeconds']).toBe(86_400);
  });

  it('rejects malformed and non-http URLs without any traffic', async () => {
    const fetcher = makeFetcher();
    expect((await fetchError(fetcher, { url: 'not a url' })).code).toBe('ingest/bad-url');
    expect((await fetchError(fetcher, { url: 'ftp://127.0.0.1/feed' })).code).toBe('ingest/bad-url');
    expect((await fetchError(fetcher, { url: 'javascript:alert(1)' })).code).toBe('ingest/bad-url');
  });
});

describe('compression', () => {
  const big = `${RSS}${'<!-- padding -->'.repeat(2000)}`;

  it.each(['gzip', 'deflate', 'deflate-raw', 'br'] as const)('decodes %s', async (encoding) => {
    const s = await serve({ '/feed': { body: big, encoding } });
    const outcome = await makeFetcher().fetch({ url: s.url('/feed') });
    expect(outcome.status === 'ok' && Buffer.from(outcome.body).toString('utf8')).toBe(big);
  });

  it('decodes a chunked gzip body that arrives a byte at a time', async () => {
    const packed = zlib.gzipSync(big);
    const s = await serve({
      '/feed': async (_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        for (let i = 0; i < 20; i += 1) res.write(packed.subarray(i, i + 1));
        await new Promise((resolve) => setImmediate(resolve));
        res.end(packed.subarray(20));
      },
    });
    const outcome = await makeFetcher().fetch({ url: s.url('/feed') });
    expect(outcome.status === 'ok' && Buffer.from(outcome.body).toString('utf8')).toBe(big);
  });

  it('reports a corrupt compressed body as ingest/decode', async () => {
    const s = await serve({ '/feed': { headers: { 'content-encoding': 'gzip' }, body: 'this is not gzip at all' } });
    const error = await fetchError(makeFetcher(), { url: s.url('/feed') });
    expect(error.code).toBe('ingest/decode');
  });
});
