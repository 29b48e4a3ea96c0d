// Reads a response body to bytes: undoes gzip/deflate/br while streaming and stops as soon as
// the decoded size passes the cap, so a compression bomb costs a few MiB, not gigabytes.
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { HeraldError } from '../errors.js';

/** Raised inside the pipeline; carried out as-is so callers see `ingest/too-large`. */
export function tooLargeError(url: string, limitBytes: number, receivedBytes: number | null, declared: boolean): HeraldError {
  const what = declared ? `declares ${receivedBytes} bytes` : 'is larger';
  return new HeraldError(
    'ingest/too-large',
    `The response from ${url} ${what}, over the ${limitBytes}-byte limit (config key fetch.maxBodySize).`,
    { retryable: false, details: { url, limitBytes, receivedBytes } },
  );
}

/**
 * Reads `body` fully, decoding `contentEncoding`, and returns the decoded bytes.
 *
 * @throws HeraldError `ingest/too-large` as soon as more than `maxBytes` decoded bytes arrive;
 *   `ingest/decode` for an unsupported coding or a corrupt compressed stream. Stream errors
 *   (socket, abort) are rethrown untouched for the caller to classify.
 */
export async function readBody(body: Readable, contentEncoding: string | null, maxBytes: number, url: string): Promise<Uint8Array> {
  const coding = (contentEncoding ?? 'identity').trim().toLowerCase();
  const iterator: AsyncIterator<Buffer> = body[Symbol.asyncIterator]();
  try {
    // Deflate comes zlib-wrapped (RFC 1950, as specified) or raw (what some servers send); the
    // first two bytes tell which, so read them before choosing the decoder.
    const head = await readAtLeast(iterator, 2);
    if (head.bytes.length === 0) return new Uint8Array(0);
    const decoder = createDecoder(coding, head.bytes, url);
    const chunks: Buffer[] = [];
    let total = 0;
    const source = async function* (): AsyncGenerator<Buffer> {
      yield head.bytes;
      if (head.done) return;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
    };
    const sink = async (decoded: AsyncIterable<Buffer>): Promise<void> => {
      for await (const chunk of decoded) {
        total += chunk.length;
        if (total > maxBytes) throw tooLargeError(url, maxBytes, total, false);
        chunks.push(chunk);
      }
    };
    try {
      if (decoder === null) await pipeline(source, sink);
      else await pipeline(source, decoder, sink);
    } catch (error) {
      if (isZlibError(error)) {
        throw new HeraldError('ingest/decode', `The ${coding}-compressed response from ${url} is corrupt: ${(error as Error).message}`, {
          cause: error,
          details: { url, contentEncoding: coding },
        });
      }
      throw error;
    }
    return Buffer.concat(chunks, total);
  } finally {
    // Frees the connection whether we finished, hit the cap or failed half-way; undici reports an
    // early destroy as an abort error that nobody is waiting for.
    body.on('error', () => undefined);
    body.destroy();
  }
}

async function readAtLeast(iterator: AsyncIterator<Buffer>, count: number): Promise<{ bytes: Buffer; done: boolean }> {
  let bytes: Buffer = Buffer.alloc(0);
  while (bytes.length < count) {
    const next = await iterator.next();
    if (next.done === true) return { bytes, done: true };
    bytes = bytes.length === 0 ? next.value : Buffer.concat([bytes, next.value]);
  }
  return { bytes, done: false };
}

function createDecoder(coding: string, head: Buffer, url: string): Transform | null {
  // Lenient flushing, as browsers do: a stream cut short still yields what arrived.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'identity':
    case '':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(flush);
    case 'deflate':
      return isZlibWrapped(head) ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new HeraldError('ingest/decode', `The response from ${url} uses Content-Encoding "${coding}", which Herald cannot decode.`, {
        details: { url, contentEncoding: coding },
      });
  }
}

/** RFC 1950 header: compression method 8 and a check value making the first 16 bits divisible by 31. */
function isZlibWrapped(head: Buffer): boolean {
  const cmf = head[0] ?? 0;
  const flg = head[1] ?? 0;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(Z_|ERR__ERROR_|ERR_BROTLI)/.test(code);
}
