// Extractive summaries for alerts: the one to three sentences of an item that best say who did
// what, where and why, cleaned of markup and page furniture, within a hard character budget.

import { stripMarkup, stripBoilerplate } from './boilerplate.js';
import { scanSentence, termsOf, type Term } from './sentence-scan.js';
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
  const kept: { sentence: string; features: Features; terms: TermCount[] }[] = [];
  // How often each term recurs across the story: the words it keeps returning to are its subject.
  const counts = new Map<Term, TermCount>();
  const found: Term[] = [];
  for (const sentence of sentences) {
    if (kept.length >= MAX_CONSIDERED) break;
    found.length = 0;
    const features = featuresOf(sentence, found);
    if (!features.usable) continue;
    // The headline repeated as the first line of the body adds nothing to it.
    if (sentence.length <= title.length + 8) {
      const key = normaliseForCompare(sentence);
      if (key === titleKey || (key.length > 0 && titleKey.includes(key))) continue;
    }
    if (wantCjk !== null && features.cjk !== wantCjk) continue;
    // Each distinct term of the sentence, counted once for it.
    const sentenceNo = kept.length;
    const terms: TermCount[] = [];
    for (const term of found) {
      let entry = counts.get(term);
      if (entry === undefined) {
        entry = { count: 0, inTitle: titleTerms.has(term), lastSentence: -1 };
        counts.set(term, entry);
      }
      if (entry.lastSentence === sentenceNo) continue;
      entry.lastSentence = sentenceNo;
      entry.count++;
      terms.push(entry);
    }
    kept.push({ sentence, features, terms });
  }
  // Captions, taglines and headings carry no sentence punctuation; use them only when nothing else
  // is there (feeds whose text has no punctuation at all).
  const anyTerminated = kept.some((k) => k.features.terminated);
  return kept.filter((k) => !anyTerminated || k.features.terminated).map(({ sentence, features, terms }, index) => ({
    text: sentence,
    index,
    score: scoreOf(sentence, index, titleTerms.size, terms, features),
  }));
}

/** A term of the text: in how many (kept) sentences it occurs, and whether the title has it. */
interface TermCount {
  count: number;
  inTitle: boolean;
  /** The last sentence that counted it, so a sentence counts it once. */
  lastSentence: number;
}

interface Features {
  usable: boolean;
  cjk: boolean;
  terminated: boolean;
  signals: number;
}

function featuresOf(sentence: string, terms: Term[]): Features {
  const { visible, letters, cjkCount, nonAscii, spaces, signals } = scanSentence(sentence, terms);
  const cjk = cjkCount >= 4 && cjkCount * 3 >= letters;
  const words = cjk ? cjkCount / 2 : spaces + 1;
  // Binary garbage and symbol soup decode to few letters, or to "words" no language spells
  // ("xgVE4#", "ïÞÍ¼«"); fragments give no who or what.
  const usable =
    visible > 0 &&
    letters >= visible * 0.6 &&
    words >= 4 &&
    (cjk || nonAscii * 10 < visible || wordLikeShare(sentence.split(' ')) >= 0.6);
  const terminated = endsWith(sentence, '.!?。！？…', '"\'”’」』)）]');
  return { usable, cjk, terminated, signals };
}

/**
 * Whether text ends with one of `marks` followed only by `closers` (none of which is a mark): what
 * /[marks][closers]*$/ says, read from the end instead of tried at every position.
 */
function endsWith(text: string, marks: string, closers: string): boolean {
  let k = text.length - 1;
  while (k >= 0 && closers.includes(text[k] as string)) k--;
  return k >= 0 && marks.includes(text[k] as string);
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
  titleTermCount: number,
  terms: readonly TermCount[],
  features: Features,
): number {
  // Lead bias: news puts who, what, where in the first sentences.
  let score = 3 / (1 + 0.6 * position);
  let shared = 0;
  let central = 0;
  for (const { inTitle, count } of terms) {
    if (inTitle) shared++;
    if (count >= 2) central += Math.log2(count);
  }
  if (titleTermCount > 0) score += 2 * Math.min(1, shared / Math.min(titleTermCount, 6));
  score += Math.min(1.5, central / (2 + Math.sqrt(terms.length)));
  score += Math.min(1, features.signals);

  if (!features.terminated) score -= 2.5;
  if (endsWith(sentence, '?？', '"\'”’」)')) score -= 2;
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

function normaliseForCompare(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

