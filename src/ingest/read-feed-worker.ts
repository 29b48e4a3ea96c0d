// Worker-thread side of the read-feed pool: parses and normalises the documents the main thread
// sends, so parsing runs on another core while the main thread fetches and stores.
import { parentPort } from 'node:worker_threads';
import { HeraldError } from '../errors.js';
import { readFeedSync } from './read-feed.js';
import type { ReadFeedReply, ReadFeedRequest, SerialisedError } from './read-feed-pool.js';

if (parentPort === null) {
  throw new HeraldError('internal', 'read-feed-worker.js runs only as a worker thread started by createReadFeedPool.');
}
const port = parentPort;

port.on('message', (request: ReadFeedRequest) => {
  let reply: ReadFeedReply;
  try {
    const result = readFeedSync({ bytes: request.bytes, contentType: request.contentType, url: request.url, now: new Date(request.now) });
    reply = { id: request.id, ok: true, result };
  } catch (error) {
    reply = { id: request.id, ok: false, error: serialiseError(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    // Something in the reply could not be cloned (only error details can hold arbitrary values).
    port.postMessage({ id: request.id, ok: false, error: serialiseError(error) } satisfies ReadFeedReply);
  }
});

// HeraldError does not survive structured clone (it arrives as a plain Error without its code),
// so it crosses as its fields and is rebuilt on the main side.
function serialiseError(error: unknown): SerialisedError {
  if (error instanceof HeraldError) {
    return { code: error.code, message: error.message, retryable: error.retryable, details: cloneable(error.details), stack: error.stack ?? null };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, retryable: false, details: {}, stack: error instanceof Error ? (error.stack ?? null) : null };
}

function cloneable(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(details);
  } catch {
    // Functions or class instances in details: keep what JSON can say about them.
    try {
      return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
}
