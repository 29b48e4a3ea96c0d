// Guesses an item's language from its script and, for Latin text, from counts of common words;
// no model, no download, a few microseconds per item.

// The Unicode properties are V8's own (each code point is classified once, by these expressions,
// and remembered), so the hand-written scan below counts exactly what `match(/…/gu)` would.
const SCRIPTS: ReadonlyArray<[RegExp, string]> = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Devanagari}/u, 'hi'],
];
const LETTER_RE = /\p{L}/u;
const LATIN_RE = /\p{Script=Latin}/u;

const STOPWORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'for', 'that', 'on', 'with', 'was', 'said', 'by', 'from', 'its', 'has', 'are', 'over', 'after', 'it'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'mit', 'den', 'von', 'zu', 'auf', 'für', 'ein', 'eine', 'dem', 'sich', 'des', 'wird', 'nach', 'bei'],
  fr: ['le', 'la', 'les', 'et', 'des', 'du', 'un', 'une', 'est', 'pour', 'dans', 'que', 'qui', 'sur', 'au', 'aux', 'par', 'pas', 'avec', 'ont'],
  es: ['el', 'los', 'las', 'y', 'del', 'que', 'en', 'por', 'con', 'una', 'para', 'es', 'se', 'al', 'su', 'como', 'según', 'fue', 'tras', 'sus'],
  it: ['il', 'di', 'che', 'è', 'della', 'per', 'del', 'gli', 'con', 'una', 'sono', 'dei', 'alla', 'nel', 'delle', 'anche', 'ha', 'dopo', 'sul', 'lo'],
  pt: ['o', 'os', 'da', 'do', 'que', 'em', 'não', 'uma', 'para', 'com', 'das', 'dos', 'é', 'ao', 'pela', 'pelo', 'foi', 'após', 'sua', 'seu'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'op', 'dat', 'met', 'voor', 'zijn', 'werd', 'ook', 'bij', 'naar', 'wordt', 'maar', 'deze', 'uit'],
};

// Words several languages share: counting them for all of them keeps one from tipping the balance.
const SHARED: Record<string, readonly string[]> = { de: ['es', 'fr', 'pt'], la: ['es', 'fr', 'it'], a: ['es', 'pt', 'it', 'en'], un: ['es', 'fr', 'it'], en: ['fr'] };

const WORD_LANGS = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS)) {
  for (const w of words) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), lang]);
}
for (const [word, langs] of Object.entries(SHARED)) WORD_LANGS.set(word, [...new Set([...(WORD_LANGS.get(word) ?? []), ...langs])]);
// Longer words cannot be stopwords, so they are never cut out of the text to be looked up.
const LONGEST_WORD = Math.max(...[...WORD_LANGS.keys()].map((w) => w.length));
// The a–z stopwords by number (base 27, a = 1), so looking one up needs no substring.
const ASCII_WORD_LANGS = new Map<number, string[]>();
for (const [word, langs] of WORD_LANGS) {
  if (/^[a-z]+$/.test(word)) ASCII_WORD_LANGS.set([...word].reduce((code, ch) => code * 27 + (ch.charCodeAt(0) - 0x60), 0), langs);
}

// Letters that only some languages use, by group: [ãõç] pt, [ñ¿¡] es, [äöüß] de, [êèàâîôûœ] fr.
const ACCENT_GROUP = new Map<number, number>();
['ãõç', 'ñ¿¡', 'äöüß', 'êèàâîôûœ'].forEach((chars, group) => {
  for (const ch of chars) ACCENT_GROUP.set(ch.charCodeAt(0), group);
});

// A code point's class: bit 0 letter, bit 1 Latin, bits 2–5 index + 1 in SCRIPTS, bit 6 an accent
// of ACCENT_GROUP, bit 7 "computed". BMP classes in a table, the rest in a map.
const LETTER = 1;
const LATIN = 2;
const ACCENT = 0x40;
const KNOWN = 0x80;
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();
const ASTRAL_CACHE = 4_096;

function classOf(cp: number): number {
  const known = cp < 0x10000 ? (bmpClasses[cp] as number) : astralClasses.get(cp);
  if (known !== undefined && known !== 0) return known;
  const s = String.fromCodePoint(cp);
  let k = KNOWN;
  if (LETTER_RE.test(s)) k |= LETTER;
  if (LATIN_RE.test(s)) k |= LATIN;
  // A code point has one script, so at most one of these matches.
  const script = SCRIPTS.findIndex(([re]) => re.test(s));
  if (script >= 0) k |= (script + 1) << 2;
  if (ACCENT_GROUP.has(cp)) k |= ACCENT;
  if (cp < 0x10000) bmpClasses[cp] = k;
  // Text can hold any of a million astral code points; remember only the first few thousand seen.
  else if (astralClasses.size < ASTRAL_CACHE) astralClasses.set(cp, k);
  return k;
}

const SAMPLE = 4000;

/**
 * Detects the language of a text as an ISO 639-1 code (ja, zh, ko, ru, en, de, fr, es, it, pt, nl…).
 * @returns null when the text has too little signal to say.
 */
export function detectLanguage(text: string): string | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  // One pass over the code points (as a /u expression reads them: a lone surrogate is one).
  const counts = new Array<number>(SCRIPTS.length).fill(0);
  const accents = [0, 0, 0, 0];
  let letters = 0;
  let latin = 0;
  const n = sample.length;
  for (let i = 0; i < n; i++) {
    let c = sample.charCodeAt(i);
    if (c < 0x80) {
      if (((c | 0x20) - 0x61) >>> 0 < 26) {
        letters++;
        latin++;
      }
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = sample.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    const k = classOf(c);
    if (k & LETTER) letters++;
    if (k & LATIN) latin++;
    const script = (k >> 2) & 0xf;
    if (script > 0) {
      const count = (counts[script - 1] as number) + 1;
      counts[script - 1] = count;
      // Two kana decide Japanese whatever follows (see below); the rest of the text cannot change it.
      if (script === 1 && count >= 2 && letters > 0) return 'ja';
    }
    if (k & ACCENT) {
      const group = ACCENT_GROUP.get(c) as number;
      accents[group] = (accents[group] as number) + 1;
    }
  }
  if (letters === 0) return null;
  // Japanese mixes kana with kanji; a little kana is enough to tell it from Chinese.
  let best: string | null = null;
  let bestCount = 0;
  for (const [index, [, lang]] of SCRIPTS.entries()) {
    const count = counts[index] as number;
    if (lang === 'ja' && count >= 2) return 'ja';
    if (count > bestCount) [best, bestCount] = [lang, count];
  }
  if (best && bestCount * 2 >= latin) return best;
  return detectLatin(sample, accents);
}

/** Scores common words (and the accents counted by the caller) per language. */
function detectLatin(sample: string, accents: readonly number[]): string | null {
  const scores: Record<string, number> = {};
  const count = (langs: readonly string[] | undefined): void => {
    if (langs) for (const lang of langs) scores[lang] = (scores[lang] ?? 0) + 1;
  };
  // Words are runs of letters of the lower-cased text, as /\p{L}+/gu finds them. A short ASCII
  // word is looked up by its number, without cutting it out of the text.
  const lower = sample.toLowerCase();
  const n = lower.length;
  let start = -1;
  let code = 0;
  let ascii = true;
  for (let i = 0; i <= n; ) {
    let width = 1;
    let letter = false;
    let c = i < n ? lower.charCodeAt(i) : 0x20;
    if (c < 0x80) letter = ((c | 0x20) - 0x61) >>> 0 < 26;
    else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const low = lower.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          width = 2;
        }
      }
      letter = (classOf(c) & LETTER) !== 0;
    }
    if (letter) {
      if (start < 0) {
        start = i;
        code = 0;
        ascii = true;
      }
      // Lower-cased ASCII letters are a–z; an upper-case one (none should be left) is looked up by name.
      if (c >= 0x61 && c <= 0x7a) code = code * 27 + (c - 0x60);
      else ascii = false;
    } else if (start >= 0) {
      if (i - start <= LONGEST_WORD) count(ascii ? ASCII_WORD_LANGS.get(code) : WORD_LANGS.get(lower.slice(start, i)));
      start = -1;
    }
    i += width;
  }
  // Letters that only some languages use break ties between close neighbours (es/pt, fr/it).
  const bonus = (n: number, lang: string, w: number): void => {
    if (n > 0) scores[lang] = (scores[lang] ?? 0) + Math.min(n, 3) * w;
  };
  // Endings are searched only in texts that contain them at all (most do not).
  const ending = (suffix: string, re: RegExp): number => (sample.includes(suffix) ? (sample.match(re)?.length ?? 0) : 0);
  bonus(accents[0] as number, 'pt', 0.7);
  bonus(accents[1] as number, 'es', 1);
  bonus(accents[2] as number, 'de', 1);
  bonus(accents[3] as number, 'fr', 0.5);
  bonus(ending('zione', /\b\w+zione\b/g), 'it', 1);
  bonus(ending('ção', /\b\w+ção\b/g), 'pt', 1);
  bonus(ending('ción', /\b\w+ción\b/g), 'es', 1);
  let best: string | null = null;
  let top = 0;
  for (const [lang, score] of Object.entries(scores)) if (score > top) [best, top] = [lang, score];
  return top >= 1 ? best : null;
}
