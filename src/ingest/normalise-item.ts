// Turns parsed entries into items ready to store: a stable identity, a canonical URL, a title
// that is never empty, and dates settled in UTC.
import { createHash } from 'node:crypto';
import type { NormalisedItem, ParsedEntry } from '../domain/index.js';
import { canonicalUrl, resolveUrl } from './canonical-url.js';

export interface NormaliseContext {
  /** URL the feed was fetched from; links the parser could not make absolute resolve against it. */
  feedUrl: string;
  /** The poll time: the publication time of undated entries, and the cap for future dates. */
  now: Date;
}

// Publishers' clocks drift; a few minutes ahead is not "in the future".
const FUTURE_TOLERANCE_MS = 10 * 60_000;
const TITLE_FROM_TEXT = 80;
const HASH_TEXT_PREFIX = 500;

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function counts(values: Array<string | null>): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** The first ~80 characters of `text`, cut at a word boundary, with an ellipsis when cut. */
function titleFromText(text: string): string | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  const chars = [...line];
  if (chars.length <= TITLE_FROM_TEXT) return line;
  const head = chars.slice(0, TITLE_FROM_TEXT).join('');
  const cut = head.lastIndexOf(' ');
  return `${(cut > TITLE_FROM_TEXT / 2 ? head.slice(0, cut) : head).trimEnd()}…`;
}

/**
 * Normalises one feed's entries. Identity is `guid:<guid>` when the guid is present and unique
 * in this feed, else `url:<canonical link>` when that is present and unique, else
 * `hash:<sha256 of title, date and text prefix>`. Entries whose identity repeats an earlier
 * entry's are dropped (the feed listed the same thing twice), and so are entries with no title,
 * link, guid or text. Deterministic for the same input.
 */
export function normaliseEntries(entries: readonly ParsedEntry[], ctx: NormaliseContext): NormalisedItem[] {
  const urls = entries.map((e) => {
    // Parsed links are absolute already unless the feed had no base; resolve only those.
    const link = e.link === null ? null : /^https?:\/\//i.test(e.link) ? e.link : resolveUrl(e.link, ctx.feedUrl);
    return link === null ? null : canonicalUrl(link);
  });
  const guids = entries.map((e) => {
    const g = e.guid?.trim() ?? '';
    return g === '' ? null : g;
  });
  const guidCounts = counts(guids);
  const urlCounts = counts(urls);
  const nowMs = ctx.now.getTime();
  const seen = new Set<string>();
  const items: NormalisedItem[] = [];

  entries.forEach((entry, i) => {
    const guid = guids[i] ?? null;
    const url = urls[i] ?? null;
    const text = entry.text ?? '';
    // An entry with nothing in it (<entry/>) has nothing to store or alert on.
    if (guid === null && url === null && text === '' && !entry.title?.trim()) return;
    const given = entry.published ?? entry.updated;
    const title = entry.title?.trim() || titleFromText(text) || '(untitled)';

    let identity: string;
    if (guid !== null && guidCounts.get(guid) === 1) identity = `guid:${guid}`;
    else if (url !== null && urlCounts.get(url) === 1) identity = `url:${url}`;
    else identity = `hash:${sha256(`${entry.title ?? ''}\n${given?.toISOString() ?? ''}\n${text.slice(0, HASH_TEXT_PREFIX)}`)}`;
    if (seen.has(identity)) return;
    seen.add(identity);

    const usable = given !== null && given.getTime() <= nowMs + FUTURE_TOLERANCE_MS;
    const aliases = [guid === null ? null : `guid:${guid}`, url === null ? null : `url:${url}`].filter(
      (key): key is string => key !== null && key !== identity,
    );
    items.push({
      identity,
      aliases,
      guid,
      url,
      title,
      text,
      html: entry.html,
      publishedAt: (usable ? given : ctx.now).toISOString(),
      updatedAt: entry.updated?.toISOString() ?? null,
      dateEstimated: !usable,
      language: entry.language,
      categories: entry.categories,
      author: entry.author,
      contentHash: sha256(`${title}\n${text}\n${url ?? ''}`),
    });
  });
  return items;
}
