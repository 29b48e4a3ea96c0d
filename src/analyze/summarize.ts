// Extractive summaries for alerts: the one to three sentences of an item that best say who did
// what, where and why, cleaned of markup and page furniture, within a hard character budget.

import { stripMarkup, stripBoilerplate } from './boilerplate.js';
import { shortenAtClause, splitSentences } from './sentences.js';

/** What a summary is made from. `lang` is the item's language (ISO 639-1) when known. */
export interface SummaryInput {
  title: string;
  text: string;
  lang?: string | null;
}

/** Knobs for {@link summarize}. */
export interface SummaryOptions {
  /** Hard limit on the summary length in characters (UTF-16 units). */
  maxChars?: number;
}

const DEFAULTS = { maxChars: 320 } as const satisfies Required<SummaryOptions>;

// The lead of a news story carries its facts; past this much text nothing is going to outscore it,
// and a 1 MB body must not cost more than a feed-sized one.
const MAX_INPUT_CHARS = 12_000;
const MAX_SENTENCES = 3;
// Lead bias leaves sentences past this many no chance; not scoring them keeps long texts cheap.
const MAX_CONSIDERED = 40;
// Sentences scoring below this share of the best one, or below the floor (questions, headings,
// chrome), are not worth the space.
const MIN_RELATIVE_SCORE = 0.3;
const MIN_SCORE = 0.8;

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;
const STOPWORDS = new Set(
  ('a an and are as at be by for from has have in is it its of on or over the to was were will with ' +
    'after against new says say said de la le les des du el los las en et und der die das den von ' +
    'il di che per um uma o os para com').split(' '),
);
const BOILERPLATE_WORDS = /\b(click|subscribe|sign up|newsletter|cookie|advertis|follow us|share this|comments?|log ?in)\b/i;

interface Candidate {
  text: string;
  index: number;
  score: number;
}

/**
 * Summarises an item in at most `maxChars` characters (default 320): one to three whole sentences
 * of its text, in their original order, chosen for lead position, overlap with the title and
 * who/what/where signals (names, numbers). Questions, bare quotes, headings and boilerplate are
 * avoided. A first sentence too long on its own is cut at a clause boundary and ends with "…";
 * words are never cut. When the text gives nothing usable (empty, markup, garbage, another
 * script than the item's language) the title is the summary. Pure and deterministic.
 */
export function summarize(item: SummaryInput, options: SummaryOptions = {}): string {
  const maxChars = Math.max(1, options.maxChars ?? DEFAULTS.maxChars);
  const title = stripMarkup(item.title).replace(/\s+/g, ' ').trim();
  const lang = item.lang ?? null;
  const candidates = candidatesOf(item.text, title, lang);
  if (candidates.length === 0) return shortenAtClause(title, maxChars);

  const byScore = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index);
  const top = byScore[0] as Candidate;
  // The sentence that says most is too long on its own: better its first clauses than a lesser one.
  if (top.text.length > maxChars) return shortenAtClause(top.text, maxChars);
  const best = top.score;
  const chosen: Candidate[] = [];
  let length = 0;
  for (const candidate of byScore) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (chosen.length > 0 && (candidate.score < best * MIN_RELATIVE_SCORE || candidate.score < MIN_SCORE)) break;
    // One space per gap; CJK sentences need none, so this only errs on the short side.
    const extra = candidate.text.length + (chosen.length > 0 ? 1 : 0);
    if (length + extra > maxChars) continue;
    chosen.push(candidate);
    length += extra;
  }
  chosen.sort((a, b) => a.index - b.index);
  let summary = '';
  for (const c of chosen) summary += summary === '' ? c.text : separator(summary, c.text) + c.text;
  return summary;
}

/** Japanese and Chinese run sentences together; everything else puts a space between them. */
function separator(before: string, next: string): string {
  return /[。！？」』）]$/.test(before) && /^[「『（]|^[\u3040-\u30ff\u3400-\u9fff]/.test(next) ? '' : ' ';
}

/** Usable sentences of the text with their scores; empty when the text has nothing to offer. */
function candidatesOf(rawText: string, title: string, lang: string | null): Candidate[] {
  const truncated = rawText.length > MAX_INPUT_CHARS;
  const text = stripBoilerplate(stripMarkup(truncated ? rawText.slice(0, MAX_INPUT_CHARS) : rawText));
  const sentences = splitSentences(text, lang);
  // The last sentence of a cut text may itself be cut.
  if (truncated && sentences.length > 1) sentences.pop();

  // Korean is spaced and has no kana or kanji to check, so it is not filtered.
  const wantCjk = lang === null || /^ko/i.test(lang) ? null : /^(ja|zh)/i.test(lang);
  const titleTerms = termsOf(title);
  const titleKey = normaliseForCompare(title);
  const kept: { sentence: string; features: Features; terms: Set<string> }[] = [];
  // How often each term recurs across the story: the words it keeps returning to are its subject.
  const frequency = new Map<string, number>();
  for (const sentence of sentences) {
    if (kept.length >= MAX_CONSIDERED) break;
    const features = featuresOf(sentence);
    if (!features.usable) continue;
    // The headline repeated as the first line of the body adds nothing to it.
    if (sentence.length <= title.length + 8) {
      const key = normaliseForCompare(sentence);
      if (key === titleKey || (key.length > 0 && titleKey.includes(key))) continue;
    }
    if (wantCjk !== null && features.cjk !== wantCjk) continue;
    const terms = termsOf(sentence);
    for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    kept.push({ sentence, features, terms });
  }
  // Captions, taglines and headings carry no sentence punctuation; use them only when nothing else
  // is there (feeds whose text has no punctuation at all).
  const anyTerminated = kept.some((k) => k.features.terminated);
  return kept.filter((k) => !anyTerminated || k.features.terminated).map(({ sentence, features, terms }, index) => ({
    text: sentence,
    index,
    score: scoreOf(sentence, index, titleTerms, terms, frequency, features),
  }));
}

interface Features {
  usable: boolean;
  cjk: boolean;
  terminated: boolean;
  signals: number;
}

function featuresOf(sentence: string): Features {
  const { visible, letters, cjkCount, nonAscii, spaces, signals } = countChars(sentence);
  const cjk = cjkCount >= 4 && cjkCount * 3 >= letters;
  const words = cjk ? cjkCount / 2 : spaces + 1;
  // Binary garbage and symbol soup decode to few letters, or to "words" no language spells
  // ("xgVE4#", "ïÞÍ¼«"); fragments give no who or what.
  const usable =
    visible > 0 &&
    letters >= visible * 0.6 &&
    words >= 4 &&
    (cjk || nonAscii * 10 < visible || wordLikeShare(sentence.split(' ')) >= 0.6);
  const terminated = /[.!?。！？…]["'”’」』)）\]]*$/.test(sentence);
  return { usable, cjk, terminated, signals };
}

interface CharCounts {
  visible: number;
  letters: number;
  cjkCount: number;
  nonAscii: number;
  spaces: number;
  /** Who/what/where signals: capitalised words after the first, katakana and kanji runs, numbers. */
  signals: number;
}

/**
 * Character classes and entity signals counted in one pass; done with regular expressions this was
 * a third of the run time.
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
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const katakana = c >= 0x30a0 && c <= 0x30ff;
    const kanji = c >= 0x4e00 && c <= 0x9fff;
    katakanaRun = katakana ? katakanaRun + 1 : 0;
    kanjiRun = kanji ? kanjiRun + 1 : 0;
    if (katakanaRun === 3) katakanaRuns++;
    if (kanjiRun === 2) kanjiRuns++;
    const digit = c >= 0x30 && c <= 0x39;
    if (digit && !previousWasDigit) numbers++;
    previousWasDigit = digit;
    let letter = false;
    let upper = false;
    if (c <= 0x20 || c === 0xa0 || c === 0x3000) {
      if (c === 0x20) spaces++;
      previousWasWord = false;
      continue;
    }
    visible++;
    if (c < 0x80) {
      const lower = c | 0x20;
      letter = lower >= 0x61 && lower <= 0x7a;
      upper = letter && c < 0x60;
    } else {
      nonAscii++;
      if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f)) {
        cjkCount++;
        letter = true;
      } else if ((c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xff21 && c <= 0xff5a)) {
        // Latin supplements, Greek, Cyrillic, Hebrew, Arabic, Indic; Hangul; full-width Latin.
        letter = true;
        upper = c >= 0xc0 && c <= 0xde;
      }
    }
    if (letter) letters++;
    if (upper && !previousWasWord && i > 0) names++;
    previousWasWord = letter || digit || c === 0x27 || c === 0x2019 || c === 0x2d;
  }
  const signals = 0.15 * names + 0.2 * katakanaRuns + 0.1 * kanjiRuns + 0.15 * numbers;
  return { visible, letters, cjkCount, nonAscii, spaces, signals };
}

const WORD_LIKE = /^(\p{Lu}?[\p{Ll}\p{M}'’-]+|[\p{Lu}\p{N}-]+s?|[\p{N}.,%$€£¥]+|\p{Lu}[\p{Ll}]+\p{Lu}[\p{Ll}]+|[\p{Lo}\p{M}]+)$/u;

function wordLikeShare(tokens: string[]): number {
  let wordLike = 0;
  for (const token of tokens) {
    const bare = token.replace(/^[("“'‘«「[]+|[)"”'’»」\].,;:!?]+$/gu, '');
    if (bare === '' || WORD_LIKE.test(bare) || CJK.test(bare)) wordLike++;
  }
  return wordLike / tokens.length;
}

function scoreOf(
  sentence: string,
  position: number,
  titleTerms: Set<string>,
  terms: Set<string>,
  frequency: Map<string, number>,
  features: Features,
): number {
  // Lead bias: news puts who, what, where in the first sentences.
  let score = 3 / (1 + 0.6 * position);
  let shared = 0;
  let central = 0;
  for (const term of terms) {
    if (titleTerms.has(term)) shared++;
    const count = frequency.get(term) ?? 0;
    if (count >= 2) central += Math.log2(count);
  }
  if (titleTerms.size > 0) score += 2 * Math.min(1, shared / Math.min(titleTerms.size, 6));
  score += Math.min(1.5, central / (2 + Math.sqrt(terms.size)));
  score += Math.min(1, features.signals);

  if (!features.terminated) score -= 2.5;
  if (/[?？]["'”’」)]*$/.test(sentence)) score -= 2;
  if (isQuoteOnly(sentence)) score -= 1.5;
  if (BOILERPLATE_WORDS.test(sentence)) score -= 1.5;
  const length = sentence.length;
  if (features.cjk ? length < 15 : length < 40) score -= 1;
  return score;
}

/** A sentence that is nothing but a quotation, with no one saying it. */
function isQuoteOnly(sentence: string): boolean {
  return /^["“「『'‘]/.test(sentence) && /["”」』'’][.!?。]?$|[.!?。]["”」』'’]$/.test(sentence);
}

/**
 * Content terms of a text: lower-cased words cut to five characters (a cheap stem), or character
 * bigrams of CJK runs, which have no spaces between words. A hand-rolled scan: this runs for every
 * sentence and a Unicode regular expression split cost twice as much.
 */
function termsOf(text: string): Set<string> {
  const terms = new Set<string>();
  const lower = text.toLowerCase();
  let start = -1;
  let startCjk = false;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0x20;
    const kind = charKind(c);
    const cjk = kind === 2;
    if (start >= 0 && (kind === 0 || cjk !== startCjk)) {
      addTerm(terms, lower.slice(start, i), startCjk);
      start = -1;
    }
    if (kind !== 0 && start < 0) {
      start = i;
      startCjk = cjk;
    }
  }
  return terms;
}

/** 0: separator, 1: letter or digit of a spaced script, 2: CJK. */
function charKind(c: number): number {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? 1 : 0;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return 2;
  if ((c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7) || (c >= 0xac00 && c <= 0xd7af)) return 1;
  return 0;
}

function addTerm(terms: Set<string>, word: string, cjk: boolean): void {
  if (cjk) {
    for (let i = 0; i + 1 < word.length; i++) terms.add(word.slice(i, i + 2));
  } else if (word.length >= 2 && !STOPWORDS.has(word)) {
    terms.add(word.length > 5 ? word.slice(0, 5) : word);
  }
}

function normaliseForCompare(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

