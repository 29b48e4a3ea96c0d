// Builds real HTTP fetchers for tests with small timeouts and closes them all afterwards.
import { afterEach } from 'vitest';
import { FETCHER_DEFAULTS, createHttpFetcher } from '../../src/ingest/fetch-feed.js';
import type { FetchRequest, HttpFetcher, HttpFetcherOptions } from '../../src/ingest/fetch-feed.js';
import { HeraldError } from '../../src/errors.js';

export const TEST_USER_AGENT = 'Herald/0.1 (+https://herald.test/contact)';

/**
 * Returns a `makeFetcher(overrides)` whose fetchers are closed after each test. Defaults allow
 * private networks (the test server is on loopback); SSRF tests turn that off explicitly.
 */
export function useFetchers(): (overrides?: Partial<HttpFetcherOptions>) => HttpFetcher {
  const open: HttpFetcher[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((fetcher) => fetcher.close()));
  });
  return (overrides = {}) => {
    const fetcher = createHttpFetcher({
      ...FETCHER_DEFAULTS,
      userAgent: TEST_USER_AGENT,
      allowPrivateNetworks: true,
      connectTimeoutMs: 2_000,
      headersTimeoutMs: 5_000,
      bodyTimeoutMs: 5_000,
      ...overrides,
    });
    open.push(fetcher);
    return fetcher;
  };
}

/** Runs a fetch that must fail and returns its HeraldError (failing the test otherwise). */
export async function fetchError(fetcher: HttpFetcher, request: FetchRequest): Promise<HeraldError> {
  try {
    const outcome = await fetcher.fetch(request);
    throw new Error(`expected the fetch to fail, got ${outcome.status}`);
  } catch (error) {
    if (error instanceof HeraldError) return error;
    throw error;
  }
}
