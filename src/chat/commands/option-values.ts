// Reads the values inside options that need more than a type check: mentions in every platform's
// spelling, comma-separated keywords, `since` dates and spans, and quoting what a member typed.
import type { Mention } from '../../domain/subscription.js';
import { cleanText, fitText } from '../text-limits.js';

// Discord snowflakes are digits, Slack ids upper-case letters and digits.
export const PLATFORM_ID = /^[A-Za-z0-9]{1,32}$/;
export const SPAN = /^(\d{1,6})\s*([hdw])$/i;
export type SpanUnit = 'h' | 'd' | 'w';
export const SPAN_MS: Record<SpanUnit, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The Date a validated `since` (ISO date or span like "7d") stands for, counted back from `now`. */
export function resolveSince(since: string, now: Date): Date {
  const span = SPAN.exec(since);
  if (span !== null) return new Date(now.getTime() - Number(span[1]) * SPAN_MS[(span[2] ?? 'd').toLowerCase() as SpanUnit]);
  return new Date(Date.parse(since));
}

/**
 * The mention a member asked for, in any form a platform writes one: `@here`, `@everyone`,
 * `@channel`, Slack's `<!here>`, `<!channel>`, `<@U123|name>`, `<!subteam^S123|@team>`, Discord's
 * `<@123>`, `<@!123>`, `<@&123>` — or an already typed Mention. Null when it is none of these.
 */
export function parseMention(raw: string | Mention): Mention | null {
  if (typeof raw !== 'string') return typedMention(raw);
  const text = raw.trim();
  const word = /^@?(here|everyone|channel)$/i.exec(text)?.[1] ?? /^<!(here|everyone|channel)(?:\|[^>]*)?>$/i.exec(text)?.[1];
  if (word !== undefined) return word.toLowerCase() === 'here' ? { kind: 'here' } : { kind: 'everyone' };
  const role = /^<(?:!subteam\^|@&)([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1];
  if (role !== undefined && PLATFORM_ID.test(role)) return { kind: 'role', id: role };
  const user = /^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(text)?.[1];
  if (user !== undefined && PLATFORM_ID.test(user)) return { kind: 'user', id: user };
  return null;
}

// A Mention built by an adapter (Discord's mentionable option) is checked like typed text.
function typedMention(mention: Mention): Mention | null {
  switch (mention.kind) {
    case 'here':
    case 'everyone':
      return { kind: mention.kind };
    case 'role':
    case 'user':
      return typeof mention.id === 'string' && PLATFORM_ID.test(mention.id) ? { kind: mention.kind, id: mention.id } : null;
    default:
      return null;
  }
}

/** Splits comma-separated keywords: trimmed, cleaned, blanks dropped, duplicates (any case) once. */
export function splitKeywords(raw: string | readonly string[]): string[] {
  const parts = typeof raw === 'string' ? raw.split(',') : raw.flatMap((entry) => entry.split(','));
  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const part of parts) {
    const keyword = cleanText(part);
    const key = keyword.toLowerCase();
    if (keyword === '' || seen.has(key)) continue;
    seen.add(key);
    keywords.push(keyword);
  }
  return keywords;
}

/** What the member typed, cleaned and shortened, in quotes, for a problem sentence. */
export function quoteInput(text: string): string {
  return `'${fitText(cleanText(text), 40)}'`;
}
