// Serves Herald's bundled sample feeds on 127.0.0.1 for the offline demo, like a real feed server:
// dates filled in relative to now, ETag and 304, gzip when asked.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SampleFeed {
  name: string;
  path: string;
  contentType: string;
  body: Buffer;
  etag: string;
}

export interface SampleServer {
  feeds: SampleFeed[];
  url(feed: SampleFeed): string;
  close(): Promise<void>;
}

const TOKEN = /\{\{(RFC822|ISO):NOW-(\d+)([mhd])\}\}/g;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Replaces `{{RFC822:NOW-2h}}` / `{{ISO:NOW-5d}}` with dates that far before `now`. */
export function renderDateTokens(text: string, now: Date): string {
  return text.replace(TOKEN, (_, format: string, amount: string, unit: keyof typeof UNIT_MS) => {
    const date = new Date(now.getTime() - Number(amount) * UNIT_MS[unit]);
    return format === 'ISO' ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : date.toUTCString().replace('GMT', '+0000');
  });
}

function contentTypeOf(file: string): string | null {
  if (file.endsWith('.rss.xml')) return 'application/rss+xml; charset=utf-8';
  if (file.endsWith('.atom.xml')) return 'application/atom+xml; charset=utf-8';
  if (file.endsWith('.json')) return 'application/feed+json; charset=utf-8';
  return null;
}

/** Reads every sample feed in `dir` and serves them until closed. */
export async function startSampleServer(dir: string, now: Date): Promise<SampleServer> {
  const feeds: SampleFeed[] = readdirSync(dir)
    .sort()
    .flatMap((file) => {
      const contentType = contentTypeOf(file);
      if (!contentType) return [];
      const body = Buffer.from(renderDateTokens(readFileSync(path.join(dir, file), 'utf8'), now));
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      return [{ name: file, path: `/${file}`, contentType, body, etag }];
    });

  const server: Server = createServer((req, res) => {
    const feed = feeds.find((f) => f.path === req.url);
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (req.headers['if-none-match'] === feed.etag) {
      res.writeHead(304, { etag: feed.etag }).end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? gzipSync(feed.body) : feed.body;
    res.writeHead(200, {
      'content-type': feed.contentType,
      etag: feed.etag,
      'cache-control': 'max-age=300',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'content-length': body.byteLength,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    feeds,
    url: (feed) => `http://127.0.0.1:${port}${feed.path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
