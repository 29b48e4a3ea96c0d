// A real HTTP server on 127.0.0.1 for tests: serves canned feed responses or custom handlers and
// records every request it sees. Use it for anything that fetches (fetcher, pipeline, CLI).
//
//   const server = await startFeedServer({
//     '/feed.xml': { headers: { 'content-type': 'application/rss+xml', etag: '"v1"' }, body: rss },
//     '/old': { status: 301, headers: { location: '/feed.xml' } },
//     '/slow': (req, res) => { ... },
//   });
//   await fetcher.fetch({ url: server.url('/feed.xml') });
//   expect(server.requests[0]?.headers['user-agent']).toMatch(/Herald/);
//   await server.close(); // in afterEach: closes every socket, including hung ones
import { createServer } from 'node:http';
import { afterEach } from 'vitest';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import zlib from 'node:zlib';
import { listenOnLoopback } from './loopback.js';

/** A canned response. Everything is optional: the default is an empty 200. With an `etag` header it answers a matching If-None-Match with 304. */
export interface StaticRoute {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
  /** Compress `body` with gzip and send `Content-Encoding: gzip` (shorthand for `encoding: 'gzip'`). */
  gzip?: boolean;
  /** Compress `body` this way; `deflate-raw` is deflate without the zlib wrapper, as some servers send. */
  encoding?: 'gzip' | 'deflate' | 'deflate-raw' | 'br';
  /** Send the body chunked, without Content-Length. */
  chunked?: boolean;
}

/** A hand-written response; the request is already recorded when it runs. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export type Route = StaticRoute | RouteHandler;

/** Routes by path (query ignored); `'*'` catches every other path. Unknown paths get 404. */
export type Routes = Record<string, Route>;

export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent. */
  url: string;
  /** Path without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FeedServer {
  /** Absolute URL for `path` on this server; `host` defaults to 127.0.0.1 (pass 'localhost' to go through DNS). */
  url(path?: string, host?: string): string;
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Adds or replaces a route while the server runs. */
  route(path: string, route: Route): void;
  /** Requests currently being answered (arrived, response not finished or closed). */
  inFlight(): number;
  /** Stops listening and destroys every open socket, so no test leaves a handle behind. */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 on a free port. */
export async function startFeedServer(routes: Routes = {}): Promise<FeedServer> {
  const table = new Map<string, Route>(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  let inFlight = 0;

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', url, path, headers: req.headers });
    inFlight += 1;
    let done = false;
    const finish = (): void => {
      if (!done) inFlight -= 1;
      done = true;
    };
    res.on('finish', finish);
    res.on('close', finish);
    const route = table.get(path) ?? table.get('*');
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } else if (typeof route === 'function') {
      Promise.resolve(route(req, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
        else res.destroy();
      });
    } else {
      sendStatic(req, res, route);
    }
  });
  const { port, sockets } = await listenOnLoopback(server);

  return {
    port,
    requests,
    url: (path = '/', host = '127.0.0.1') => `http://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`,
    route: (path, route) => void table.set(path, route),
    inFlight: () => inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function sendStatic(req: IncomingMessage, res: ServerResponse, route: StaticRoute): void {
  // Like a real server: a 200 route with an ETag answers 304 to a matching If-None-Match.
  const etag = route.headers?.['etag'];
  if ((route.status ?? 200) === 200 && typeof etag === 'string' && req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  const encoding = route.encoding ?? (route.gzip === true ? 'gzip' : undefined);
  const raw = typeof route.body === 'string' ? Buffer.from(route.body) : Buffer.from(route.body ?? new Uint8Array(0));
  const body = encoding === undefined ? raw : compress(raw, encoding);
  const headers: Record<string, string | string[] | number> = { ...route.headers };
  if (encoding !== undefined) headers['content-encoding'] = encoding === 'deflate-raw' ? 'deflate' : encoding;
  if (route.chunked !== true && !hasHeader(headers, 'content-length')) headers['content-length'] = body.length;
  res.writeHead(route.status ?? 200, headers);
  if (route.chunked === true && body.length > 0) {
    // Two writes force chunked transfer encoding even for small bodies.
    res.write(body.subarray(0, 1));
    res.end(body.subarray(1));
  } else {
    res.end(body);
  }
}

/** Compresses bytes as a server would for the given Content-Encoding. */
export function compress(body: Uint8Array, encoding: 'gzip' | 'deflate' | 'deflate-raw' | 'br'): Buffer {
  switch (encoding) {
    case 'gzip':
      return zlib.gzipSync(body);
    case 'deflate':
      return zlib.deflateSync(body);
    case 'deflate-raw':
      return zlib.deflateRawSync(body);
    case 'br':
      return zlib.brotliCompressSync(body);
  }
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** A handler that sends headers and then one byte every `intervalMs`, forever (until the socket closes). */
export function dripRoute(intervalMs = 20, headers: Record<string, string> = { 'content-type': 'application/rss+xml' }): RouteHandler {
  return (_req, res) => {
    res.writeHead(200, headers);
    const timer = setInterval(() => res.write(' '), intervalMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** A handler that accepts the request and never answers; `close()` cleans it up. */
export function hangRoute(): RouteHandler {
  return () => undefined;
}

/**
 * A DNS lookup for the fetcher's `lookup` seam that answers from a table instead of the network,
 * e.g. `fakeLookup({ 'feeds.example': '127.0.0.1' })`. Unknown names fail with ENOTFOUND.
 */
export function fakeLookup(table: Record<string, string | string[]>): typeof dnsLookup {
  const lookup = (hostname: string, options: unknown, callback?: unknown): void => {
    const cb = (typeof options === 'function' ? options : callback) as (error: Error | null, address?: unknown, family?: number) => void;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    const entry = table[hostname];
    const addresses = (entry === undefined ? [] : Array.isArray(entry) ? entry : [entry]).map((address) => ({ address, family: isIP(address) }));
    queueMicrotask(() => {
      const first = addresses[0];
      if (first === undefined) cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
      else if (all) cb(null, addresses);
      else cb(null, first.address, first.family);
    });
  };
  return lookup as unknown as typeof dnsLookup;
}

/**
 * For a test file: returns `serve(routes)`, which starts a server that is closed after each test.
 * Call it at the top level of the file (it registers an afterEach hook).
 */
export function useFeedServer(): (routes: Routes) => Promise<FeedServer> {
  let current: FeedServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (routes) => {
    await current?.close();
    current = await startFeedServer(routes);
    return current;
  };
}
