// Finds configured phrases in a text in one pass over its words (a map from first word to phrases)
// plus a substring search for CJK phrases, which have no spaces to split on.

/** Finds phrases in tokenized text; each match yields the phrase as configured (lower-cased). */
export interface PhraseScanner {
  /** Matched phrases in text order (CJK phrases after the word phrases); a longer phrase hides the shorter ones inside it. */
  scan(tokens: Tokens): string[];
}

/** A text split once into words, shared by every scanner that reads it. */
export interface Tokens {
  lower: string;
  words: string[];
  /** True where a sentence or list break separates a word from the previous one. */
  breakBefore: boolean[];
  hasCjk: boolean;
}

interface WordPhrase {
  phrase: string;
  words: string[];
  /** The last word may continue (a trailing * in the config). */
  prefix: boolean;
}

// Latin, Greek and Cyrillic words; CJK letters are left to the substring search.
const WORD = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}\p{M}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// Phrases do not run across a sentence or list break: . ! ? ; : | • · / and newline.
const BREAKS = new Set(['.', '!', '?', ';', ':', '|', '•', '·', '/', '\n']);

/** Lower-cases and splits a text into words once. */
export function tokenize(text: string): Tokens {
  const lower = text.toLowerCase();
  const words: string[] = [];
  const breakBefore: boolean[] = [];
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    words.push(m[0]);
    let isBreak = false;
    for (let k = last; k < m.index && !isBreak; k++) isBreak = BREAKS.has(lower[k] ?? '');
    breakBefore.push(isBreak);
    last = m.index + m[0].length;
  }
  return { lower, words, breakBefore, hasCjk: CJK.test(lower) };
}

/** Builds a scanner for phrases written as in topics.yaml (`*` at the end matches any ending). */
export function createPhraseScanner(phrases: readonly string[]): PhraseScanner {
  const byFirst = new Map<string, WordPhrase[]>();
  const prefixFirst: WordPhrase[] = [];
  const cjk: string[] = [];
  for (const raw of phrases) {
    const phrase = raw.toLowerCase();
    if (CJK.test(phrase)) {
      cjk.push(phrase);
      continue;
    }
    const prefix = phrase.endsWith('*');
    const words = phrase.match(WORD) ?? [];
    const first = words[0];
    if (first === undefined) continue;
    const entry: WordPhrase = { phrase, words, prefix };
    if (prefix && words.length === 1) prefixFirst.push(entry);
    else byFirst.set(first, [...(byFirst.get(first) ?? []), entry]);
  }
  // Longest first, so "anonymous sources" wins over "anonymous" at the same word.
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length || b.phrase.length - a.phrase.length);
  cjk.sort((a, b) => b.length - a.length);

  return {
    scan({ lower, words, breakBefore, hasCjk }: Tokens): string[] {
      const found: string[] = [];
      for (let i = 0; i < words.length; ) {
        const hit = matchAt(words, breakBefore, i, byFirst.get(words[i] ?? '') ?? [], prefixFirst);
        if (hit) {
          found.push(hit.phrase);
          i += hit.words.length;
        } else i++;
      }
      if (cjk.length > 0 && hasCjk) found.push(...scanCjk(lower, cjk));
      return found;
    },
  };
}

function matchAt(words: string[], breakBefore: boolean[], i: number, candidates: WordPhrase[], prefixes: WordPhrase[]): WordPhrase | undefined {
  for (const c of candidates) {
    if (i + c.words.length > words.length) continue;
    let ok = true;
    for (let k = 0; k < c.words.length && ok; k++) {
      const want = c.words[k] ?? '';
      const got = words[i + k] ?? '';
      if (k > 0 && breakBefore[i + k]) ok = false;
      else ok = c.prefix && k === c.words.length - 1 ? got.startsWith(want) : got === want;
    }
    if (ok) return c;
  }
  const word = words[i] ?? '';
  return prefixes.find((p) => word.startsWith(p.words[0] ?? ''));
}

function scanCjk(text: string, phrases: readonly string[]): string[] {
  const taken: Array<[number, number]> = [];
  const found: string[] = [];
  for (const phrase of phrases) {
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + phrase.length)) {
      const end = at + phrase.length;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      found.push(phrase);
    }
  }
  return found;
}
