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
  /** The vocabulary the text was tokenized with, if any, and its version then. */
  vocabulary: Vocabulary | null;
  vocabularyVersion: number;
  /** With a vocabulary: the words that may start a phrase of one of its scanners, by index… */
  starts: number[];
  /** …and, for each of them, its first word's number in the vocabulary (-1: only a prefix may match). */
  startIds: number[];
}

/**
 * What every scanner built on it looks for at the start of a phrase: first words (numbered) and
 * one-word prefixes. A text tokenized with it is looked up once for all of them, and each scanner
 * then visits only the few words that may start a phrase instead of every word.
 */
export interface Vocabulary {
  readonly ids: Map<string, number>;
  /** One-word prefixes by their first character. */
  readonly prefixes: Map<number, string[]>;
  /** Grows with every word or prefix added: tokens made before a scanner was added are not trusted by it. */
  version: number;
  /** `ids` as a hash table tokenize can probe without cutting words out first; built when first needed. */
  index?: VocabularyIndex;
}

interface VocabularyIndex {
  version: number;
  mask: number;
  /** id + 1 at the slot of the word's hash (linear probing); 0 is empty. */
  slots: Int32Array;
  words: string[];
  /** One-word prefixes by first character, for ASCII ones. */
  asciiPrefixes: Array<string[] | undefined>;
}

/** An empty vocabulary, to share between the scanners of one rule set. */
export function createVocabulary(): Vocabulary {
  return { ids: new Map(), prefixes: new Map(), version: 0 };
}

/** The hash tokenize computes while it reads a word: over its UTF-16 code units. */
function hashStep(h: number, unit: number): number {
  return (Math.imul(h, 31) + unit) | 0;
}

function indexOf(vocabulary: Vocabulary): VocabularyIndex {
  if (vocabulary.index?.version === vocabulary.version) return vocabulary.index;
  let size = 16;
  while (size < vocabulary.ids.size * 4) size *= 2;
  const slots = new Int32Array(size);
  const words: string[] = [];
  for (const [word, id] of vocabulary.ids) {
    words[id] = word;
    let h = 0;
    for (let k = 0; k < word.length; k++) h = hashStep(h, word.charCodeAt(k));
    let slot = h & (size - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
    slots[slot] = id + 1;
  }
  const asciiPrefixes = new Array<string[] | undefined>(0x80).fill(undefined);
  for (const [c, stems] of vocabulary.prefixes) if (c < 0x80) asciiPrefixes[c] = stems;
  vocabulary.index = { version: vocabulary.version, mask: size - 1, slots, words, asciiPrefixes };
  return vocabulary.index;
}

/** The vocabulary number of lower[start, end) whose hash is h, or -1. */
function lookUp(index: VocabularyIndex, lower: string, start: number, end: number, h: number): number {
  for (let slot = h & index.mask; ; slot = (slot + 1) & index.mask) {
    const entry = index.slots[slot] as number;
    if (entry === 0) return -1;
    const word = index.words[entry - 1] as string;
    if (word.length === end - start && lower.startsWith(word, start)) return entry - 1;
  }
}

interface WordPhrase {
  phrase: string;
  words: string[];
  /** The last word may continue (a trailing * in the config). */
  prefix: boolean;
}

// Latin, Greek and Cyrillic words; CJK letters are left to the substring search.
const WORD = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}\p{M}]+/gu;
const WORD_CHAR = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}\p{M}]$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// Phrases do not run across a sentence or list break: . ! ? ; : | • · / and newline.
const BREAKS = new Set(['.', '!', '?', ';', ':', '|', '•', '·', '/', '\n'].map((ch) => ch.charCodeAt(0)));

// A code point's class, decided once by the expressions above (so the scan below splits exactly as
// WORD would) and remembered: bit 0 word character, bit 1 CJK, bit 2 break, bit 7 "computed".
const IN_WORD = 1;
const IN_CJK = 2;
const IS_BREAK = 4;
const KNOWN = 0x80;
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();
const ASTRAL_CACHE = 4_096;

function computeClass(cp: number): number {
  const s = String.fromCodePoint(cp);
  return KNOWN | (WORD_CHAR.test(s) ? IN_WORD : 0) | (CJK.test(s) ? IN_CJK : 0) | (BREAKS.has(cp) ? IS_BREAK : 0);
}

// ASCII, most of most texts, from a table filled at start-up.
const ASCII_CLASSES = Uint8Array.from({ length: 0x80 }, (_, cp) => computeClass(cp));

function classOf(cp: number): number {
  if (cp < 0x80) return ASCII_CLASSES[cp] as number;
  const known = cp < 0x10000 ? (bmpClasses[cp] as number) : astralClasses.get(cp);
  if (known !== undefined && known !== 0) return known;
  const k = computeClass(cp);
  if (cp < 0x10000) bmpClasses[cp] = k;
  // Text can hold any of a million astral code points; remember only the first few thousand seen.
  else if (astralClasses.size < ASTRAL_CACHE) astralClasses.set(cp, k);
  return k;
}

/** Lower-cases and splits a text into words once (and finds where phrases of `vocabulary` may start). */
export function tokenize(text: string, vocabulary: Vocabulary | null = null): Tokens {
  const lower = text.toLowerCase();
  const words: string[] = [];
  const breakBefore: boolean[] = [];
  const starts: number[] = [];
  const startIds: number[] = [];
  const index = vocabulary === null ? null : indexOf(vocabulary);
  let hasCjk = false;
  let isBreak = false;
  let start = -1;
  let hash = 0;
  const n = lower.length;
  for (let i = 0; i <= n; ) {
    const unit = i < n ? lower.charCodeAt(i) : 0x20;
    let cp = unit;
    let width = 1;
    // A /u expression reads a surrogate pair as one code point, and a lone surrogate as itself.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < n) {
      const low = lower.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        width = 2;
      }
    }
    const k = classOf(cp);
    // Some CJK characters are numbers (〇, 〡), so inside words too.
    if (k & IN_CJK) hasCjk = true;
    if (k & IN_WORD) {
      if (start < 0) {
        start = i;
        hash = 0;
      }
      hash = hashStep(hash, unit);
      if (width === 2) hash = hashStep(hash, lower.charCodeAt(i + 1));
    } else {
      if (start >= 0) {
        const word = lower.slice(start, i);
        if (index !== null) {
          const id = lookUp(index, lower, start, i, hash);
          const c = word.charCodeAt(0);
          const stems = c < 0x80 ? index.asciiPrefixes[c] : vocabulary?.prefixes.get(c);
          if (id >= 0 || (stems !== undefined && startsWithAny(word, stems))) {
            starts.push(words.length);
            startIds.push(id);
          }
        }
        words.push(word);
        breakBefore.push(isBreak);
        isBreak = false;
        start = -1;
      }
      if (k & IS_BREAK) isBreak = true;
    }
    i += width;
  }
  return { lower, words, breakBefore, hasCjk, vocabulary, vocabularyVersion: vocabulary?.version ?? 0, starts, startIds };
}

function startsWithAny(word: string, stems: readonly string[]): boolean {
  for (const stem of stems) if (word.startsWith(stem)) return true;
  return false;
}

const NONE: readonly WordPhrase[] = [];

/**
 * Builds a scanner for phrases written as in topics.yaml (`*` at the end matches any ending). What
 * starts its phrases joins `vocabulary`: texts tokenized with it are scanned at those words only.
 */
export function createPhraseScanner(phrases: readonly string[], vocabulary: Vocabulary = createVocabulary()): PhraseScanner {
  const byFirst = new Map<string, WordPhrase[]>();
  // One-word prefixes by their first character (a word can only start with a prefix that shares it).
  const prefixFirst = new Map<number, WordPhrase[]>();
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
    if (prefix && words.length === 1) {
      const c = first.charCodeAt(0);
      prefixFirst.set(c, [...(prefixFirst.get(c) ?? []), entry]);
      vocabulary.prefixes.set(c, [...(vocabulary.prefixes.get(c) ?? []), first]);
      vocabulary.version++;
    } else byFirst.set(first, [...(byFirst.get(first) ?? []), entry]);
  }
  // Longest first, so "anonymous sources" wins over "anonymous" at the same word.
  const byId: WordPhrase[][] = [];
  for (const [first, list] of byFirst) {
    list.sort((a, b) => b.words.length - a.words.length || b.phrase.length - a.phrase.length);
    let id = vocabulary.ids.get(first);
    if (id === undefined) {
      id = vocabulary.ids.size;
      vocabulary.ids.set(first, id);
      vocabulary.version++;
    }
    byId[id] = list;
  }
  cjk.sort((a, b) => b.length - a.length);

  return {
    scan(tokens: Tokens): string[] {
      const { lower, words, breakBefore, hasCjk } = tokens;
      const found: string[] = [];
      const at = (i: number, candidates: readonly WordPhrase[] | undefined): number => {
        const word = words[i] as string;
        const hit = matchAt(words, breakBefore, i, candidates ?? NONE, prefixFirst.get(word.charCodeAt(0)) ?? NONE);
        if (!hit) return i + 1;
        found.push(hit.phrase);
        return i + hit.words.length;
      };
      if (tokens.vocabulary === vocabulary && tokens.vocabularyVersion === vocabulary.version) {
        // Only where a phrase may start; a match still hides the words it covers.
        const { starts, startIds } = tokens;
        let next = 0;
        for (let s = 0; s < starts.length; s++) {
          const i = starts[s] as number;
          const id = startIds[s] as number;
          if (i >= next) next = at(i, id >= 0 ? byId[id] : NONE);
        }
      } else {
        for (let i = 0; i < words.length; ) i = at(i, byFirst.get(words[i] as string));
      }
      if (cjk.length > 0 && hasCjk) found.push(...scanCjk(lower, cjk));
      return found;
    },
  };
}

function matchAt(words: string[], breakBefore: boolean[], i: number, candidates: readonly WordPhrase[], prefixes: readonly WordPhrase[]): WordPhrase | undefined {
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
