// A pool of worker threads running readFeed (parse + normalise), so that parsing one feed overlaps
// fetching and storing others on the main thread.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { HeraldError, type ErrorCode } from '../errors.js';
import type { ReadFeedFn, ReadFeedInput, ReadFeedResult } from './read-feed.js';

/** Main → worker: one document to read. `now` crosses as epoch milliseconds. */
export interface ReadFeedRequest {
  id: number;
  bytes: Uint8Array;
  contentType: string | null;
  url: string;
  now: number;
}

/** A HeraldError as plain data: the class itself does not survive structured clone. */
export interface SerialisedError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  details: Record<string, unknown>;
  stack: string | null;
}

/** Worker → main: the result of one request. */
export type ReadFeedReply =
  | { id: number; ok: true; result: ReadFeedResult }
  | { id: number; ok: false; error: SerialisedError };

export interface ReadFeedPoolOptions {
  /** Worker threads; at least 1. */
  size: number;
  /** The compiled worker module; default `read-feed-worker.js` next to this file (dist/ingest/). */
  workerUrl?: URL;
  /** V8 heap limits per worker; a worker that exceeds them is replaced. */
  resourceLimits?: ResourceLimits;
}

export interface ReadFeedPool {
  /**
   * Parses and normalises one document on a worker thread; resolves to what `readFeedSync` returns
   * and rejects with the same HeraldError code, message and details. The input bytes are handed
   * over, not copied, when the array owns its whole buffer: the caller's array is empty afterwards.
   */
  readFeed: ReadFeedFn;
  /** Terminates every worker; calls still in flight reject with `internal`. */
  close(): Promise<void>;
}

// A real 5 MiB feed (the fetch cap; 1,600 items) parses in under 64 MB of heap; a hostile one that
// needs more than 128 MB (a million empty elements) kills only its worker and fails as too large
// (see tooBigToParse). Both generations are capped because the worker's heap counts in the
// process's RSS (256 MB old generation: 263 MB peak on the benchmark, 128 MB: 248 MB, no slower);
// a young generation under 16 MB made parsing slower.
export const POOL_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } as const satisfies ResourceLimits;

interface Call {
  resolve: (result: ReadFeedResult) => void;
  reject: (error: HeraldError) => void;
  url: string;
}

interface Slot {
  worker: Worker | null;
  calls: Map<number, Call>;
}

/**
 * Starts a pool of `size` parse workers. Workers start on first use and are replaced when one
 * crashes (its in-flight calls reject with a retryable `internal` error). An idle pool does not
 * keep the process alive.
 *
 * @see https://nodejs.org/docs/latest-v20.x/api/worker_threads.html
 */
export function createReadFeedPool(options: ReadFeedPoolOptions): ReadFeedPool {
  if (!Number.isInteger(options.size) || options.size < 1) {
    throw new HeraldError('internal', `createReadFeedPool needs a size of at least 1, not ${options.size}.`);
  }
  const workerUrl = options.workerUrl ?? new URL('./read-feed-worker.js', import.meta.url);
  const resourceLimits = options.resourceLimits ?? POOL_RESOURCE_LIMITS;
  const slots: Slot[] = Array.from({ length: options.size }, () => ({ worker: null, calls: new Map() }));
  let nextId = 1;
  let turn = 0;
  let closed = false;

  const start = (slot: Slot): Worker => {
    const worker = new Worker(workerUrl, { resourceLimits });
    worker.unref();
    const fail = (why: string, outOfMemory = false): void => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      const calls = [...slot.calls.values()];
      slot.calls.clear();
      // Replaced on the next call rather than now: a worker that cannot start must not respawn in a loop.
      calls.forEach((call, index) => {
        // A worker reads its documents in order, so the oldest call is the one that used up the
        // heap: that feed's document is at fault; the others only waited behind it.
        if (outOfMemory && index === 0) call.reject(tooBigToParse(call.url, resourceLimits));
        else {
          call.reject(new HeraldError('internal', `The feed parser thread stopped while reading ${call.url}: ${why}`, {
            retryable: true,
            details: { url: call.url, workerUrl: workerUrl.href },
          }));
        }
      });
    };
    worker.on('message', (reply: ReadFeedReply) => {
      const call = slot.calls.get(reply.id);
      if (!call) return;
      slot.calls.delete(reply.id);
      if (slot.calls.size === 0) worker.unref();
      if (reply.ok) call.resolve(reply.result);
      else call.reject(revive(reply.error));
    });
    worker.on('error', (error) => fail(error.message, (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'));
    worker.on('messageerror', (error) => {
      fail(`a reply could not be read (${error.message})`);
      void worker.terminate();
    });
    worker.on('exit', (code) => fail(closed ? 'the pool was closed' : `it exited with code ${code}`));
    slot.worker = worker;
    return worker;
  };

  // Least busy first; among equals, the next in turn, so a steady stream spreads over all workers.
  const pick = (): Slot => {
    let best = slots[turn % slots.length] as Slot;
    for (let i = 1; i < slots.length; i++) {
      const slot = slots[(turn + i) % slots.length] as Slot;
      if (slot.calls.size < best.calls.size) best = slot;
    }
    turn = (slots.indexOf(best) + 1) % slots.length;
    return best;
  };

  const readFeed: ReadFeedFn = (input: ReadFeedInput) =>
    new Promise<ReadFeedResult>((resolve, reject) => {
      if (closed) {
        reject(new HeraldError('internal', 'The feed parser pool is closed.', { details: { url: input.url } }));
        return;
      }
      const slot = pick();
      const worker = slot.worker ?? start(slot);
      const id = nextId++;
      const { bytes, transfer } = transferable(input.bytes);
      const request: ReadFeedRequest = { id, bytes, contentType: input.contentType, url: input.url, now: input.now.getTime() };
      slot.calls.set(id, { resolve, reject, url: input.url });
      worker.ref();
      try {
        worker.postMessage(request, transfer);
      } catch (error) {
        // Nothing in a request should fail to clone; if something does, only this call fails.
        slot.calls.delete(id);
        if (slot.calls.size === 0) worker.unref();
        reject(new HeraldError('internal', `The document from ${input.url} could not be sent to the feed parser thread: ${(error as Error).message}`, {
          cause: error,
          details: { url: input.url },
        }));
      }
    });

  return {
    readFeed,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(slots.map(async (slot) => {
        const worker = slot.worker;
        if (worker) await worker.terminate();
      }));
    },
  };
}

// Transferring moves the buffer without copying, but only a buffer the array owns whole may move:
// a view into a larger buffer (Node's Buffer pool, a slice) is copied first. An empty array is
// never transferred: it may be one whose buffer already moved, and postMessage silently drops a
// message whose transfer list holds a detached buffer (the call would never settle).
function transferable(bytes: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  if (bytes.byteLength === 0) return { bytes: new Uint8Array(0), transfer: [] };
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    return { bytes, transfer: [buffer] };
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { bytes: copy, transfer: [copy.buffer] };
}

function tooBigToParse(url: string, limits: ResourceLimits): HeraldError {
  return new HeraldError(
    'ingest/too-large',
    `The document from ${url} needs more memory to parse than a feed may use (${limits.maxOldGenerationSizeMb ?? 'the default'} MB); it was not read.`,
    { retryable: false, details: { url, limitMb: limits.maxOldGenerationSizeMb ?? null } },
  );
}

function revive(error: SerialisedError): HeraldError {
  const cause = new Error(error.message);
  if (error.stack !== null) cause.stack = `${error.stack}\n    at (feed parser thread)`;
  return new HeraldError(error.code, error.message, { retryable: error.retryable, details: error.details, cause });
}
