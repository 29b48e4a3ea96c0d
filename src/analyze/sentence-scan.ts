// What the summariser reads off each sentence: its character classes, who/what/where signals and
// content terms (five-character stems, CJK bigrams), in hand-rolled scans tuned for mostly-ASCII text.

/** A content term: a stem of a–z and 0–9 as a number (base 37), any other stem as its text. */
export type Term = number | string;

/** What one pass over a sentence counts. */
export interface CharCounts {
  visible: number;
  letters: number;
  cjkCount: number;
  nonAscii: number;
  spaces: number;
  /** Who/what/where signals: capitalised words after the first, katakana and kanji runs, numbers. */
  signals: number;
}

const STOPWORDS = new Set(
  ('a an and are as at be by for from has have in is it its of on or over the to was were will with ' +
    'after against new says say said de la le les des du el los las en et und der die das den von ' +
    'il di che per um uma o os para com').split(' '),
);

// Stopwords of a–z by the number of their (short) spelling; the few longer ones are compared in
// place, any spelled otherwise by their text.
const STEM = 5;
const STOP_CODES = new Set<number>();
const LONG_STOPWORDS: string[] = [];
const OTHER_STOPWORDS = new Set<string>();
for (const word of STOPWORDS) {
  if (!/^[a-z0-9]+$/.test(word)) OTHER_STOPWORDS.add(word);
  else if (word.length <= STEM) STOP_CODES.add([...word].reduce((code, ch) => code * 37 + digitOf(ch.charCodeAt(0)), 0));
  else LONG_STOPWORDS.push(word);
}

/** a–z → 1–26, 0–9 → 27–36: a stem of up to five of them is a small integer, and a unique one. */
function digitOf(c: number): number {
  return c >= 0x61 ? c - 0x60 : c - 0x30 + 27;
}

/**
 * Counts a sentence's characters and appends its content terms to `terms`, in text order, repeats
 * included. Terms are lower-cased words cut to five characters (a cheap stem), or character bigrams
 * of CJK runs, which have no spaces between words.
 */
export function scanSentence(sentence: string, terms: Term[]): CharCounts {
  collectTerms(sentence.toLowerCase(), terms);
  return countChars(sentence);
}

/** The distinct content terms of a text (see {@link scanSentence}). */
export function termsOf(text: string): Set<Term> {
  const terms: Term[] = [];
  collectTerms(text.toLowerCase(), terms);
  return new Set(terms);
}

// ASCII character classes for countChars.
const SPACE = 1;
const CONTROL = 2;
const DIGIT = 4;
const LOWER = 8;
const UPPER = 16;
const JOINER = 32;
const ASCII_CLASS = Uint8Array.from({ length: 0x80 }, (_, c) =>
  c === 0x20 ? SPACE : c < 0x20 ? CONTROL : c >= 0x30 && c <= 0x39 ? DIGIT : c >= 0x61 && c <= 0x7a ? LOWER : c >= 0x41 && c <= 0x5a ? UPPER : c === 0x27 || c === 0x2d ? JOINER : 0,
);

/**
 * Character classes and entity signals counted in one pass; done with regular expressions this was
 * a third of the run time. ASCII, most of most texts, takes a short path through a table.
 */
function countChars(text: string): CharCounts {
  let visible = 0;
  let letters = 0;
  let cjkCount = 0;
  let nonAscii = 0;
  let spaces = 0;
  let names = 0;
  let numbers = 0;
  let katakanaRuns = 0;
  let kanjiRuns = 0;
  let katakanaRun = 0;
  let kanjiRun = 0;
  let previousWasWord = false;
  let previousWasDigit = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      // No kana or kanji run goes on through ASCII.
      katakanaRun = 0;
      kanjiRun = 0;
      const k = ASCII_CLASS[c] as number;
      if (k & (SPACE | CONTROL)) {
        spaces += k & SPACE;
        previousWasDigit = false;
        previousWasWord = false;
        continue;
      }
      visible++;
      if (k & DIGIT) {
        if (!previousWasDigit) numbers++;
        previousWasDigit = true;
        previousWasWord = true;
        continue;
      }
      previousWasDigit = false;
      if (k & (LOWER | UPPER)) {
        letters++;
        if (k & UPPER && !previousWasWord && i > 0) names++;
        previousWasWord = true;
      } else previousWasWord = (k & JOINER) !== 0;
      continue;
    }
    const katakana = c >= 0x30a0 && c <= 0x30ff;
    const kanji = c >= 0x4e00 && c <= 0x9fff;
    katakanaRun = katakana ? katakanaRun + 1 : 0;
    kanjiRun = kanji ? kanjiRun + 1 : 0;
    if (katakanaRun === 3) katakanaRuns++;
    if (kanjiRun === 2) kanjiRuns++;
    previousWasDigit = false;
    if (c === 0xa0 || c === 0x3000) {
      previousWasWord = false;
      continue;
    }
    visible++;
    nonAscii++;
    let letter = false;
    let upper = false;
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f)) {
      cjkCount++;
      letter = true;
    } else if ((c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xff21 && c <= 0xff5a)) {
      // Latin supplements, Greek, Cyrillic, Hebrew, Arabic, Indic; Hangul; full-width Latin.
      letter = true;
      upper = c >= 0xc0 && c <= 0xde;
    }
    if (letter) letters++;
    if (upper && !previousWasWord && i > 0) names++;
    previousWasWord = letter || c === 0x2019;
  }
  const signals = 0.15 * names + 0.2 * katakanaRuns + 0.1 * kanjiRuns + 0.15 * numbers;
  return { visible, letters, cjkCount, nonAscii, spaces, signals };
}

/**
 * Appends the terms of a lower-cased text. A hand-rolled scan: this runs for every sentence and a
 * Unicode regular expression split cost twice as much. A stem of a–z and 0–9 is computed as a
 * number while its word is read, so no substring is cut out (and hashed) for it.
 */
function collectTerms(lower: string, terms: Term[]): void {
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let c = lower.charCodeAt(i);
    const kind = charKind(c);
    if (kind === 0) {
      i++;
      continue;
    }
    const start = i;
    if (kind === 2) {
      do i++;
      while (i < n && charKind(lower.charCodeAt(i)) === 2);
      for (let k = start; k + 1 < i; k++) terms.push(lower.slice(k, k + 2));
      continue;
    }
    let code = 0;
    let stemAscii = true;
    let wordAscii = true;
    for (;;) {
      if (c >= 0x80) {
        wordAscii = false;
        if (i - start < STEM) stemAscii = false;
      } else if (i - start < STEM) code = code * 37 + digitOf(c);
      if (++i >= n) break;
      c = lower.charCodeAt(i);
      if (charKind(c) !== 1) break;
    }
    if (i - start >= 2 && !isStopword(lower, start, i, wordAscii ? code : -1)) {
      terms.push(stemAscii ? code : lower.slice(start, Math.min(i, start + STEM)));
    }
  }
}

/** Whether the word lower[start, end) is a stopword; `code` is its stem's number if it is all a–z/0–9, else -1. */
function isStopword(lower: string, start: number, end: number, code: number): boolean {
  if (code < 0) return OTHER_STOPWORDS.size > 0 && OTHER_STOPWORDS.has(lower.slice(start, end));
  if (end - start <= STEM) return STOP_CODES.has(code);
  return LONG_STOPWORDS.some((word) => word.length === end - start && lower.startsWith(word, start));
}

/** 0: separator, 1: letter or digit of a spaced script, 2: CJK. */
function charKind(c: number): number {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? 1 : 0;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return 2;
  if ((c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7) || (c >= 0xac00 && c <= 0xd7af)) return 1;
  return 0;
}
