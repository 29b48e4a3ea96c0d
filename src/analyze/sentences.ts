// Sentence splitting for news text in Latin scripts and Japanese/Chinese, tuned for feed bodies:
// abbreviations, initials, decimals, URLs, quotes after the full stop and 。！？ all stay intact.

// Lower-cased tokens that end with a dot without ending the sentence. "etc." and "p.m." are left
// out on purpose: in news copy they end sentences more often than not.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'rev', 'hon', 'gen', 'gov', 'sen',
  'rep', 'col', 'lt', 'sgt', 'capt', 'cmdr', 'adm', 'maj', 'pres', 'supt', 'insp',
  'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'bros', 'dept', 'univ', 'assn', 'ave', 'blvd', 'rd',
  'vs', 'v', 'cf', 'e.g', 'i.e', 'eg', 'ie', 'al', 'approx', 'est', 'fig', 'vol', 'pp', 'ch', 'sec', 'art',
  'jan', 'feb', 'mar', 'apr', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'u.s', 'u.k', 'u.n', 'e.u', 'u.s.a', 'd.c',
  // German, French, Spanish, Italian, Portuguese news abbreviations.
  'bzw', 'z.b', 'd.h', 'u.a', 'usw', 'nr', 'mme', 'mlle', 'sra', 'sres', 'srta', 'dra', 'sig', 'dott', 'núm',
]);

// Only an abbreviation when a number follows ("No. 5", "art. 17"); otherwise a normal word.
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'art', 'nr', 'núm', 'p']);

const CJK_TERMINATORS = '。！？';
const CLOSERS = '"\'”’」』）)]》〉»';
const MESSY_SPACE = /\s\s|[\t\v\f\u00a0\u3000]/;
// White space that MESSY_SPACE looks for, found by a native search per character (far cheaper than
// the expression over a whole text): the space only doubled, all other white space but \n (lines
// never hold one) on its own.
const MESSY_CHARS = ['  ', '\t', '\v', '\f', '\u00a0', '\u3000'];
const RARE_SPACE = /[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\ufeff]/;
// A line that, between two line breaks, ends a block of lines.
const BLANK_LINE = /^[ \t\u3000]*$/;
const CJK_CHAR = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

/**
 * Splits text into sentences, keeping each sentence's own punctuation and closing quotes.
 *
 * Blank lines always end a sentence; a single line break ends one only when the line looks finished
 * (terminal punctuation, or a short heading-like line), so hard-wrapped plain text is rejoined.
 * `lang` is a hint: for `ja`/`zh` a Latin full stop inside CJK text also ends a sentence.
 */
export function splitSentences(text: string, lang?: string | null): string[] {
  const out: string[] = [];
  const cjkLang = lang !== undefined && lang !== null && /^(ja|zh)/i.test(lang);
  for (const paragraph of paragraphs(text)) splitParagraph(paragraph, cjkLang, out);
  return out;
}

/** Blank-line separated blocks, with single line breaks joined where the line continues. */
function paragraphs(text: string): string[] {
  const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Most texts have no messy spacing at all; only theirs are checked line by line.
  const messy = mayHaveMessySpace(normalised);
  const lines = normalised.split('\n');
  const result: string[] = [];
  let current = '';
  // A line of nothing but [ \t\u3000] between two line breaks ends a block, as splitting on
  // /\n[ \t\u3000]*\n/ would; that split consumes the line break after it, so the next line cannot.
  let lastBreak = -2;
  for (let j = 0; j < lines.length; j++) {
    const raw = lines[j] as string;
    if (j > 0 && j < lines.length - 1 && lastBreak !== j - 1 && BLANK_LINE.test(raw)) {
      if (current !== '') result.push(current);
      current = '';
      lastBreak = j;
      continue;
    }
    let line = raw.trim();
    if (messy && MESSY_SPACE.test(line)) line = line.replace(/\s+/g, ' ');
    if (line === '') continue;
    if (current === '') {
      current = line;
    } else if (lineLooksFinished(current)) {
      result.push(current);
      current = line;
    } else {
      current += CJK_CHAR.test(current.at(-1) ?? '') ? line : ` ${line}`;
    }
  }
  if (current !== '') result.push(current);
  return result;
}

/** False when no line of the text can match MESSY_SPACE. */
function mayHaveMessySpace(text: string): boolean {
  return MESSY_CHARS.some((ch) => text.includes(ch)) || RARE_SPACE.test(text);
}

function lineLooksFinished(line: string): boolean {
  const last = line.at(-1) ?? '';
  if ('.!?:。！？…'.includes(last) || CLOSERS.includes(last)) return true;
  // Headings, bylines and list items are short and carry no sentence punctuation of their own.
  return line.length < 60;
}

function splitParagraph(paragraph: string, cjkLang: boolean, out: string[]): void {
  let start = 0;
  const n = paragraph.length;
  const terminators = /[.!?…。！？]/g;
  for (let found = terminators.exec(paragraph); found !== null; found = terminators.exec(paragraph)) {
    const i = found.index;
    if (i < start) continue;
    const ch = found[0];
    const cjk = CJK_TERMINATORS.includes(ch);
    // Take the whole run of terminators and closing quotes: "?!", "...", '."', '。」'.
    let end = i + 1;
    while (end < n && '.!?。！？…'.includes(paragraph[end] as string)) end++;
    const closersFrom = end;
    while (end < n && CLOSERS.includes(paragraph[end] as string)) end++;
    if (end >= n) break;
    const next = paragraph[end] as string;
    let boundary: boolean;
    if (cjk) {
      // 「…だ。」と述べた: a quotation followed by a particle continues the sentence.
      boundary = !(end > closersFrom && /[\u3040-\u309f]/.test(next));
    } else if (next !== ' ') {
      // "3.5", "example.com", "a@b.co", "U.S" — no space, no boundary; but Latin . ! ? right
      // before CJK text in a Japanese or Chinese item end the sentence.
      boundary = cjkLang && ch !== '…' && CJK_CHAR.test(next);
    } else {
      boundary = isBoundary(paragraph, start, i, end);
    }
    terminators.lastIndex = end;
    if (!boundary) continue;
    pushTrimmed(out, paragraph.slice(start, end));
    start = end;
  }
  pushTrimmed(out, paragraph.slice(start));
}

/** Decides whether the terminator at `at` (followed by a space at `end`) ends a sentence. */
function isBoundary(text: string, start: number, at: number, end: number): boolean {
  let k = end;
  while (k < text.length && text[k] === ' ') k++;
  const nextChar = text[k] ?? '';
  // A sentence never starts in lower case: "e.g. the", "spy on... every".
  if (isLetterAt(text, k, LOWER_CASE)) return false;
  const ch = text[at];
  if (ch !== '.') return true;
  // An ellipsis followed by a capital starts a new sentence.
  if (text[at + 1] === '.') return true;
  const word = wordBefore(text, start, at);
  if (word === '') return true;
  const lower = word.toLowerCase();
  // Initials: "J. K. Rowling", "John F. Kennedy". (The word holds no surrogates: one letter is one unit.)
  if (word.length === 1 && isLetterAt(word, 0, UPPER_CASE)) return false;
  // Dotted acronyms: "U.S.", "E.U.", "a.m." followed by a capital are usually mid-sentence in news.
  if (word.includes('.') && /^(\p{L}\.)+\p{L}$/u.test(word)) return !ABBREVIATIONS.has(lower) && /^\p{Ll}/u.test(word);
  if (NUMBER_ABBREVIATIONS.has(lower) && /\d/.test(nextChar)) return false;
  if (ABBREVIATIONS.has(lower) && !NUMBER_ABBREVIATIONS.has(lower)) return false;
  return true;
}

const LOWER_CASE = /\p{Ll}/u;
const UPPER_CASE = /\p{Lu}/u;
const LETTER = /\p{L}/u;

/**
 * Whether the code unit at `k` is a letter of `kind` (\p{Ll}, \p{Lu} or \p{L}): ASCII decided here,
 * the rest by the expression. A lone unit of a surrogate pair is no letter, as for the expression.
 */
function isLetterAt(text: string, k: number, kind: RegExp): boolean {
  const c = text.charCodeAt(k);
  if (!(c >= 0x80)) {
    // ASCII, or NaN past the end (no letter).
    const lower = c >= 0x61 && c <= 0x7a;
    const upper = c >= 0x41 && c <= 0x5a;
    return kind === LOWER_CASE ? lower : kind === UPPER_CASE ? upper : lower || upper;
  }
  return kind.test(text[k] as string);
}

/** The letters and inner dots right before position `at`, e.g. "U.S" or "Mr". */
function wordBefore(text: string, start: number, at: number): string {
  let k = at;
  while (k > start && (text.charCodeAt(k - 1) === 0x2e || isLetterAt(text, k - 1, LETTER))) k--;
  return text.slice(k, at).replace(/^\.+/, '');
}

function pushTrimmed(out: string[], sentence: string): void {
  const trimmed = sentence.trim();
  if (trimmed !== '') out.push(trimmed);
}

/**
 * Fits text into `maxChars`, cutting at the last clause boundary (comma, semicolon, dash, 、) that
 * fits, else at the last word boundary, and marking the cut with "…". Text that fits is returned
 * as it is; the result is never longer than `maxChars`.
 */
export function shortenAtClause(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const room = maxChars - 1;
  const head = text.slice(0, room + 1);
  let cut = -1;
  const clause = /[,;，、；:]\s?|\s[–—-]\s/g;
  for (let m = clause.exec(head); m !== null; m = clause.exec(head)) {
    if (m.index <= room && m.index >= room * 0.3) cut = m.index;
  }
  if (cut < 0) {
    const space = head.lastIndexOf(' ');
    if (space > room * 0.3) cut = space;
  }
  if (cut < 0) {
    // No spaces (Japanese, or one enormous token): cut between characters, never inside a Latin
    // word or a surrogate pair.
    cut = room;
    while (cut > 0 && (/[\p{L}\p{N}]/u.test(text[cut - 1] ?? '') && /[A-Za-z0-9]/.test(text[cut] ?? ''))) cut--;
    if (/[\udc00-\udfff]/.test(text[cut] ?? '')) cut--;
    if (cut <= 0) cut = room;
  }
  return `${text.slice(0, cut).replace(/[\s,;，、；:–—-]+$/u, '')}…`;
}
