// Reads JSON Feed 1.0 and 1.1 documents into Herald's ParsedFeed.
import type { ParsedEntry, ParsedFeed } from '../domain/index.js';
import { HeraldError } from '../errors.js';
import { resolveUrl } from './canonical-url.js';
import { renderHtml } from './html-text.js';
import { MAX_ENTRIES } from './parse-xml-feed.js';
import { parseDate } from './parse-date.js';
import { escapeText } from 'entities';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** True when a parsed JSON value has the shape of a JSON Feed. */
export function looksLikeJsonFeed(doc: unknown): doc is Json {
  if (!isObject(doc)) return false;
  if (typeof doc['version'] === 'string' && /jsonfeed\.org\/version\//i.test(doc['version'])) return true;
  return Array.isArray(doc['items']) && ['version', 'title', 'home_page_url', 'feed_url'].some((k) => typeof doc[k] === 'string');
}

/**
 * Parses a JSON Feed. Throws HeraldError `ingest/json-syntax` for text that is not JSON and
 * `ingest/not-a-feed` for JSON that is not a feed.
 *
 * @see https://www.jsonfeed.org/version/1.1/
 */
export function parseJsonFeed(text: string, documentUrl: string | null): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new HeraldError('ingest/json-syntax', `The document is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  if (!looksLikeJsonFeed(doc)) {
    throw new HeraldError('ingest/not-a-feed', 'The document is JSON but not a JSON Feed (no "version" or "items").');
  }
  const base = resolveUrl(str(doc['feed_url']) ?? '', documentUrl) ?? documentUrl;
  const language = str(doc['language']);
  const items = Array.isArray(doc['items']) ? doc['items'].slice(0, MAX_ENTRIES) : [];
  const entries: ParsedEntry[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    try {
      entries.push(readItem(item, base, language));
    } catch {
      // A malformed item is skipped; the others still count.
    }
  }
  const title = str(doc['title']);
  const homePage = str(doc['home_page_url']);
  return {
    format: 'json',
    title: title === null ? null : plainTitle(title),
    link: homePage === null ? null : absolute(homePage, base),
    language,
    ttlMinutes: null,
    skipHours: [],
    skipDays: [],
    entries,
  };
}

// An absolute link is kept as written; a relative one is resolved against the feed's URL.
function absolute(url: string, base: string | null): string | null {
  const resolved = resolveUrl(url, base);
  return resolved !== null && /^https?:\/\/\S+$/i.test(url) ? url : resolved;
}

// JSON Feed titles are plain text by the spec; collapse whitespace only.
function plainTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().normalize('NFC');
}

function authorOf(item: Json): string | null {
  const authors = Array.isArray(item['authors']) ? item['authors'] : [item['author']];
  for (const a of authors) {
    if (isObject(a)) {
      const name = str(a['name']);
      if (name !== null) return name;
    }
  }
  return null;
}

function readItem(item: Json, base: string | null, feedLanguage: string | null): ParsedEntry {
  const id = typeof item['id'] === 'number' ? String(item['id']) : str(item['id']);
  const url = str(item['url']) ?? str(item['external_url']);
  const contentHtml = str(item['content_html']);
  const contentText = str(item['content_text']) ?? str(item['summary']);
  let body: { html: string; text: string } | null = null;
  if (contentHtml !== null) body = renderHtml(contentHtml, base);
  else if (contentText !== null) body = { html: escapeText(contentText), text: contentText.normalize('NFC') };
  const title = str(item['title']);
  const tags = Array.isArray(item['tags']) ? item['tags'].filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
  return {
    guid: id,
    title: title === null ? null : plainTitle(title),
    link: url === null ? null : absolute(url, base),
    published: str(item['date_published']) === null ? null : parseDate(item['date_published'] as string),
    updated: str(item['date_modified']) === null ? null : parseDate(item['date_modified'] as string),
    text: body?.text ?? null,
    html: body?.html ?? null,
    author: authorOf(item),
    categories: tags.map((t) => t.trim()),
    language: str(item['language']) ?? feedLanguage,
  };
}
