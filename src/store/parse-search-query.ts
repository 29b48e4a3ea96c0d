// Turns a user's search text into safe FTS5 match expressions: no input can be a syntax error.
import { hasUnsegmentedScript } from './rows.js';

/**
 * One search, planned for both indexes; a hit on either counts. Within each, all terms are ANDed.
 * - `words` for `items_fts` (space-separated languages), null when any term is in a script
 *   without spaces: such items are only reachable through the trigram index anyway.
 * - `ngrams` + `substrings` for items with such scripts, where words are glued to their
 *   neighbours ("Googleが", "生成AIと"): terms of 3+ characters go to the trigram index, shorter
 *   ones (e.g. 2-character Japanese words, "AI") to a LIKE substring match.
 */
export interface SearchPlan {
  words: string | null;
  ngrams: string | null;
  substrings: string[];
}

// A term with no letter or digit tokenises to nothing, and an empty phrase matches nothing,
// which would empty the AND: such terms ("*", "-", "&&") are dropped instead.
const SEARCHABLE = /[\p{L}\p{N}]/u;
const TRIGRAM = 3;
// Bounds the work (and the number of distinct cached statements) one pasted paragraph can cause.
const MAX_TERMS = 16;

/**
 * Parses free text: whitespace-separated words, "double-quoted phrases" (an unclosed quote runs
 * to the end), and a trailing `*` on a word for prefix search; terms past the 16th are ignored.
 * Every term is emitted as a quoted FTS5 string, so operators typed by the user (AND, NEAR(, -,
 * ^, :) are plain text. Returns null when nothing in the input is searchable.
 *
 * @see https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
export function parseSearchQuery(input: string): SearchPlan | null {
  const terms = [...splitTerms(input)].filter((term) => SEARCHABLE.test(term.text)).slice(0, MAX_TERMS);
  if (terms.length === 0) return null;

  const ngrams: string[] = [];
  const substrings: string[] = [];
  for (const { text } of terms) {
    // Trigram matching is substring matching already, so a prefix star adds nothing there.
    if ([...text].length >= TRIGRAM) ngrams.push(quote(text));
    else substrings.push(text);
  }
  const segmented = terms.every((term) => !hasUnsegmentedScript(term.text));
  return {
    words: segmented ? terms.map(({ text, prefix }) => (prefix ? `${quote(text)} *` : quote(text))).join(' AND ') : null,
    ngrams: ngrams.length > 0 ? ngrams.join(' AND ') : null,
    substrings,
  };
}

/** Escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'` and wraps the text in wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function* splitTerms(input: string): Generator<{ text: string; prefix: boolean }> {
  // Control characters (NUL ends an SQL string in FTS5's parser) are never part of a search.
  // eslint-disable-next-line no-control-regex
  let rest = input.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, ' ');
  while (rest.length > 0) {
    rest = rest.trimStart();
    if (rest.startsWith('"')) {
      const close = rest.indexOf('"', 1);
      const phrase = close === -1 ? rest.slice(1) : rest.slice(1, close);
      rest = close === -1 ? '' : rest.slice(close + 1);
      yield { text: phrase.replace(/\s+/g, ' ').trim(), prefix: false };
      continue;
    }
    const match = /^[^\s"]+/.exec(rest);
    if (!match) break;
    rest = rest.slice(match[0].length);
    const stripped = match[0].replace(/\*+$/, '');
    yield { text: stripped, prefix: stripped.length < match[0].length };
  }
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
