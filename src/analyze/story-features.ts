// The features that identify an event in a news item's title and lead: concepts and places from
// the event lexicon (shared across languages and wordings), names and figures (shared across
// languages as written), the remaining words, and character bigrams for Japanese and Chinese.
import { CONCEPTS } from './event-lexicon.js';
import { PLACES } from './event-places.js';

/** Features of one item: feature → raw weight (title features count twice), and where it happened. */
export interface StoryFeatures {
  weights: Map<string, number>;
  /** How often each feature occurs in the title alone. */
  titleWeights: Map<string, number>;
  /** Where it happened: places named in the title, else in the lead (`g:dk`, `g:us-oh`). */
  places: Set<string>;
  /** The title says this is another event like one before ("separate attack", "another emulator"). */
  distinct: boolean;
  /** The title says this is a reaction to something (retaliation, "in response to"): an event of its own. */
  reaction: boolean;
  /** Words written as names (capitalised, acronyms, with digits): they read the same in any language. */
  names: Set<string>;
}

/**
 * Whether a feature is tied to one language's wording: Japanese/Chinese bigrams, and words that
 * are not names. Reports in different languages are compared without them.
 */
export function isLanguageBound(feature: string, names: ReadonlySet<string>): boolean {
  return feature.startsWith('b:') || (feature.startsWith('w:') && !names.has(feature));
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

const STOPWORDS = new Set(
  (
    'the a an and or of to in on for with by from at as is are was were be been has have had it its this that these those ' +
    'after over into about against new says said will would could may can not but than more most also amid what who why how ' +
    'their they them there which when where while who whom been being our out off only other some such then two three ' +
    'der die das und ein eine einer eines mit von für auf den dem des ist sind wird werden wurde nach über gegen bei sich ' +
    'nicht auch noch aus als zum zur vom hat haben sein seine ihre ' +
    'les des une pour sur dans avec par est sont qui que aux ont été leur leurs pas plus ' +
    'los las una por para con del que son sobre como han sus fue ' +
    'gli della delle dei per con che sono sul nel alla alle degli hanno suoi ' +
    'dos das uma para com por que são sobre pelo pela foram seus'
  ).split(' '),
);

const NUMBER_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ['2', 'two zwei deux dos due dois'],
    ['3', 'three drei trois tres tre três'],
    ['4', 'four vier quatre cuatro quattro quatro'],
    ['5', 'five fünf cinq cinco cinque'],
    ['6', 'six sechs seis sei'],
    ['7', 'seven sieben sept siete sette sete'],
    ['8', 'eight acht huit ocho otto oito'],
    ['9', 'nine neun neuf nueve nove'],
    ['10', 'ten zehn dix diez dieci dez'],
    ['11', 'eleven elf onze once undici'],
    ['12', 'twelve zwölf douze doce dodici'],
  ].flatMap(([digit, words]) => (words ?? '').split(' ').map((word) => [fold(word), `#${digit}`])),
);

// Katakana spellings of names that English reports write in Latin letters.
const TRANSLITERATIONS: ReadonlyArray<[string, string]> = [
  ['アノニマス', 'Anonymous'],
  ['キルネット', 'Killnet'],
  ['テレグラム', 'Telegram'],
  ['ツイッター', 'Twitter'],
  ['ユーチューブ', 'YouTube'],
  ['グーグル', 'Google'],
  ['ディスコード', 'Discord'],
  ['ユーロポール', 'Europol'],
  ['クラウドフレア', 'Cloudflare'],
];

interface Phrase {
  /** The words after the first; the last may be a stem. */
  rest: string[];
  lastIsStem: boolean;
  features: string[];
}

interface PrefixNode {
  next: Map<string, PrefixNode>;
  features?: string[];
}

interface Lexicon {
  /** Lower-case word → features. */
  exact: Map<string, string[]>;
  /** Capitalised word as written → features (AI, EU). */
  cased: Map<string, string[]>;
  /** Stems as a character trie: the longest stem a word starts with wins. */
  prefixes: PrefixNode;
  suffixes: Array<[string, string[]]>;
  infixes: Array<[string, string[]]>;
  /** Multi-word phrases by their first word, longest first. */
  phrases: Map<string, Phrase[]>;
  /** Japanese/Chinese terms by their first character, longest first. */
  cjkTerms: Map<string, Array<[string, string[]]>>;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Letters and digits, with inner apostrophes ("d'auteur"); CJK runs are words of their own.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;

function fold(text: string): string {
  // Accents go (so "décision" meets "decision"), but Japanese voicing marks stay.
  if (!NON_ASCII.test(text)) return text;
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC').replace(/’/g, "'");
}

function addTo(map: Map<string, string[]>, key: string, feature: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [feature]);
  else if (!list.includes(feature)) list.push(feature);
}

function compileLexicon(): Lexicon {
  const lexicon: Lexicon = { exact: new Map(), cased: new Map(), prefixes: { next: new Map() }, suffixes: [], infixes: [], phrases: new Map(), cjkTerms: new Map() };
  const suffixes = new Map<string, string[]>();
  const infixes = new Map<string, string[]>();
  const phrases = new Map<string, string[]>();
  const cjk = new Map<string, string[]>();
  const entries = [...Object.entries(CONCEPTS).map(([name, patterns]) => [`c:${name}`, patterns] as const), ...Object.entries(PLACES).map(([name, patterns]) => [`g:${name}`, patterns] as const)];
  for (const [feature, patterns] of entries) {
    for (const raw of patterns.split('|')) {
      const pattern = raw.trim();
      if (!pattern) continue;
      if (CJK.test(pattern)) addTo(cjk, pattern.toLowerCase(), feature);
      else if (pattern !== pattern.toLowerCase()) addTo(lexicon.cased, pattern, feature);
      else {
        const folded = fold(pattern);
        const words = folded.replace(/\*$/, '').match(WORD) ?? [];
        if (words.length > 1) addTo(phrases, folded, feature);
        else if (folded.startsWith('*') && folded.endsWith('*')) addTo(infixes, folded.slice(1, -1), feature);
        else if (folded.startsWith('*')) addTo(suffixes, folded.slice(1), feature);
        else if (folded.endsWith('*')) {
          let node = lexicon.prefixes;
          for (const ch of folded.slice(0, -1)) {
            let child = node.next.get(ch);
            if (!child) node.next.set(ch, (child = { next: new Map() }));
            node = child;
          }
          node.features = [...new Set([...(node.features ?? []), feature])];
        } else addTo(lexicon.exact, folded, feature);
      }
    }
  }
  for (const [pattern, features] of phrases) {
    const [first, ...rest] = pattern.replace(/\*$/, '').match(WORD) ?? [];
    if (!first) continue;
    const list = lexicon.phrases.get(first) ?? [];
    list.push({ rest, lastIsStem: pattern.endsWith('*'), features });
    lexicon.phrases.set(first, list);
  }
  // Longest first, so "ministry of finance" wins over "finance" and 最高裁 over 裁判.
  for (const list of lexicon.phrases.values()) list.sort((x, y) => y.rest.length - x.rest.length);
  for (const [term, features] of cjk) {
    const list = lexicon.cjkTerms.get(term[0] ?? '') ?? [];
    list.push([term, features]);
    lexicon.cjkTerms.set(term[0] ?? '', list);
  }
  for (const list of lexicon.cjkTerms.values()) list.sort((x, y) => y[0].length - x[0].length);
  lexicon.suffixes = [...suffixes];
  lexicon.infixes = [...infixes];
  return lexicon;
}

let compiled: Lexicon | undefined;
const lexicon = (): Lexicon => (compiled ??= compileLexicon());

/** The lexicon features of one lower-case, accent-folded word (none when it is not in the lexicon). */
function wordFeatures(word: string, lex: Lexicon, compounds: boolean): string[] | undefined {
  const exact = lex.exact.get(word);
  if (exact) return exact;
  let node: PrefixNode | undefined = lex.prefixes;
  let found: string[] | undefined;
  for (let i = 0; i < word.length && node; i++) {
    node = node.next.get(word[i] ?? '');
    if (node?.features) found = node.features;
  }
  if (found) return found;
  if (compounds && word.length >= 7) {
    for (const [suffix, features] of lex.suffixes) if (word.endsWith(suffix)) return features;
    for (const [infix, features] of lex.infixes) if (word.includes(infix)) return features;
  }
  return undefined;
}

const LEAD_CHARS = 600;
const REACTION = /retaliat|revenge|in response to|in reprisal|vergeltung|als reaktion|represaille|en respuesta|represalia|in risposta|ritorsion|rappresaglia|em resposta|retaliacao|報復|対抗措置/iu;
// Languages spoken as the main language of one country only (not French, Spanish, German...).
const HOME_COUNTRY: Readonly<Record<string, string>> = { ja: 'jp', ko: 'kr', it: 'it', pl: 'pl', sv: 'se', da: 'dk', fi: 'fi', cs: 'cz', el: 'gr', hu: 'hu', ro: 'ro', tr: 'tr', uk: 'ua' };
// Headline words that set a report apart from an earlier, similar one.
const DISTINCT = /(?<![\p{L}])(?:another|separate|different|second|rival|again|anderer?|andere[ns]?|zweite[rns]?|erneut|autre|deuxieme|otr[oa]s?|segund[oa]|distint[oa]|altr[oaie]|second[oa]|outr[oa]s?)(?![\p{L}])|別の|再び|別会社/iu;
const HANGUL = /^\p{Script=Hangul}{2}$/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;
// "410,000", "410 000" and "410.000" are one figure.
const DIGIT_GROUPS = /(\d)[\s,.\u00a0\u202f](?=\d{3}(?!\d))/g;

/** The features of an item's title (weighted twice) and the start of its text. */
export function storyFeatures(title: string, text: string, lang?: string | null): StoryFeatures {
  const weights = new Map<string, number>();
  const titleWeights = new Map<string, number>();
  const titlePlaces = new Set<string>();
  const leadPlaces = new Set<string>();
  const names = new Set<string>();
  for (const [part, weight, places] of [
    [title, 2, titlePlaces],
    [text.slice(0, LEAD_CHARS), 1, leadPlaces],
  ] as const) {
    for (const feature of features(part, lang ?? null, names)) {
      weights.set(feature, (weights.get(feature) ?? 0) + weight);
      if (places === titlePlaces) titleWeights.set(feature, (titleWeights.get(feature) ?? 0) + 1);
      if (feature.startsWith('g:')) places.add(feature);
    }
  }
  // A lead names the places around an event too ("unlike the Somali hijackings"); the title names
  // its own. Domestic news rarely names its own country, so a report in a language of one country
  // that names no place is taken to be about that country.
  const home = lang ? HOME_COUNTRY[lang] : undefined;
  const places = titlePlaces.size > 0 ? titlePlaces : leadPlaces.size > 0 ? leadPlaces : new Set(home ? [`g:${home}`] : []);
  return { weights, titleWeights, places, names, distinct: DISTINCT.test(title), reaction: REACTION.test(fold(title)) };
}

function features(raw: string, lang: string | null, names: Set<string>): string[] {
  const lex = lexicon();
  const out: string[] = [];
  // NFKC changes nothing in ASCII text, and most feed text is ASCII.
  let text = NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw;
  if (/\d/.test(text)) text = text.replace(DIGIT_GROUPS, '$1');
  if (/[\u30a0-\u30ff]/.test(text)) for (const [kana, name] of TRANSLITERATIONS) if (text.includes(kana)) text = text.replaceAll(kana, ` ${name} `);
  const lower = fold(text.toLowerCase());
  // Case is read from the text as written when folding kept every position (almost always).
  const aligned = lower.length === text.length;

  const hasCjk = CJK.test(lower);
  if (hasCjk) cjkFeatures(lower, lex, out);
  const words: Array<{ word: string; start: number; end: number }> = [];
  // Latin words inside Japanese text ("DDoS攻撃") end where the Japanese starts; same length, same positions.
  const latin = hasCjk ? lower.replace(CJK_RUN, (run) => ' '.repeat(run.length)) : lower;
  for (const match of latin.matchAll(WORD)) words.push({ word: match[0], start: match.index, end: match.index + match[0].length });

  for (let i = 0; i < words.length; i++) {
    const current = words[i];
    if (!current) continue;
    // A phrase's words are not features of their own ("pro-Russian" is not a report about Russia).
    const phrase = matchPhrase(words, i, lex);
    if (phrase) {
      out.push(...phrase.features);
      i += phrase.rest.length;
      continue;
    }
    const written = aligned ? text.slice(current.start, current.end) : current.word;
    // Only a word with a capital can be a name or a cased lexicon entry (AI, EU).
    const capitalised = written !== current.word;
    if (capitalised) {
      const cased = lex.cased.get(written);
      if (cased) {
        out.push(...cased);
        continue;
      }
    }
    const meaning = lookupWord(current.word, lex, lang === 'de' || lang === 'nl' || !lang);
    if (meaning === null) continue;
    if (typeof meaning !== 'string') {
      out.push(...meaning);
      continue;
    }
    // Names and acronyms read the same in every language Herald compares; other words do not.
    if (meaning.startsWith('w:') && (capitalised || /\d/.test(written)) && isName(written, lang)) names.add(meaning);
    out.push(meaning);
  }
  return out;
}

// Words repeat across items far more than they vary: their meaning is worked out once. Two
// generations: when the young one fills up, it becomes the old one, so frequent words survive.
const MEMO_LIMIT = 100_000;
type Meaning = string[] | string | null;
const memo = [0, 1].map(() => ({ young: new Map<string, Meaning>(), old: new Map<string, Meaning>() }));

/**
 * What one lower-case word stands for: lexicon features, a figure (`#410000`), a word feature
 * (`w:stem`), or null for stopwords and scraps. Compounds are looked into only for languages
 * that write them as one word (German, Dutch) or when the language is unknown.
 */
function lookupWord(raw: string, lex: Lexicon, compounds: boolean): Meaning {
  const cache = memo[compounds ? 1 : 0] ?? { young: new Map<string, Meaning>(), old: new Map<string, Meaning>() };
  let meaning = cache.young.get(raw);
  if (meaning !== undefined) return meaning;
  meaning = cache.old.get(raw);
  if (meaning === undefined) {
    // "l'Allemagne", "dell'Italia": the elided article is not part of the word; nor is a possessive.
    const word = raw.includes("'") ? raw.replace(/^(?:l|d|j|qu|dell|all|nell|dall|sull|dall)'/, '').replace(/'s?$/, '') : raw;
    if (/^\d+$/.test(word)) meaning = `#${word}`;
    else if (NUMBER_WORDS[word]) meaning = NUMBER_WORDS[word] ?? null;
    // Two Hangul syllables are a whole word (미국, 일본); two Latin letters are a scrap.
    else if ((word.length < 3 && !HANGUL.test(word)) || STOPWORDS.has(word)) meaning = null;
    else meaning = wordFeatures(word, lex, compounds) ?? `w:${stem(word)}`;
  }
  if (cache.young.size >= MEMO_LIMIT) {
    cache.old = cache.young;
    cache.young = new Map();
  }
  cache.young.set(raw, meaning);
  return meaning;
}

function matchPhrase(words: ReadonlyArray<{ word: string }>, at: number, lex: Lexicon): Phrase | undefined {
  const candidates = lex.phrases.get(words[at]?.word ?? '');
  if (!candidates) return undefined;
  next: for (const phrase of candidates) {
    for (let k = 0; k < phrase.rest.length; k++) {
      const want = phrase.rest[k] ?? '';
      const got = words[at + 1 + k]?.word;
      if (got === undefined) continue next;
      const last = k === phrase.rest.length - 1;
      if (got !== want && !(last && phrase.lastIsStem && got.startsWith(want))) continue next;
    }
    return phrase;
  }
  return undefined;
}

/** Lexicon terms and character bigrams (which stand in for words) of the Japanese/Chinese runs. */
function cjkFeatures(lower: string, lex: Lexicon, out: string[]): void {
  for (const run of lower.match(CJK_RUN) ?? []) {
    let coveredUntil = 0;
    for (let i = 0; i < run.length; i++) {
      if (i + 1 < run.length) out.push(`b:${run.slice(i, i + 2)}`);
      if (i < coveredUntil) continue;
      const terms = lex.cjkTerms.get(run[i] ?? '');
      if (!terms) continue;
      for (const [term, features] of terms) {
        if (run.startsWith(term, i)) {
          out.push(...features);
          // A term's characters are not read again: 南スーダン is South Sudan, not also Sudan.
          coveredUntil = i + term.length;
          break;
        }
      }
    }
  }
}

function isName(written: string, lang: string | null): boolean {
  if (/\d/.test(written) && /\p{L}/u.test(written)) return true; // NoName057, F-16
  if (/^\p{Lu}{2,}/u.test(written)) return true; // DDoS, CUII, ISP
  if (/\p{Ll}\p{Lu}/u.test(written)) return true; // LaLiga, OpJapan
  // German capitalises every noun, so a capital letter says nothing there.
  return lang !== 'de' && /^\p{Lu}/u.test(written);
}

/** A light suffix strip so "attacks"/"attacked"/"attack" meet; names are too short to suffer. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(ing|ed|es|s)$/, '');
}
