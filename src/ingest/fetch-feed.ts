// Fetches one feed over HTTP(S) with undici: conditional GET, redirects re-checked by the SSRF
// guard, connect/header/body deadlines, a decoded-size cap and per-host concurrency limits.
import { lookup as dnsLookup } from 'node:dns';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { HeraldError } from '../errors.js';
import { readBody, tooLargeError } from './fetch-body.js';
import { FEED_ACCEPT, FEED_ACCEPT_ENCODING, headerValue, parseContentLength, parseMaxAge, type ResponseHeaders } from './fetch-headers.js';
import { classifyError, httpStatusError } from './fetch-errors.js';
import { createHostLimiter } from './host-limiter.js';
import { assertLiteralHostAllowed, createGuardedLookup, type SsrfPolicy } from './ssrf-guard.js';

/** One feed to fetch, with the validators from the last successful fetch. */
export interface FetchRequest {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
  signal?: AbortSignal;
  /** Accept header for this request instead of the feed formats (article pages ask for HTML). */
  accept?: string;
  /** Cap on decoded body bytes for this request instead of the fetcher's `maxBodyBytes`. */
  maxBodyBytes?: number;
}

/** What a fetch ended with when it did not fail. */
export type FetchOutcome =
  | {
      status: 'ok';
      /** Final URL after redirects. */
      url: string;
      /** Set when only permanent redirects (301/308) were followed: the new URL to record. */
      movedTo: string | null;
      /** Decoded (decompressed) body, not charset-decoded. */
      body: Uint8Array;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      maxAgeSeconds: number | null;
      httpStatus: number;
    }
  | {
      status: 'not-modified';
      url: string;
      movedTo: string | null;
      /** The validators the 304 sent, else the ones the request carried. */
      etag: string | null;
      lastModified: string | null;
      maxAgeSeconds: number | null;
    };

/** Fetches one feed. Expected outcomes are values; failures throw HeraldError (`ingest/*`). */
export type FetchFn = (request: FetchRequest) => Promise<FetchOutcome>;

export interface HttpFetcherOptions {
  userAgent: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Deadline for the whole body once headers arrived, not just the gap between chunks. */
  bodyTimeoutMs: number;
  /** Cap on decoded body bytes. */
  maxBodyBytes: number;
  maxRedirects: number;
  /** Lets feeds on loopback/private networks through the SSRF guard (tests, demo, intranets). */
  allowPrivateNetworks: boolean;
  /** Host names (as written in URLs) the SSRF guard lets through whatever they resolve to. */
  allowedHosts: readonly string[];
  concurrency: number;
  perHostConcurrency: number;
  /** Test seam: DNS lookup used for connections; it is called with `all: true`. */
  lookup?: typeof dnsLookup;
}

export const FETCHER_DEFAULTS = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 30_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowPrivateNetworks: false,
  allowedHosts: [],
  concurrency: 8,
  perHostConcurrency: 2,
} as const satisfies Omit<HttpFetcherOptions, 'userAgent' | 'lookup'>;

export interface HttpFetcher {
  fetch: FetchFn;
  /** Closes pooled connections; waits for requests in flight. */
  close(): Promise<void>;
}

type HopResult =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'not-modified'; headers: ResponseHeaders }
  | { kind: 'ok'; status: number; headers: ResponseHeaders; body: Uint8Array };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_STATUSES = new Set([301, 308]);

/**
 * Creates the production {@link FetchFn} on one undici Agent. The SSRF guard runs in the Agent's
 * `connect.lookup` (the address dialled is the address checked) and, for IP-literal hosts that
 * skip DNS, before every hop. Redirects are followed here rather than by undici's redirect
 * interceptor so each hop is guarded, counted and classed permanent or not.
 *
 * @see https://undici.nodejs.org/#/docs/api/Agent
 */
export function createHttpFetcher(options: HttpFetcherOptions): HttpFetcher {
  const policy: SsrfPolicy = { allowPrivateNetworks: options.allowPrivateNetworks, allowedHosts: options.allowedHosts };
  const baseLookup = options.lookup ?? dnsLookup;
  const lookup = options.allowPrivateNetworks ? baseLookup : createGuardedLookup(policy, baseLookup);
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs, lookup },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
  });
  const limiter = createHostLimiter(options);

  async function fetchHop(url: URL, request: FetchRequest): Promise<HopResult> {
    const hop = new AbortController();
    let deadlineHit = false;
    let timer: NodeJS.Timeout | undefined;
    let release: (() => void) | undefined;
    const signal = request.signal ? AbortSignal.any([request.signal, hop.signal]) : hop.signal;
    try {
      assertLiteralHostAllowed(url, policy);
      release = await limiter.acquire(url.hostname, request.signal);
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        accept: request.accept ?? FEED_ACCEPT,
        'accept-encoding': FEED_ACCEPT_ENCODING,
      };
      if (request.etag) headers['if-none-match'] = request.etag;
      if (request.lastModified) headers['if-modified-since'] = request.lastModified;
      const response = await agent.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers, signal });
      // undici's bodyTimeout only bounds the gap between chunks; a server dripping a byte at a
      // time must still be cut off, so the whole body gets one deadline.
      timer = setTimeout(() => {
        deadlineHit = true;
        hop.abort(new HeraldError('ingest/timeout', `Timed out reading the body of ${url.href}`, { retryable: true }));
      }, options.bodyTimeoutMs);
      return await interpret(url, response, request.maxBodyBytes ?? options.maxBodyBytes);
    } catch (error) {
      throw classifyError(error, url, { deadlineHit, callerAborted: request.signal?.aborted === true, bodyTimeoutMs: options.bodyTimeoutMs });
    } finally {
      clearTimeout(timer);
      release?.();
    }
  }

  async function interpret(url: URL, response: Dispatcher.ResponseData, maxBodyBytes: number): Promise<HopResult> {
    const { statusCode: status, headers, body } = response;
    if (status === 304) {
      discard(body);
      return { kind: 'not-modified', headers };
    }
    const location = headerValue(headers, 'location');
    if (REDIRECT_STATUSES.has(status) && location !== null) {
      discard(body);
      return { kind: 'redirect', status, location };
    }
    if (status < 200 || status > 299) {
      discard(body);
      throw httpStatusError(url, status, response.statusText, headers);
    }
    const declared = parseContentLength(headers);
    if (declared !== null && declared > maxBodyBytes) {
      discard(body);
      throw tooLargeError(url.href, maxBodyBytes, declared, true);
    }
    const bytes = await readBody(body, headerValue(headers, 'content-encoding'), maxBodyBytes, url.href);
    return { kind: 'ok', status, headers, body: bytes };
  }

  const fetch: FetchFn = async (request) => {
    let url = parseFeedUrl(request.url, request.url);
    const visited = new Set([withoutHash(url)]);
    let allPermanent = true;
    for (let redirects = 0; ; redirects += 1) {
      const result = await fetchHop(url, request);
      if (result.kind === 'redirect') {
        const next = parseFeedUrl(result.location, request.url, url);
        if (visited.has(withoutHash(next))) {
          throw new HeraldError('ingest/redirect-loop', `${request.url} redirects in a loop (back to ${next.href}).`, {
            details: { url: request.url, loopsTo: next.href },
          });
        }
        if (redirects >= options.maxRedirects) {
          throw new HeraldError('ingest/too-many-redirects', `${request.url} redirected more than ${options.maxRedirects} times.`, {
            details: { url: request.url, lastUrl: url.href, maxRedirects: options.maxRedirects },
          });
        }
        visited.add(withoutHash(next));
        allPermanent &&= PERMANENT_STATUSES.has(result.status);
        url = next;
        continue;
      }
      const movedTo = redirects > 0 && allPermanent ? url.href : null;
      const cacheControl = headerValue(result.headers, 'cache-control');
      if (result.kind === 'not-modified') {
        return {
          status: 'not-modified',
          url: url.href,
          movedTo,
          etag: headerValue(result.headers, 'etag') ?? request.etag ?? null,
          lastModified: headerValue(result.headers, 'last-modified') ?? request.lastModified ?? null,
          maxAgeSeconds: parseMaxAge(cacheControl),
        };
      }
      return {
        status: 'ok',
        url: url.href,
        movedTo,
        body: result.body,
        contentType: headerValue(result.headers, 'content-type'),
        etag: headerValue(result.headers, 'etag'),
        lastModified: headerValue(result.headers, 'last-modified'),
        maxAgeSeconds: parseMaxAge(cacheControl),
        httpStatus: result.status,
      };
    }
  };

  return { fetch, close: () => agent.close() };
}

/** Drops a body we will not read; undici reports that as an abort, which nobody needs to hear. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Parses a feed URL or a redirect target (relative to `base`); only http(s) is fetchable. */
function parseFeedUrl(value: string, feedUrl: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch (error) {
    throw new HeraldError('ingest/bad-url', `"${value}" is not a valid URL${base ? ` (redirect from ${base.href})` : ''}.`, {
      cause: error,
      details: { url: feedUrl, value },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HeraldError('ingest/bad-url', `Only http and https feeds can be fetched, not ${url.protocol} (${url.href}).`, {
      details: { url: feedUrl, value: url.href },
    });
  }
  return url;
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '');
}
