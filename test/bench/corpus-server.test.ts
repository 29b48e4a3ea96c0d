// The bench server answers like a well-behaved feed host: validators, 304s, gzip, 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createCorpusServer, CORPUS_LAST_MODIFIED, type CorpusServer } from '../../bench/corpus-server.js';
import { generateCorpus } from '../../bench/generate-corpus.js';

const corpus = generateCorpus({ feeds: 2, itemsPerFeed: 3, seed: 1, now: new Date('2026-03-02T00:00:00Z') });
let server: Server | undefined;

async function start(gzip: boolean): Promise<{ origin: string; bench: CorpusServer }> {
  const bench = createCorpusServer(corpus, { gzip });
  server = createServer(bench.handle);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bench };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('createCorpusServer', () => {
  it('serves a document with its type and validators, then 304 to If-None-Match or If-Modified-Since', async () => {
    const { origin, bench } = await start(false);
    const first = await fetch(`${origin}/feeds/0001.rss`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(Buffer.from(await first.arrayBuffer()).equals(corpus[0]?.body ?? Buffer.alloc(0))).toBe(true);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);

    expect((await fetch(`${origin}/feeds/0001.rss`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${origin}/feeds/0001.rss`, { headers: { 'if-modified-since': CORPUS_LAST_MODIFIED } })).status).toBe(304);
    // Another document's ETag does not match this one.
    expect((await fetch(`${origin}/feeds/0002.atom`, { headers: { 'if-none-match': etag } })).status).toBe(200);
    expect((await fetch(`${origin}/missing`)).status).toBe(404);
    expect(bench.takeStats()).toEqual({ ok: 2, notModified: 2, notFound: 1, bytesSent: (corpus[0]?.body.byteLength ?? 0) + (corpus[1]?.body.byteLength ?? 0) });
    expect(bench.takeStats()).toEqual({ ok: 0, notModified: 0, notFound: 0, bytesSent: 0 });
  });

  it('sends gzip to clients that accept it when asked to', async () => {
    const { origin } = await start(true);
    const { request } = await import('undici');
    const response = await request(`${origin}/feeds/0002.atom`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBe('gzip');
    const body = Buffer.from(await response.body.arrayBuffer());
    expect(gunzipSync(body).equals(corpus[1]?.body ?? Buffer.alloc(0))).toBe(true);
  });
});
