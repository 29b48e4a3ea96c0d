// Folds reports of the same event into one story: TF-IDF cosine over title + lead, where the
// features are event-lexicon concepts and places (shared across wordings and languages), names,
// figures and words. Reports in different languages are compared on the features that do not
// depend on the language; reports naming only places that contradict each other never join. An
// inverted index of recent items means each new item is compared with a few candidates, not all.
import { storyFeatures } from './story-features.js';
import { STORY_MODEL, storyLogit, storyMargin, type StoryModel } from './story-model.js';
import { PAIR_FEATURES, pairFeatures, placeRelation, toStoryVector, type StoryVector } from './story-pair.js';

export interface StoryCandidate {
  id: string;
  title: string;
  text: string;
  /** ISO 8601; items should arrive roughly in time order. */
  publishedAt: string;
  /** The item's language, when known. */
  lang?: string | null;
  /** The watched topics the item is about, when classified. */
  topics?: readonly string[] | null;
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
  /** How many of an item's rarest tokens select its candidates (default 12). */
  probeTokens?: number;
  /** The pair model; the trained one by default (tests and training pass others). */
  model?: StoryModel;
}

export const STORY_DEFAULTS = { windowMs: 72 * 3_600_000, probeTokens: 12 } as const;

const MAX_POSTINGS_SCANNED = 64;
// Lists of tokens on more recent items than this stop growing: they are never scanned anyway.
const SATURATED = 4 * MAX_POSTINGS_SCANNED;

/**
 * A feature some remembered item carries: its number in the compact vectors, how many remembered
 * items carry it, and (up to SATURATED of) those items oldest first, `head` skipping the ones
 * forgotten from the front. One record per feature, so an item costs one map lookup per feature.
 */
interface Token {
  name: string;
  id: number;
  concept: boolean;
  df: number;
  list: Entry[];
  head: number;
}
// How many of the closest candidates are compared in full.
const MAX_COMPARED = 12;
// How many of a story's latest reports the average link is taken over.
const STORY_SAMPLE = 4;
// How far past the bar one very close report can lift a story's average link.
const LINK_CAP = 2;

interface Entry extends StoryVector {
  id: string;
  storyId: string;
  /** Its features, for the index and for forgetting. */
  tokens: Token[];
}

/** One remembered report compared with a new one. */
export interface StoryPair {
  otherId: string;
  otherStoryId: string;
  /** The pair features (PAIR_FEATURES order). */
  features: Float64Array;
}

export interface StoryIndex {
  /** Decides the story of one item and remembers it for the items after it. */
  assign(item: StoryCandidate): StoryAssignment;
  /** Remembers an item whose story is already known (rebuilding the index after a restart). */
  remember(item: StoryCandidate, storyId: string): void;
  /**
   * Remembers an item whose story is known and returns its pair features against every remembered
   * item in the window that shares a feature with it and names no contradicting place: the
   * examples the story model is trained on.
   */
  rememberWithPairs(item: StoryCandidate, storyId: string): StoryPair[];
  /** How likely two remembered items are one event (0–1); null if either is unknown. */
  compare(aId: string, bId: string): number | null;
}

/**
 * Builds an empty index. Document frequencies count the items in the window, so early decisions
 * use rougher weights; the cost per item depends on how many recent items share its rare tokens,
 * and items that leave the window are forgotten, so memory stays bounded in a long-running service.
 */
export function createStoryIndex(options: StoryIndexOptions = {}): StoryIndex {
  const settings = { ...STORY_DEFAULTS, ...options };
  const model = options.model ?? STORY_MODEL;
  const tokens = new Map<string, Token>();
  const byId = new Map<string, Entry>();
  const members = new Map<string, Entry[]>();
  // Arrival order, for forgetting what has left the window.
  const arrivals: Entry[] = [];
  let arrivalsHead = 0;
  let newest = -Infinity;
  const scratch = new Float64Array(PAIR_FEATURES.length);

  // Token ids number the compact vectors; a token leaves when no remembered item has it.
  let nextTokenId = 0;

  // A small or young window makes every shared word look rare. Pseudo-documents stand in for the
  // news Herald has not seen yet: concepts ("court", "DDoS") are common vocabulary by construction,
  // so they start with a share of those documents; names and words start with none.
  const idf = (token: Token): number => Math.log((byId.size + PRIOR_DOCUMENTS + 1) / (token.df + (token.concept ? PRIOR_CONCEPT_DF : 0) + 1)) + 1;

  const index = (entry: Entry): void => {
    for (const token of entry.tokens) if (token.list.length - token.head < SATURATED) token.list.push(entry);
    const story = members.get(entry.storyId);
    if (story) story.push(entry);
    else members.set(entry.storyId, [entry]);
    arrivals.push(entry);
  };

  const forget = (entry: Entry): void => {
    byId.delete(entry.id);
    for (const token of entry.tokens) {
      token.df--;
      if (token.df <= 0) {
        tokens.delete(token.name);
        continue;
      }
      const { list } = token;
      // Items are forgotten oldest first, so almost always from the front.
      if (list[token.head] === entry) token.head++;
      else {
        const at = list.indexOf(entry, token.head);
        if (at >= 0) list.splice(at, 1);
      }
      if (token.head >= list.length) {
        token.list = [];
        token.head = 0;
      } else if (token.head > 64 && token.head * 2 > list.length) {
        list.splice(0, token.head);
        token.head = 0;
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
    const features = storyFeatures(item.title, item.text, item.lang);
    const own: Token[] = [];
    for (const name of features.weights.keys()) {
      let token = tokens.get(name);
      if (!token) tokens.set(name, (token = { name, id: nextTokenId++, concept: name.startsWith('c:'), df: 0, list: [], head: 0 }));
      token.df++;
      own.push(token);
    }
    const ids = own.map((token) => token.id);
    const rarity = own.map(idf);
    const entry: Entry = { ...toStoryVector(features, { time, lang: primaryLanguage(item.lang), topics: item.topics ?? null }, ids, rarity), id: item.id, storyId: item.id, tokens: own };
    byId.set(item.id, entry);
    return entry;
  };

  // The model's log-odds that two reports are one event, measured from its bar.
  // Reports naming only places that contradict each other (Ohio vs Kentucky) are never one event.
  const margin = (a: Entry, b: Entry): number => (placeRelation(a.places, b.places) === 'contradict' ? -Infinity : storyMargin(model, pairFeatures(a, b, scratch)));

  return {
    remember(item, storyId) {
      const entry = toEntry(item);
      entry.storyId = storyId;
      index(entry);
    },
    rememberWithPairs(item, storyId) {
      const entry = toEntry(item);
      entry.storyId = storyId;
      const pairs: StoryPair[] = [];
      const seen = new Set<Entry>();
      for (const token of entry.tokens) {
        for (let i = token.head; i < token.list.length; i++) {
          const other = token.list[i];
          if (!other || seen.has(other) || Math.abs(entry.time - other.time) > settings.windowMs) continue;
          seen.add(other);
          if (placeRelation(entry.places, other.places) === 'contradict') continue;
          pairs.push({ otherId: other.id, otherStoryId: other.storyId, features: pairFeatures(entry, other, new Float64Array(PAIR_FEATURES.length)) });
        }
      }
      index(entry);
      return pairs;
    },
    compare(aId, bId) {
      const a = byId.get(aId);
      const b = byId.get(bId);
      if (!a || !b) return null;
      return placeRelation(a.places, b.places) === 'contradict' ? 0 : sigmoid(storyLogit(model, pairFeatures(a, b, scratch)));
    },
    assign(item) {
      const entry = toEntry(item);
      const { time, tokens: own } = entry;

      // Candidates: recent items sharing one of this item's rarest tokens that some earlier item
      // has (a token only this item has finds nobody).
      const probes = own
        // A token on hundreds of recent items names no particular event, and scanning its list
        // would make each item's cost grow with the window.
        .filter((token) => token.df > 1 && token.df <= MAX_POSTINGS_SCANNED + 1)
        .map((token) => [token, idf(token)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, settings.probeTokens);
      // Accumulate how much of the probes each recent item shares, then compare in full only the
      // closest few: the full comparison is the expensive part.
      const shared = new Map<Entry, number>();
      for (const [token, weight] of probes) {
        const { list } = token;
        for (let i = token.head; i < list.length; i++) {
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
        if (m >= 0 && (!current || m > current.margin)) bestByStory.set(other.storyId, { entry: other, margin: m });
      }
      let best: { entry: Entry; margin: number } | null = null;
      for (const [storyId, match] of bestByStory) {
        if (best && match.margin <= best.margin) continue;
        // The story's latest reports stand for it: a story of hundreds of reports costs no more.
        const story = (members.get(storyId) ?? []).slice(-STORY_SAMPLE).filter((other) => Math.abs(time - other.time) <= settings.windowMs);
        const average = story.reduce((sum, other) => sum + Math.min(marginTo(other), LINK_CAP), 0) / Math.max(story.length, 1);
        if (average >= model.link) best = match;
      }
      if (best) entry.storyId = best.entry.storyId;
      index(entry);
      return { storyId: entry.storyId, matchedId: best ? best.entry.id : null, similarity: best ? sigmoid(storyLogit(model, pairFeatures(entry, best.entry, scratch))) : 0 };
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

/** The primary language subtag: feeds declare "en-US", detection says "en"; both are English. */
function primaryLanguage(lang: string | null | undefined): string | null {
  if (!lang) return null;
  return lang.toLowerCase().split(/[-_]/)[0] || null;
}

// Pseudo-documents in every window, and how many of them carry each concept.
const PRIOR_DOCUMENTS = 200;
const PRIOR_CONCEPT_DF = 10;

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
