// Concurrency limits: the host limiter's queue rules, and the fetcher holding a real server to
// its per-host limit.
import { afterEach, describe, expect, it } from 'vitest';
import { createHostLimiter } from '../../src/ingest/host-limiter.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { fetchError, useFetchers } from './fetch-test-kit.js';

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createHostLimiter', () => {
  it('caps requests per host and serves waiters first come, first served', async () => {
    const limiter = createHostLimiter({ concurrency: 10, perHostConcurrency: 2 });
    const order: string[] = [];
    const a1 = await limiter.acquire('a.example');
    await limiter.acquire('a.example');
    const waiting = ['third', 'fourth', 'fifth'].map((name) => limiter.acquire('a.example').then((release) => (order.push(name), release)));
    await settle();
    expect(order).toEqual([]);
    expect(limiter.stats()).toEqual({ active: 2, queued: 3 });
    a1();
    a1(); // a second call must not free a second slot
    await settle();
    expect(order).toEqual(['third']);
    (await waiting[0])?.();
    await settle();
    expect(order).toEqual(['third', 'fourth']);
    expect(limiter.stats()).toEqual({ active: 2, queued: 1 });
  });

  it('lets other hosts proceed while one host is at its cap, within the global cap', async () => {
    const limiter = createHostLimiter({ concurrency: 3, perHostConcurrency: 2 });
    await limiter.acquire('a.example');
    await limiter.acquire('a.example');
    let third = false;
    void limiter.acquire('a.example').then(() => (third = true));
    const b = await limiter.acquire('b.example');
    let c = false;
    void limiter.acquire('c.example').then(() => (c = true));
    await settle();
    expect({ third, c }).toEqual({ third: false, c: false });
    expect(limiter.stats()).toEqual({ active: 3, queued: 2 });
    b();
    await settle();
    // The freed global slot goes to c: the earlier a-waiter is still held back by its host cap.
    expect({ third, c }).toEqual({ third: false, c: true });
  });

  it('removes an aborted waiter from the queue and rejects it with the abort reason', async () => {
    const limiter = createHostLimiter({ concurrency: 1, perHostConcurrency: 1 });
    const first = await limiter.acquire('a.example');
    const controller = new AbortController();
    const aborted = limiter.acquire('a.example', controller.signal);
    let nextGranted = false;
    void limiter.acquire('a.example').then(() => (nextGranted = true));
    controller.abort(new Error('shutting down'));
    await expect(aborted).rejects.toThrow('shutting down');
    expect(limiter.stats()).toEqual({ active: 1, queued: 1 });
    first();
    await settle();
    expect(nextGranted).toBe(true);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = createHostLimiter({ concurrency: 1, perHostConcurrency: 1 });
    await expect(limiter.acquire('a.example', AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(limiter.stats()).toEqual({ active: 0, queued: 0 });
  });
});

describe('fetcher concurrency', () => {
  const makeFetcher = useFetchers();
  let server: FeedServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('never has more than perHostConcurrency requests in flight at the server', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await startFeedServer({
      '*': (_req, res) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          res.end('<rss/>');
        }, 30);
      },
    });
    server = s;
    const fetcher = makeFetcher({ perHostConcurrency: 2, concurrency: 8 });
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => fetcher.fetch({ url: s.url(`/feed-${n}.xml`) })));
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill('ok'));
    expect(s.requests).toHaveLength(8);
    expect(peak).toBe(2);
  });

  it('drops a queued fetch whose caller aborts, before it reaches the server', async () => {
    let arrived: () => void = () => undefined;
    const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
    // '/slow' takes the only slot and never answers (until headersTimeoutMs).
    const s = await startFeedServer({ '/slow': () => arrived(), '/queued': { body: '<rss/>' } });
    server = s;
    const fetcher = makeFetcher({ perHostConcurrency: 1, headersTimeoutMs: 300 });
    const slow = fetchError(fetcher, { url: s.url('/slow') });
    await slowArrived;
    const controller = new AbortController();
    const queued = fetchError(fetcher, { url: s.url('/queued'), signal: controller.signal });
    controller.abort();
    expect(await queued).toMatchObject({ code: 'ingest/aborted', retryable: true });
    expect((await slow).code).toBe('ingest/timeout');
    expect(s.requests.map((r) => r.path)).toEqual(['/slow']);
  });
});
