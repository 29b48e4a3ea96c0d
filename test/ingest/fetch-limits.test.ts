// The fetcher's protective limits against a real loopback server: body cap (declared, streamed,
// compressed bomb), connect/header/body deadlines, network failures and cancellation.
import type { lookup as dnsLookup } from 'node:dns';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dripRoute, fakeLookup, hangRoute, useFeedServer } from '../helpers/feed-server.js';
import { fetchError, useFetchers } from './fetch-test-kit.js';

const MiB = 1024 * 1024;
const makeFetcher = useFetchers();
const serve = useFeedServer();

/** 1 GiB of zeros gzipped in one stream (about 1 MiB), built without ever holding the GiB. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let i = 0; i < 1024; i += 1) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

describe('body size cap', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipBomb();
  });

  it('accepts a body exactly at the cap', async () => {
    const s = await serve({ '/feed': { body: Buffer.alloc(1000, 0x61) } });
    const outcome = await makeFetcher({ maxBodyBytes: 1000 }).fetch({ url: s.url('/feed') });
    expect(outcome.status === 'ok' && outcome.body.byteLength).toBe(1000);
  });

  it('rejects early when Content-Length declares too much', async () => {
    const s = await serve({ '/feed': { body: Buffer.alloc(2000, 0x61) } });
    const error = await fetchError(makeFetcher({ maxBodyBytes: 1000 }), { url: s.url('/feed') });
    expect(error).toMatchObject({ code: 'ingest/too-large', retryable: false, details: { limitBytes: 1000, receivedBytes: 2000 } });
    expect(error.message).toContain('declares 2000 bytes');
  });

  it('stops a chunked body without Content-Length once it passes the cap', async () => {
    const s = await serve({ '/feed': { body: Buffer.alloc(3 * MiB, 0x61), chunked: true } });
    const error = await fetchError(makeFetcher({ maxBodyBytes: MiB }), { url: s.url('/feed') });
    expect(error.code).toBe('ingest/too-large');
    expect(s.requests[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('counts decoded bytes: a gzip body small on the wire but big decoded is refused', async () => {
    const s = await serve({ '/feed': { body: Buffer.alloc(2 * MiB, 0x61), gzip: true } });
    const error = await fetchError(makeFetcher({ maxBodyBytes: MiB }), { url: s.url('/feed') });
    expect(error.code).toBe('ingest/too-large');
  });

  it('stops a 1 GiB gzip bomb shortly after the 5 MiB default cap', async () => {
    expect(bomb.length).toBeLessThan(2 * MiB);
    const s = await serve({ '/bomb.xml': { body: bomb, headers: { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' } } });
    const error = await fetchError(makeFetcher(), { url: s.url('/bomb.xml') });
    expect(error.code).toBe('ingest/too-large');
    // Decoding stopped within one decoder chunk of the cap instead of inflating the whole GiB.
    const received = error.details['receivedBytes'] as number;
    expect(received).toBeGreaterThan(5 * MiB);
    expect(received).toBeLessThan(5 * MiB + 256 * 1024);
  });
});

describe('deadlines', () => {
  it('fails a server that accepts and never answers at headersTimeoutMs', async () => {
    const s = await serve({ '/feed': hangRoute() });
    const error = await fetchError(makeFetcher({ headersTimeoutMs: 300 }), { url: s.url('/feed') });
    expect(error).toMatchObject({ code: 'ingest/timeout', retryable: true, details: { phase: 'headers' } });
    expect(s.requests).toHaveLength(1);
  });

  it('fails a server that drips the body forever at bodyTimeoutMs, even though bytes keep coming', async () => {
    const s = await serve({ '/feed': dripRoute(20) });
    const error = await fetchError(makeFetcher({ bodyTimeoutMs: 300 }), { url: s.url('/feed') });
    expect(error).toMatchObject({ code: 'ingest/timeout', retryable: true, details: { phase: 'body' } });
  });

  it('fails a connection that never gets established at connectTimeoutMs (no traffic: the lookup never answers)', async () => {
    const neverResolves = (() => undefined) as unknown as typeof dnsLookup;
    const fetcher = makeFetcher({ connectTimeoutMs: 300, lookup: neverResolves });
    const error = await fetchError(fetcher, { url: 'http://feeds.invalid/feed.xml' });
    expect(error).toMatchObject({ code: 'ingest/timeout', retryable: true, details: { phase: 'connect' } });
  });
});

describe('network failures and cancellation', () => {
  it('reports a refused connection as retryable ingest/network', async () => {
    const s = await serve({});
    const url = s.url('/feed');
    await s.close();
    const error = await fetchError(makeFetcher(), { url });
    expect(error).toMatchObject({ code: 'ingest/network', retryable: true, details: { code: 'ECONNREFUSED' } });
  });

  it('reports an unknown host as retryable ingest/network', async () => {
    const fetcher = makeFetcher({ lookup: fakeLookup({}) });
    const error = await fetchError(fetcher, { url: 'http://no-such-host.invalid/feed' });
    expect(error).toMatchObject({ code: 'ingest/network', retryable: true, details: { code: 'ENOTFOUND' } });
  });

  it('reports a connection cut mid-body as retryable ingest/network', async () => {
    const s = await serve({
      '/feed': (_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('only part of it', () => res.destroy());
      },
    });
    const error = await fetchError(makeFetcher(), { url: s.url('/feed') });
    expect(error).toMatchObject({ code: 'ingest/network', retryable: true });
  });

  it('stops waiting when the caller aborts, with ingest/aborted', async () => {
    let arrived: () => void = () => undefined;
    const requestSeen = new Promise<void>((resolve) => (arrived = resolve));
    const s = await serve({ '/feed': () => arrived() });
    const controller = new AbortController();
    const pending = fetchError(makeFetcher(), { url: s.url('/feed'), signal: controller.signal });
    await requestSeen;
    controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ code: 'ingest/aborted', retryable: true });
  });
});
