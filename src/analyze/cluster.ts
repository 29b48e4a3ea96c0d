// Folds reports of the same event into one story: TF-IDF cosine over title + lead, where the
// features are event-lexicon concepts and places (shared across wordings and languages), names,
// figures and words. Reports in different languages are compared on the features that do not
// depend on the language; reports naming only places that contradict each other never join. An
// inverted index of recent items means each new item is compared with a few candidates, not all.
import { isLanguageBound, storyFeatures } from './story-features.js';

export interface StoryCandidate {
  id: string;
  title: string;
  text: string;
  /** ISO 8601; items should arrive roughly in time order. */
  publishedAt: string;
  /** The item's language, when known. */
  lang?: string | null;
}

export interface StoryAssignment {
  /** The story: the id of its first item. */
  storyId: string;
  /** The earlier item this one matched, or null when it starts a story. */
  matchedId: string | null;
  similarity: number;
}

export interface StoryIndexOptions {
  /** Items further apart than this are never one story (default 72 h). */
  windowMs?: number;
  /** Cosine similarity from which two reports in one language are the same event. */
  threshold?: number;
  /** The same for reports in different languages, compared on language-neutral features only. */
  crossLanguageThreshold?: number;
  /** How many of an item's rarest tokens select its candidates (default 12). */
  probeTokens?: number;
  /** The average similarity to a story's reports, as a share of the bar, needed to join it. */
  storyLink?: number;
}

export const STORY_DEFAULTS = { windowMs: 72 * 3_600_000, threshold: 0.18, crossLanguageThreshold: 0.25, probeTokens: 12, storyLink: 0.9 } as const satisfies Required<StoryIndexOptions>;

const MAX_POSTINGS_SCANNED = 64;
// Lists of tokens on more recent items than this stop growing: they are never scanned anyway.
const SATURATED = 4 * MAX_POSTINGS_SCANNED;

/** Items carrying a token, oldest first; `head` skips the ones forgotten from the front. */
interface Postings {
  list: Entry[];
  head: number;
}
// How many of the closest candidates are compared in full.
const MAX_COMPARED = 12;
// How many of a story's latest reports the average link is taken over.
const STORY_SAMPLE = 4;

interface Entry {
  id: string;
  storyId: string;
  time: number;
  lang: string | null;
  vector: Map<string, number>;
  /**
   * The same vector for comparing: token ids ascending, their weights, and per token whether it is
   * bound to this report's language (LANGUAGE_BOUND) and whether it is specific to an event
   * (SPECIFIC: a place, a long figure, a word written as a name here). One merge pass over two of
   * these gives both cosines and the shared-specific test.
   */
  ids: Int32Array;
  weights: Float64Array;
  flags: Uint8Array;
  norm: number;
  /** Norm over the language-neutral features only. */
  neutralNorm: number;
  names: ReadonlySet<string>;
  places: ReadonlySet<string>;
  distinct: boolean;
  reaction: boolean;
}

export interface StoryIndex {
  /** Decides the story of one item and remembers it for the items after it. */
  assign(item: StoryCandidate): StoryAssignment;
  /** Remembers an item whose story is already known (rebuilding the index after a restart). */
  remember(item: StoryCandidate, storyId: string): void;
  /** How similar two remembered items are (0 when places contradict); null if either is unknown. */
  compare(aId: string, bId: string): number | null;
}

/**
 * Builds an empty index. Document frequencies count the items in the window, so early decisions
 * use rougher weights; the cost per item depends on how many recent items share its rare tokens,
 * and items that leave the window are forgotten, so memory stays bounded in a long-running service.
 */
export function createStoryIndex(options: StoryIndexOptions = {}): StoryIndex {
  const settings = { ...STORY_DEFAULTS, ...options };
  const documentFrequency = new Map<string, number>();
  const postings = new Map<string, Postings>();
  const byId = new Map<string, Entry>();
  const members = new Map<string, Entry[]>();
  // Arrival order, for forgetting what has left the window.
  const arrivals: Entry[] = [];
  let arrivalsHead = 0;
  let newest = -Infinity;

  // A small or young window makes every shared word look rare. Pseudo-documents stand in for the
  // news Herald has not seen yet: concepts ("court", "DDoS") are common vocabulary by construction,
  // so they start with a share of those documents; names and words start with none.
  // Token → id, for the compact vectors; a token leaves when no remembered item has it.
  const tokenIds = new Map<string, number>();
  let nextTokenId = 0;
  const idOf = (token: string): number => {
    let id = tokenIds.get(token);
    if (id === undefined) tokenIds.set(token, (id = nextTokenId++));
    return id;
  };

  const idf = (token: string): number => {
    const prior = token.startsWith('c:') ? PRIOR_CONCEPT_DF : 0;
    return Math.log((byId.size + PRIOR_DOCUMENTS + 1) / ((documentFrequency.get(token) ?? 0) + prior + 1)) + 1;
  };

  const index = (entry: Entry): void => {
    for (const [token] of entry.vector) {
      const postingsOf = postings.get(token);
      if (!postingsOf) postings.set(token, { list: [entry], head: 0 });
      else if (postingsOf.list.length - postingsOf.head < SATURATED) postingsOf.list.push(entry);
    }
    const story = members.get(entry.storyId);
    if (story) story.push(entry);
    else members.set(entry.storyId, [entry]);
    arrivals.push(entry);
  };

  const forget = (entry: Entry): void => {
    byId.delete(entry.id);
    for (const [token] of entry.vector) {
      const count = (documentFrequency.get(token) ?? 1) - 1;
      if (count <= 0) {
        documentFrequency.delete(token);
        tokenIds.delete(token);
      } else documentFrequency.set(token, count);
      const postingsOf = postings.get(token);
      if (!postingsOf) continue;
      const { list } = postingsOf;
      // Items are forgotten oldest first, so almost always from the front.
      if (list[postingsOf.head] === entry) postingsOf.head++;
      else {
        const at = list.indexOf(entry, postingsOf.head);
        if (at >= 0) list.splice(at, 1);
      }
      if (postingsOf.head >= list.length) postings.delete(token);
      else if (postingsOf.head > 64 && postingsOf.head * 2 > list.length) {
        list.splice(0, postingsOf.head);
        postingsOf.head = 0;
      }
    }
    const story = members.get(entry.storyId);
    if (story) {
      const at = story.indexOf(entry);
      if (at >= 0) story.splice(at, 1);
      if (story.length === 0) members.delete(entry.storyId);
    }
  };

  // Items more than two windows older than the newest can no longer join anything.
  const evict = (): void => {
    while (arrivalsHead < arrivals.length) {
      const oldest = arrivals[arrivalsHead];
      if (!oldest || newest - oldest.time <= 2 * settings.windowMs) break;
      forget(oldest);
      arrivalsHead++;
    }
    if (arrivalsHead > 1_024 && arrivalsHead * 2 > arrivals.length) {
      arrivals.splice(0, arrivalsHead);
      arrivalsHead = 0;
    }
  };

  const toEntry = (item: StoryCandidate): Entry => {
    const time = Date.parse(item.publishedAt);
    if (time > newest) {
      newest = time;
      evict();
    }
    const { weights, names, places, distinct, reaction } = storyFeatures(item.title, item.text, item.lang);
    for (const token of weights.keys()) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    const entry: Entry = {
      id: item.id,
      storyId: item.id,
      time,
      lang: primaryLanguage(item.lang),
      vector: new Map(),
      ids: new Int32Array(0),
      weights: new Float64Array(0),
      flags: new Uint8Array(0),
      norm: 1,
      neutralNorm: 1,
      names,
      places,
      distinct,
      reaction,
    };
    byId.set(item.id, entry);
    let sumSquares = 0;
    let neutralSquares = 0;
    const compact: Array<[number, number, number]> = [];
    for (const [token, count] of weights) {
      const weight = (1 + Math.log(count)) * idf(token);
      entry.vector.set(token, weight);
      sumSquares += weight * weight;
      const bound = isLanguageBound(token, names);
      if (!bound) neutralSquares += weight * weight;
      compact.push([idOf(token), weight, (bound ? LANGUAGE_BOUND : 0) | (isSpecific(token, names) ? SPECIFIC : 0)]);
    }
    compact.sort((x, y) => x[0] - y[0]);
    entry.ids = Int32Array.from(compact, (c) => c[0]);
    entry.weights = Float64Array.from(compact, (c) => c[1]);
    entry.flags = Uint8Array.from(compact, (c) => c[2]);
    entry.norm = Math.sqrt(sumSquares) || 1;
    entry.neutralNorm = Math.sqrt(neutralSquares) || 1;
    return entry;
  };

  // How far past its own bar a pair is: cross-language similarities run lower.
  const margin = (a: Entry, b: Entry): number => similarity(a, b) / (crossLanguage(a, b) ? settings.crossLanguageThreshold : settings.threshold);

  return {
    remember(item, storyId) {
      const entry = toEntry(item);
      entry.storyId = storyId;
      index(entry);
    },
    compare(aId, bId) {
      const a = byId.get(aId);
      const b = byId.get(bId);
      return a && b ? similarity(a, b) : null;
    },
    assign(item) {
      const entry = toEntry(item);
      const { time, vector } = entry;

      // Candidates: recent items sharing one of this item's rarest tokens that some earlier item
      // has (a token only this item has finds nobody).
      const probes = [...vector.entries()]
        .filter(([token]) => {
          const df = documentFrequency.get(token) ?? 0;
          // A token on hundreds of recent items names no particular event, and scanning its list
          // would make each item's cost grow with the window.
          return df > 1 && df <= MAX_POSTINGS_SCANNED + 1;
        })
        .sort((a, b) => b[1] - a[1])
        .slice(0, settings.probeTokens);
      // Accumulate how much of the probes each recent item shares, then compare in full only the
      // closest few: the full comparison is the expensive part.
      const shared = new Map<Entry, number>();
      for (const [token, weight] of probes) {
        const postingsOf = postings.get(token);
        if (!postingsOf) continue;
        const { list } = postingsOf;
        for (let i = postingsOf.head; i < list.length; i++) {
          const other = list[i];
          if (other && other !== entry && Math.abs(time - other.time) <= settings.windowMs) shared.set(other, (shared.get(other) ?? 0) + weight);
        }
      }
      const candidates = closest(shared, MAX_COMPARED);

      // The story whose closest report is furthest past the bar wins, provided the new report is
      // close to the story as a whole (average link): one shared detail with one report of a
      // different event is not enough.
      const margins = new Map<Entry, number>();
      const marginTo = (other: Entry): number => {
        let m = margins.get(other);
        if (m === undefined) margins.set(other, (m = margin(entry, other)));
        return m;
      };
      const bestByStory = new Map<string, { entry: Entry; margin: number }>();
      for (const other of candidates) {
        const m = marginTo(other);
        const current = bestByStory.get(other.storyId);
        if (m >= 1 && (!current || m > current.margin)) bestByStory.set(other.storyId, { entry: other, margin: m });
      }
      let best: { entry: Entry; margin: number } | null = null;
      for (const [storyId, match] of bestByStory) {
        if (best && match.margin <= best.margin) continue;
        // The story's latest reports stand for it: a story of hundreds of reports costs no more.
        const story = (members.get(storyId) ?? []).slice(-STORY_SAMPLE).filter((other) => Math.abs(time - other.time) <= settings.windowMs);
        const average = story.reduce((sum, other) => sum + Math.min(marginTo(other), 1.5), 0) / Math.max(story.length, 1);
        if (average >= settings.storyLink) best = match;
      }
      if (best) entry.storyId = best.entry.storyId;
      index(entry);
      return { storyId: entry.storyId, matchedId: best ? best.entry.id : null, similarity: best ? similarity(entry, best.entry) : 0 };
    },
  };
}

/** The `k` keys with the highest values, best first, without sorting the whole map. */
function closest<T>(scores: ReadonlyMap<T, number>, k: number): T[] {
  const top: Array<[T, number]> = [];
  for (const pair of scores) {
    if (top.length === k && pair[1] <= (top[k - 1]?.[1] ?? -Infinity)) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1]?.[1] ?? 0) < pair[1]) at--;
    top.splice(at, 0, pair);
    if (top.length > k) top.pop();
  }
  return top.map(([key]) => key);
}

function crossLanguage(a: Entry, b: Entry): boolean {
  return a.lang !== null && b.lang !== null && a.lang !== b.lang;
}

/** The primary language subtag: feeds declare "en-US", detection says "en"; both are English. */
function primaryLanguage(lang: string | null | undefined): string | null {
  if (!lang) return null;
  return lang.toLowerCase().split(/[-_]/)[0] || null;
}

// How much a headline that calls itself another event ("separate attack") weakens a match.
const DISTINCT_FACTOR = 0.5;

const LANGUAGE_BOUND = 1;
const SPECIFIC = 2;

/**
 * Whether a feature is something only one event would carry: a place, a figure other than a small
 * count (#410000, #2012; not #2 or #12), or a word this report writes as a name ("OpJapan",
 * "NoName057(16)", "Arcom"). Concepts alone ("protest", "DDoS", "website") describe a kind of event.
 */
function isSpecific(token: string, names: ReadonlySet<string>): boolean {
  return token.startsWith('g:') || (token.startsWith('#') && token.length > 3) || (token.startsWith('w:') && names.has(token));
}

// Pseudo-documents in every window, and how many of them carry each concept.
const PRIOR_DOCUMENTS = 200;
const PRIOR_CONCEPT_DF = 10;

// Without a shared specific, the bar is this many times higher.
const NO_SPECIFICS_FACTOR = 1.5;

function similarity(a: Entry, b: Entry): number {
  if (placesContradict(a.places, b.places)) return 0;
  // One merge pass over the two sorted vectors: the full dot product, the one over features that
  // are not bound to a language in both reports, and whether a specific feature is shared (a word
  // counts as a name when either report writes it as one).
  let dot = 0;
  let neutralDot = 0;
  let specific = false;
  const { ids: ia, weights: wa, flags: fa } = a;
  const { ids: ib, weights: wb, flags: fb } = b;
  let i = 0;
  let j = 0;
  while (i < ia.length && j < ib.length) {
    const x = ia[i] ?? 0;
    const y = ib[j] ?? 0;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const product = (wa[i] ?? 0) * (wb[j] ?? 0);
      const flagsA = fa[i] ?? 0;
      const flagsB = fb[j] ?? 0;
      dot += product;
      if (!(flagsA & LANGUAGE_BOUND && flagsB & LANGUAGE_BOUND)) neutralDot += product;
      if ((flagsA | flagsB) & SPECIFIC) specific = true;
      i++;
      j++;
    }
  }
  const score = crossLanguage(a, b) ? neutralDot / (a.neutralNorm * b.neutralNorm) : dot / (a.norm * b.norm);
  // A headline that calls itself another event weighs less; so does a retaliation headline
  // against a report of what it retaliates for.
  const distinct = a.distinct || b.distinct || a.reaction !== b.reaction ? score * DISTINCT_FACTOR : score;
  return specific ? distinct : distinct / NO_SPECIFICS_FACTOR;
}

/** Both name places, and none of one's is the other's or inside it (Ohio vs Kentucky, Latvia vs Lithuania). */
function placesContradict(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const x of a) for (const y of b) if (x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`)) return false;
  return true;
}
