// The bench server's request handler: serves corpus documents with ETag, Last-Modified and
// Cache-Control, answers 304 to a matching conditional GET, and counts what it sent.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { CorpusDocument } from './generate-corpus.js';

/** Request counts since the last {@link CorpusServer.takeStats}, so each round can be checked. */
export interface ServerStats {
  ok: number;
  notModified: number;
  notFound: number;
  bytesSent: number;
}

export interface CorpusServer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Returns the counts so far and starts counting again from zero. */
  takeStats(): ServerStats;
}

interface Route {
  contentType: string;
  etag: string;
  body: Buffer;
  gzipped: Buffer | null;
}

/** One fixed date for every document: the corpus does not change while the server runs. */
export const CORPUS_LAST_MODIFIED = new Date(Date.UTC(2026, 0, 1)).toUTCString();

/**
 * Builds the handler. With `gzip`, bodies are compressed once up front and sent to clients that
 * accept gzip, as most feed hosts do.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-13.1.2
 */
export function createCorpusServer(documents: readonly CorpusDocument[], options: { gzip: boolean }): CorpusServer {
  const routes = new Map<string, Route>(
    documents.map((doc) => [
      doc.path,
      {
        contentType: doc.contentType,
        etag: `"${createHash('sha1').update(doc.body).digest('base64url').slice(0, 20)}"`,
        body: doc.body,
        gzipped: options.gzip ? gzipSync(doc.body) : null,
      },
    ]),
  );
  let stats: ServerStats = { ok: 0, notModified: 0, notFound: 0, bytesSent: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const route = routes.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!route) {
      stats.notFound += 1;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const validators = { etag: route.etag, 'last-modified': CORPUS_LAST_MODIFIED, 'cache-control': 'public, max-age=600' };
    // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
    const inm = req.headers['if-none-match'];
    const unchanged = inm !== undefined
      ? inm.split(',').some((tag) => tag.trim() === route.etag)
      : req.headers['if-modified-since'] === CORPUS_LAST_MODIFIED;
    if (unchanged) {
      stats.notModified += 1;
      res.writeHead(304, validators).end();
      return;
    }
    const useGzip = route.gzipped !== null && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = useGzip && route.gzipped ? route.gzipped : route.body;
    stats.ok += 1;
    stats.bytesSent += body.byteLength;
    res.writeHead(200, {
      ...validators,
      'content-type': route.contentType,
      'content-length': String(body.byteLength),
      ...(useGzip ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}),
    });
    res.end(body);
  };

  return {
    handle,
    takeStats: () => {
      const taken = stats;
      stats = { ok: 0, notModified: 0, notFound: 0, bytesSent: 0 };
      return taken;
    },
  };
}
