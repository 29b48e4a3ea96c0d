// Subscription keywords against an item's text: case- and accent-insensitive, whole words for
// space-separated scripts, substrings for scripts written without spaces (CJK, Thai).
import { hasUnsegmentedScript } from './rows.js';

/** A keyword prepared once per subscription, so each item costs a set lookup or one `includes`. */
export type CompiledKeyword =
  | { kind: 'word'; word: string }
  /** Several words in a row, as ` a b ` against the item's space-joined words. */
  | { kind: 'phrase'; first: string; spaced: string }
  /** Contains a script without spaces: "著作権" must be found inside "著作権法を改正". */
  | { kind: 'substring'; text: string };

/** An item's text prepared once for every subscription that looks at it. */
export interface SearchableText {
  words: ReadonlySet<string>;
  /** The words joined by single spaces, with a space at each end. */
  spaced: string;
  /** The whole text folded, whitespace collapsed: for substring keywords. */
  folded: string;
}

// Accents are dropped only on scripts where they are optional decoration for a search; on kana
// (が/か), Thai or Devanagari the marks change the word.
const ACCENTED = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const UNSEGMENTED_CHARS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Lower case, compatibility forms unified (full-width "ＥＵ" is "eu") and Latin, Greek and
 * Cyrillic accents removed ("Société" is "societe").
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(ACCENTED, '$1').normalize('NFC').toLowerCase();
}

/** Null for a keyword with nothing to match (no letter or digit): it never matches. */
export function compileKeyword(keyword: string): CompiledKeyword | null {
  const folded = foldText(keyword).replace(/\s+/g, ' ').trim();
  if (hasUnsegmentedScript(folded)) return { kind: 'substring', text: folded };
  const words = folded.match(WORD) ?? [];
  if (words.length === 0) return null;
  if (words.length === 1) return { kind: 'word', word: words[0] as string };
  return { kind: 'phrase', first: words[0] as string, spaced: ` ${words.join(' ')} ` };
}

/** Prepares the parts of an item (title, summary, text) for {@link containsKeyword}. */
export function searchableText(parts: ReadonlyArray<string | null>): SearchableText {
  const folded = foldText(parts.filter((part): part is string => part !== null).join('\n')).replace(/\s+/g, ' ');
  // Latin words glued to CJK ("Googleが") are still whole words: the CJK run is a boundary.
  const words = folded.replace(UNSEGMENTED_CHARS, ' ').match(WORD) ?? [];
  return { words: new Set(words), spaced: ` ${words.join(' ')} `, folded };
}

export function containsKeyword(text: SearchableText, keyword: CompiledKeyword): boolean {
  switch (keyword.kind) {
    case 'word':
      return text.words.has(keyword.word);
    case 'phrase':
      // The set lookup rules out almost every item before the string scan.
      return text.words.has(keyword.first) && text.spaced.includes(keyword.spaced);
    case 'substring':
      return text.folded.includes(keyword.text);
  }
}
