// The `herald inspect --json` contract: one document in, one JSON-ready answer out, so that the
// same view of a feed serves moderators, the conformance scorer and tests.
import type { FeedFormat } from '../domain/index.js';
import { HeraldError } from '../errors.js';
import { parseFeedSync } from './parse-feed.js';

/** One item as `inspect --json` shows it. Dates are ISO 8601 UTC. */
export interface InspectedItem {
  guid: string | null;
  title: string | null;
  link: string | null;
  published: string | null;
  updated: string | null;
  text: string | null;
  html: string | null;
}

/** The answer for one input: the feed and its items, or a coded error. */
export type InspectResult =
  | { input: string; ok: true; feed: { title: string | null; link: string | null; format: FeedFormat }; items: InspectedItem[] }
  | { input: string; ok: false; error: { code: string; message: string } };

/**
 * The contract's error code for a thrown value: a HeraldError's code without its module and
 * with underscores ('ingest/xml-syntax' → 'xml_syntax'); anything else is 'internal', a bug.
 */
export function contractErrorCode(error: unknown): string {
  if (!(error instanceof HeraldError)) return 'internal';
  const code = error.code.includes('/') ? error.code.slice(error.code.indexOf('/') + 1) : error.code;
  return code.replace(/-/g, '_');
}

/** A failed answer for `input`, with the contract's error code. */
export function inspectFailure(input: string, error: unknown, code = contractErrorCode(error)): InspectResult {
  const message = error instanceof Error ? error.message : String(error);
  return { input, ok: false, error: { code, message } };
}

/**
 * Parses one document and shapes the answer of the `herald inspect --json` contract. Never
 * throws: rejections become `ok: false` answers.
 */
export function inspectDocument(
  input: string,
  bytes: Uint8Array,
  options: { baseUrl?: string | null; contentType?: string | null } = {},
): InspectResult {
  try {
    const feed = parseFeedSync({ bytes, contentType: options.contentType ?? null, url: options.baseUrl ?? null });
    return {
      input,
      ok: true,
      feed: { title: feed.title, link: feed.link, format: feed.format },
      items: feed.entries.map((e) => ({
        guid: e.guid,
        title: e.title,
        link: e.link,
        published: e.published?.toISOString() ?? null,
        updated: e.updated?.toISOString() ?? null,
        text: e.text,
        html: e.html,
      })),
    };
  } catch (error) {
    return inspectFailure(input, error);
  }
}
