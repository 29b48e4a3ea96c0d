// The worker-thread read-feed pool against the in-thread readFeedSync: same results on every
// fixture, same error codes and details, many calls at once, crashes and close().
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/errors.js';
import { createReadFeedPool, type ReadFeedPool } from '../../src/ingest/read-feed-pool.js';
import { readFeedSync, type ReadFeedInput, type ReadFeedResult } from '../../src/ingest/read-feed.js';
import { rssFeed } from '../helpers/rss.js';

// Vitest runs src/*.ts, but a worker thread needs JavaScript: the globalSetup has built dist/.
const WORKER_URL = pathToFileURL(path.resolve('dist/ingest/read-feed-worker.js'));
const FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const NOW = new Date('2026-03-02T10:00:00Z');

const pools: ReadFeedPool[] = [];
function pool(size: number, workerUrl: URL = WORKER_URL): ReadFeedPool {
  const created = createReadFeedPool({ size, workerUrl });
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function input(name: string): ReadFeedInput {
  const contentType = name.endsWith('.json') ? 'application/feed+json' : name.endsWith('.html') ? 'text/html' : null;
  return { bytes: readFileSync(path.join(FIXTURES, name)), contentType, url: `https://feeds.example/${name}`, now: NOW };
}

function inThread(call: ReadFeedInput): { result: ReadFeedResult } | { error: HeraldError } {
  try {
    return { result: readFeedSync(call) };
  } catch (error) {
    if (error instanceof HeraldError) return { error };
    throw error;
  }
}

async function inPool(p: ReadFeedPool, call: ReadFeedInput): Promise<{ result: ReadFeedResult } | { error: HeraldError }> {
  try {
    return { result: await p.readFeed(call) };
  } catch (error) {
    if (error instanceof HeraldError) return { error };
    throw error;
  }
}

const plainError = (error: HeraldError) => ({ code: error.code, message: error.message, details: error.details, retryable: error.retryable });

describe('createReadFeedPool', () => {
  it('reads every fixture exactly as readFeedSync does, results and errors alike', async () => {
    const p = pool(2);
    const names = readdirSync(FIXTURES).sort();
    expect(names.length).toBeGreaterThan(5);
    let feeds = 0;
    for (const name of names) {
      const expected = inThread(input(name));
      const actual = await inPool(p, input(name));
      if ('result' in expected) {
        feeds += 1;
        expect(actual, name).toEqual(expected);
        if ('result' in actual) expect(actual.result.items.length, name).toBe(expected.result.items.length);
      } else {
        expect('error' in actual, name).toBe(true);
        if ('error' in actual) {
          expect(actual.error).toBeInstanceOf(HeraldError);
          expect(plainError(actual.error), name).toEqual(plainError(expected.error));
        }
      }
    }
    expect(feeds).toBeGreaterThanOrEqual(5);
  });

  it('keeps the code and details of a not-a-feed error for an HTML page', async () => {
    const p = pool(1);
    const outcome = await inPool(p, input('html-page.html'));
    expect('error' in outcome).toBe(true);
    if (!('error' in outcome)) return;
    expect(outcome.error.code).toBe('ingest/not-a-feed');
    expect(outcome.error.name).toBe('HeraldError[ingest/not-a-feed]');
    const discovered = outcome.error.details['discovered'];
    expect(Array.isArray(discovered) && discovered.length > 0).toBe(true);
    expect(outcome.error.message).toContain((discovered as string[])[0]);
  });

  it('settles the publication time of undated items with the `now` it was given', async () => {
    const p = pool(1);
    const bytes = new TextEncoder().encode(rssFeed('Undated', [{ guid: 'undated', title: 'No date here' }], NOW));
    const result = await p.readFeed({ bytes, contentType: 'application/rss+xml', url: 'https://feeds.example/undated.xml', now: NOW });
    expect(result.items.map((item) => [item.identity, item.publishedAt, item.dateEstimated])).toEqual([
      ['guid:undated', NOW.toISOString(), true],
    ]);
  });

  it('answers many concurrent calls, each with its own feed', async () => {
    const p = pool(2);
    const calls = Array.from({ length: 60 }, (_, i) => {
      const xml = rssFeed(`Feed ${i}`, [{ guid: `g-${i}`, title: `Item ${i}`, hoursAgo: 1 }], NOW);
      return p.readFeed({ bytes: Buffer.from(xml), contentType: 'application/rss+xml', url: `https://feeds.example/${i}.xml`, now: NOW });
    });
    const results = await Promise.all(calls);
    expect(results.map((r) => r.feed.title)).toEqual(Array.from({ length: 60 }, (_, i) => `Feed ${i}`));
    expect(results.map((r) => r.items[0]?.identity)).toEqual(Array.from({ length: 60 }, (_, i) => `guid:g-${i}`));
  });

  it('copies bytes that are a view into a larger buffer, and hands over bytes that own theirs', async () => {
    const p = pool(1);
    const xml = Buffer.from(rssFeed('Inside', [{ guid: 'a', title: 'A' }], NOW));
    const big = new Uint8Array(xml.length + 20);
    big.set(xml, 10);
    const view = big.subarray(10, 10 + xml.length);
    const fromView = await p.readFeed({ bytes: view, contentType: null, url: 'https://feeds.example/view.xml', now: NOW });
    expect(fromView.feed.title).toBe('Inside');
    expect(view.byteLength).toBe(xml.length);

    const owned = new Uint8Array(xml);
    const fromOwned = await p.readFeed({ bytes: owned, contentType: null, url: 'https://feeds.example/owned.xml', now: NOW });
    expect(fromOwned.items.map((item) => item.title)).toEqual(['A']);
    expect(owned.byteLength).toBe(0);
  });

  it('rejects in-flight calls with a retryable internal error when a worker crashes, then replaces it', async () => {
    // A worker that dies on the first document and works from the second on: a fresh thread
    // must be started for the second call.
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-pool-'));
    const flaky = path.join(dir, 'flaky-worker.mjs');
    const marker = path.join(dir, 'crashed');
    writeFileSync(flaky, `
      import { existsSync, writeFileSync } from 'node:fs';
      if (!existsSync(${JSON.stringify(marker)})) {
        writeFileSync(${JSON.stringify(marker)}, '1');
        const { parentPort } = await import('node:worker_threads');
        parentPort.on('message', () => { throw new Error('parser blew up'); });
      } else {
        await import(${JSON.stringify(WORKER_URL.href)});
      }
    `);
    const p = pool(1, pathToFileURL(flaky));
    const crashed = await inPool(p, input('rss20.xml'));
    expect('error' in crashed).toBe(true);
    if (!('error' in crashed)) return;
    expect(crashed.error.code).toBe('internal');
    expect(crashed.error.retryable).toBe(true);
    expect(crashed.error.message).toContain('parser blew up');

    const expected = readFeedSync(input('rss20.xml'));
    expect(await p.readFeed(input('rss20.xml'))).toEqual(expected);
  });

  it('fails a document that exhausts the heap limit as too large, and only the calls queued behind it as retryable', async () => {
    const p = createReadFeedPool({ size: 1, workerUrl: WORKER_URL, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } });
    pools.push(p);
    // A million empty elements: a few MB of XML, far more heap as a tree.
    const hostile = Buffer.from(`<rss version="2.0"><channel><title>H</title><item><title>x</title>${'<a/>'.repeat(1_000_000)}</item></channel></rss>`);
    const [first, second] = await Promise.all([
      inPool(p, { bytes: hostile, contentType: null, url: 'https://feeds.example/hostile.xml', now: NOW }),
      inPool(p, input('rss20.xml')),
    ]);
    expect('error' in first && plainError(first.error)).toMatchObject({
      code: 'ingest/too-large', retryable: false, details: { url: 'https://feeds.example/hostile.xml', limitMb: 32 },
    });
    expect('error' in second && plainError(second.error)).toMatchObject({ code: 'internal', retryable: true });
    // A fresh worker takes over.
    expect(await p.readFeed(input('rss20.xml'))).toEqual(readFeedSync(input('rss20.xml')));
  });

  it('rejects bytes that were already handed over, and keeps working', async () => {
    const p = pool(1);
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'rss20.xml')));
    await p.readFeed({ bytes, contentType: null, url: 'https://feeds.example/a.xml', now: NOW });
    const again = await inPool(p, { bytes, contentType: null, url: 'https://feeds.example/a.xml', now: NOW });
    // The array is empty now (its buffer moved to the worker): no document, and no hang.
    expect('error' in again && again.error.code).toBe('ingest/empty');
    expect((await p.readFeed(input('rss20.xml'))).items.length).toBeGreaterThan(0);
  });

  it('fails calls with a retryable internal error when the worker module cannot start', async () => {
    const p = pool(1, pathToFileURL(path.resolve('dist/ingest/no-such-worker.js')));
    const outcome = await inPool(p, input('rss20.xml'));
    expect('error' in outcome && outcome.error.code).toBe('internal');
    expect('error' in outcome && outcome.error.retryable).toBe(true);
  });

  it('close() stops the workers: calls in flight and later calls reject', async () => {
    const p = pool(1);
    const inFlight = inPool(p, input('rss20.xml'));
    await p.close();
    const outcome = await inFlight;
    // The worker may have answered before it was stopped; if not, the call failed, never hung.
    if ('error' in outcome) expect(outcome.error.code).toBe('internal');
    else expect(outcome.result.items.length).toBeGreaterThan(0);
    const later = await inPool(p, input('rss20.xml'));
    expect('error' in later && later.error.message).toBe('The feed parser pool is closed.');
  });

  it('refuses a size below 1', () => {
    expect(() => createReadFeedPool({ size: 0, workerUrl: WORKER_URL })).toThrow(HeraldError);
  });
});
