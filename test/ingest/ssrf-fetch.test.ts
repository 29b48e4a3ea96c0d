// The SSRF guard wired into the fetcher, with the guard ON. Every connection attempted here goes
// to loopback only: the point is that the guard refuses them before any request is sent.
import { describe, expect, it } from 'vitest';
import { fakeLookup, useFeedServer } from '../helpers/feed-server.js';
import { fetchError, useFetchers } from './fetch-test-kit.js';

const RSS = '<rss version="2.0"><channel><title>t</title></channel></rss>';
const makeFetcher = useFetchers();
const serve = useFeedServer();

const guarded = { allowPrivateNetworks: false } as const;

describe('fetching with the SSRF guard on', () => {
  it('refuses a literal loopback URL before connecting: the server sees no request', async () => {
    const s = await serve({ '/feed': { body: RSS } });
    const error = await fetchError(makeFetcher(guarded), { url: s.url('/feed') });
    expect(error).toMatchObject({ code: 'ingest/blocked-address', retryable: false, details: { address: '127.0.0.1' } });
    expect(error.message).toContain('HERALD_ALLOW_PRIVATE_NETWORKS=true');
    expect(error.message).toContain('fetch.allowedHosts');
    expect(s.requests).toHaveLength(0);
  });

  it('refuses an IPv4-mapped IPv6 loopback literal', async () => {
    const s = await serve({ '/feed': { body: RSS } });
    const error = await fetchError(makeFetcher(guarded), { url: `http://[::ffff:127.0.0.1]:${s.port}/feed` });
    expect(error.code).toBe('ingest/blocked-address');
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a public-looking host name that resolves to 127.0.0.1, checked at connect time', async () => {
    const s = await serve({ '/feed': { body: RSS } });
    const fetcher = makeFetcher({ ...guarded, lookup: fakeLookup({ 'news.example': '127.0.0.1' }) });
    const error = await fetchError(fetcher, { url: `http://news.example:${s.port}/feed` });
    expect(error).toMatchObject({ code: 'ingest/blocked-address', details: { host: 'news.example', address: '127.0.0.1' } });
    expect(error.message).toContain('news.example (127.0.0.1)');
    expect(s.requests).toHaveLength(0);
  });

  it('lets a host in allowedHosts through to loopback', async () => {
    const s = await serve({ '/feed': { body: RSS } });
    const fetcher = makeFetcher({ ...guarded, allowedHosts: ['localhost'], lookup: fakeLookup({ localhost: '127.0.0.1' }) });
    const outcome = await fetcher.fetch({ url: s.url('/feed', 'localhost') });
    expect(outcome.status === 'ok' && Buffer.from(outcome.body).toString()).toBe(RSS);
    expect(s.requests.map((r) => r.path)).toEqual(['/feed']);
  });

  it('re-checks every redirect hop: an allowed host redirecting to 127.0.0.1 is refused before /x is requested', async () => {
    const s = await serve({ '/x': { body: 'internal secrets' } });
    s.route('/feed', { status: 302, headers: { location: s.url('/x') } });
    const fetcher = makeFetcher({ ...guarded, allowedHosts: ['localhost'], lookup: fakeLookup({ localhost: '127.0.0.1' }) });
    const error = await fetchError(fetcher, { url: s.url('/feed', 'localhost') });
    expect(error).toMatchObject({ code: 'ingest/blocked-address', details: { address: '127.0.0.1' } });
    expect(s.requests.map((r) => r.path)).toEqual(['/feed']);
  });

  it('re-checks redirects to a host name whose DNS answer is private', async () => {
    const s = await serve({ '/x': { body: 'internal secrets' } });
    s.route('/feed', { status: 301, headers: { location: `http://metadata.example:${s.port}/x` } });
    const dns = fakeLookup({ localhost: '127.0.0.1', 'metadata.example': '127.0.0.1' });
    const fetcher = makeFetcher({ ...guarded, allowedHosts: ['localhost'], lookup: dns });
    const error = await fetchError(fetcher, { url: s.url('/feed', 'localhost') });
    expect(error).toMatchObject({ code: 'ingest/blocked-address', details: { host: 'metadata.example' } });
    expect(s.requests.map((r) => r.path)).toEqual(['/feed']);
  });
});
