// Guesses an item's language from its script and, for Latin text, from counts of common words;
// no model, no download, a few microseconds per item.

const SCRIPTS: ReadonlyArray<[RegExp, string]> = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
  [/\p{Script=Cyrillic}/gu, 'ru'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Devanagari}/gu, 'hi'],
];

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

const SAMPLE = 4000;

/**
 * Detects the language of a text as an ISO 639-1 code (ja, zh, ko, ru, en, de, fr, es, it, pt, nl…).
 * @returns null when the text has too little signal to say.
 */
export function detectLanguage(text: string): string | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return null;
  // Japanese mixes kana with kanji; a little kana is enough to tell it from Chinese.
  let best: string | null = null;
  let bestCount = 0;
  for (const [re, lang] of SCRIPTS) {
    const count = sample.match(re)?.length ?? 0;
    if (lang === 'ja' && count >= 2) return 'ja';
    if (count > bestCount) [best, bestCount] = [lang, count];
  }
  const latin = sample.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (best && bestCount * 2 >= latin) return best;
  return detectLatin(sample);
}

function detectLatin(sample: string): string | null {
  const scores: Record<string, number> = {};
  for (const word of sample.toLowerCase().match(/\p{L}+/gu) ?? []) {
    for (const lang of WORD_LANGS.get(word) ?? []) scores[lang] = (scores[lang] ?? 0) + 1;
  }
  // Letters that only some languages use break ties between close neighbours (es/pt, fr/it).
  const bonus = (re: RegExp, lang: string, w: number): void => {
    const n = sample.match(re)?.length ?? 0;
    if (n > 0) scores[lang] = (scores[lang] ?? 0) + Math.min(n, 3) * w;
  };
  bonus(/[ãõç]/g, 'pt', 0.7);
  bonus(/[ñ¿¡]/g, 'es', 1);
  bonus(/[äöüß]/g, 'de', 1);
  bonus(/[êèàâîôûœ]/g, 'fr', 0.5);
  bonus(/\b\w+zione\b/g, 'it', 1);
  bonus(/\b\w+ção\b/g, 'pt', 1);
  bonus(/\b\w+ción\b/g, 'es', 1);
  let best: string | null = null;
  let top = 0;
  for (const [lang, score] of Object.entries(scores)) if (score > top) [best, top] = [lang, score];
  return top >= 1 ? best : null;
}
