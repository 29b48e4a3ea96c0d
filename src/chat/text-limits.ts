// Text helpers every renderer shares: clean untrusted text, fit it into a platform's length limit
// without breaking a character or an escape, and accept only links that are safe to show.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** What a cut text ends with. */
export const ELLIPSIS = '…';

/**
 * Removes what untrusted text could use to rewrite or disguise a message — ANSI escapes, control
 * characters, bidi overrides and isolates, lone surrogates — and folds all whitespace to single
 * spaces (alerts are one paragraph per field).
 */
export function cleanText(text: string): string {
  // Matching control characters is the point here.
  /* eslint-disable no-control-regex */
  return text
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b./g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/\s+/g, ' ')
    .trim();
  /* eslint-enable no-control-regex */
}

/**
 * Shortens `text` so that, with every grapheme passed through `escape`, it is at most `max` UTF-16
 * code units, ending with "…" when something was cut. Cuts fall between graphemes — never inside a
 * surrogate pair, an emoji ZWJ sequence or an escape — and at a space when one is near the end.
 *
 * Lengths are UTF-16 code units (`string.length`): Discord counts code points and Slack
 * characters, and code units are never fewer, so a text that fits here fits there.
 */
export function fitText(text: string, max: number, escape: (grapheme: string) => string = (g) => g): string {
  if (max <= 0) return '';
  const pieces: string[] = [];
  let length = 0;
  // Where each space sits (piece index, length before it), to cut at the last word boundary.
  const spaces: Array<[number, number]> = [];
  let overflow = false;
  // The first piece left out: a space there means the kept text ends with a whole word.
  let next = '';
  for (const { segment } of segmenter.segment(text)) {
    const piece = escape(segment);
    if (length + piece.length > max) {
      overflow = true;
      next = piece;
      break;
    }
    if (segment === ' ') spaces.push([pieces.length, length]);
    pieces.push(piece);
    length += piece.length;
  }
  if (!overflow) return pieces.join('');
  // Make room for the ellipsis.
  const room = max - ELLIPSIS.length;
  if (room < 0) return '';
  while (length > room) {
    const removed = pieces.pop();
    if (removed === undefined) break;
    length -= removed.length;
    next = removed;
  }
  // A word boundary reads better, unless it would throw away too much (long words, CJK).
  while (spaces.length > 0 && (spaces.at(-1)?.[0] ?? 0) >= pieces.length) spaces.pop();
  const space = spaces.at(-1);
  if (next !== ' ' && space !== undefined && space[1] >= length * 0.6) pieces.length = space[0];
  return `${pieces.join('').trimEnd()}${ELLIPSIS}`;
}

/** The result of {@link joinWithinLimit}. */
export interface JoinedList {
  text: string;
  /** How many items the text shows. */
  shown: number;
}

/**
 * Joins as many of `items` (already escaped) as fit in `max` code units, in order, followed by
 * `more(hidden, shown)` for the rest — e.g. "A, B and 287 more". At most `maxItems` are shown;
 * `extraHidden` counts items the caller already left out.
 */
export function joinWithinLimit(
  items: readonly string[],
  options: { max: number; separator: string; maxItems?: number; extraHidden?: number; more: (hidden: number, shown: number) => string },
): JoinedList {
  const limit = Math.min(items.length, options.maxItems ?? items.length);
  const extra = options.extraHidden ?? 0;
  const tail = (shown: number): string => {
    const hidden = items.length - shown + extra;
    return hidden === 0 ? '' : options.more(hidden, shown);
  };
  let best = -1;
  let head = 0;
  for (let shown = 0; shown <= limit; shown++) {
    if (shown > 0) head += (items[shown - 1]?.length ?? 0) + (shown > 1 ? options.separator.length : 0);
    if (head > options.max) break;
    if (head + tail(shown).length <= options.max) best = shown;
  }
  if (best < 0) return { text: '', shown: 0 };
  return { text: `${items.slice(0, best).join(options.separator)}${tail(best)}`, shown: best };
}

/**
 * The URL as an absolute http(s) link of at most `maxLength` code units, or null: other schemes
 * (javascript:, data:), credentials (`https://bank.example@evil`) and unparseable text are refused.
 * Characters that end a link in chat markup — ( ) | < > space " ` — are percent-encoded.
 */
export function safeHttpUrl(url: string | null | undefined, maxLength: number): string | null {
  if (url === null || url === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  const href = parsed.href.replace(/[()|<>\s"`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return href.length <= maxLength ? href : null;
}
