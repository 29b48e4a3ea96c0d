// What two reports have in common, as the numbers the story model weighs: how alike their words
// are (whole report, title, language-neutral part), whether they name the same or contradicting
// places, names and figures, whether they describe the same kind of action, and how far apart in
// time they are. One merge pass over two compact vectors computes all of it.
import { isLanguageBound, type StoryFeatures } from './story-features.js';

/** A report's features, weighted (TF-IDF) and laid out for fast comparison. */
export interface StoryVector {
  time: number;
  /** Primary language subtag, or null when unknown. */
  lang: string | null;
  /** Feature ids ascending, with the whole report's weight, the title's weight and flags per id. */
  ids: Int32Array;
  weights: Float64Array;
  titleWeights: Float64Array;
  /** How rare each feature was when the report arrived (its IDF). */
  rarity: Float64Array;
  flags: Uint8Array;
  norm: number;
  neutralNorm: number;
  titleNorm: number;
  titleNeutralNorm: number;
  concepts: number;
  actions: number;
  /** Figures in the title ("21 sites", "€6.25"). */
  titleFigures: number;
  /** The watched topics the report is about, when known (reports on no common topic are rarely one event). */
  topics: readonly string[] | null;
  places: ReadonlySet<string>;
  distinct: boolean;
  reaction: boolean;
}

/** The pair features, in the order the model's weights follow. */
export const PAIR_FEATURES = [
  'bias',
  'cosine',
  'cosine, across languages',
  'title cosine',
  'place shared',
  'names shared',
  'figure shared',
  'concepts shared',
  'actions differ',
  'hours apart',
  'languages differ',
  'headline says another',
  'one is a reaction',
  'rarest shared',
  'title figures differ',
  'no topic in common',
  'places alike',
] as const;

const LANGUAGE_BOUND = 1;
const CONCEPT = 2;
const ACTION = 4;
const NAME = 8;
const FIGURE = 16;
const ANY_FIGURE = 32;

// Concepts for what was done (as opposed to who, where, or to what): two reports that each say
// what was done, and share none of it, describe different events (a DDoS is not a ransomware attack).
const ACTIONS = new Set(
  'block disconnect warn arrest raid charge convict fine sue ruling appeal uphold overturn enact ddos deface leak ransomware extortion hijack kidnap takedown shutdown seize agree license outage'
    .split(' ')
    .map((name) => `c:${name}`),
);

/**
 * Lays out one report's features. `ids` number them (shared by every vector one index compares)
 * and `idf` says how rare each is, both in the order of `features.weights`.
 */
export function toStoryVector(
  features: StoryFeatures,
  context: { time: number; lang: string | null; topics: readonly string[] | null },
  ids: readonly number[],
  idf: readonly number[],
): StoryVector {
  const n = features.weights.size;
  const weights = new Float64Array(n);
  const titleWeights = new Float64Array(n);
  const rarities = new Float64Array(n);
  const flagsOf = new Uint8Array(n);
  // Sort keys: the feature's id times a power of two above n, plus its position, so one numeric
  // sort of a typed array orders the rows (ids stay far below 2^31, so keys stay exact doubles).
  const scale = 2 ** Math.ceil(Math.log2(n + 1));
  const keys = new Float64Array(n);
  let squares = 0;
  let neutralSquares = 0;
  let titleSquares = 0;
  let titleNeutralSquares = 0;
  let concepts = 0;
  let actions = 0;
  let titleFigures = 0;
  let at = 0;
  for (const [feature, count] of features.weights) {
    const rarity = idf[at] ?? 1;
    const weight = (1 + Math.log(count)) * rarity;
    const titleCount = features.titleWeights.get(feature) ?? 0;
    const titleWeight = titleCount > 0 ? (1 + Math.log(titleCount)) * rarity : 0;
    if (titleCount > 0 && feature.startsWith('#')) titleFigures++;
    const bound = isLanguageBound(feature, features.names);
    let flags = bound ? LANGUAGE_BOUND : 0;
    if (feature.startsWith('c:')) {
      flags |= CONCEPT;
      concepts++;
      if (ACTIONS.has(feature)) {
        flags |= ACTION;
        actions++;
      }
    } else if (feature.startsWith('w:') && features.names.has(feature)) flags |= NAME;
    // A figure other than a small count (#410000, #2012; not #2 or #12).
    else if (feature.startsWith('#')) flags |= feature.length > 3 ? FIGURE | ANY_FIGURE : ANY_FIGURE;
    squares += weight * weight;
    titleSquares += titleWeight * titleWeight;
    if (!bound) {
      neutralSquares += weight * weight;
      titleNeutralSquares += titleWeight * titleWeight;
    }
    weights[at] = weight;
    titleWeights[at] = titleWeight;
    rarities[at] = rarity;
    flagsOf[at] = flags;
    keys[at] = (ids[at] ?? 0) * scale + at;
    at++;
  }
  keys.sort();
  const vector: StoryVector = {
    ...context,
    ids: new Int32Array(n),
    weights: new Float64Array(n),
    titleWeights: new Float64Array(n),
    rarity: new Float64Array(n),
    flags: new Uint8Array(n),
    norm: Math.sqrt(squares) || 1,
    neutralNorm: Math.sqrt(neutralSquares) || 1,
    titleNorm: Math.sqrt(titleSquares) || 1,
    titleNeutralNorm: Math.sqrt(titleNeutralSquares) || 1,
    concepts,
    actions,
    titleFigures,
    places: features.places,
    distinct: features.distinct,
    reaction: features.reaction,
  };
  for (let k = 0; k < n; k++) {
    const key = keys[k] ?? 0;
    const from = key % scale;
    vector.ids[k] = (key - from) / scale;
    vector.weights[k] = weights[from] ?? 0;
    vector.titleWeights[k] = titleWeights[from] ?? 0;
    vector.rarity[k] = rarities[from] ?? 0;
    vector.flags[k] = flagsOf[from] ?? 0;
  }
  return vector;
}

/**
 * Whether two reports share something only one event has: a place, a name or a figure. Concepts
 * ("DDoS", "court") say what kind of event; these say which.
 */
export function sharesSpecific(features: Float64Array): boolean {
  return (features[4] ?? 0) > 0 || (features[5] ?? 0) > 0 || (features[6] ?? 0) > 0;
}

/** Whether the two vectors are in different known languages. */
export function crossLanguage(a: StoryVector, b: StoryVector): boolean {
  return a.lang !== null && b.lang !== null && a.lang !== b.lang;
}

const HOURS_SCALE = Math.log(73);
// An IDF around which a feature is as rare as features get in a window of a few hundred reports.
const RARITY_SCALE = 7;

/**
 * Fills `out` (length PAIR_FEATURES.length) with what `a` and `b` have in common. Pairs whose
 * places contradict are never compared (see placeRelation); the features assume they do not.
 */
export function pairFeatures(a: StoryVector, b: StoryVector, out: Float64Array): Float64Array {
  const cross = crossLanguage(a, b);
  let dot = 0;
  let neutralDot = 0;
  let titleDot = 0;
  let titleNeutralDot = 0;
  let names = 0;
  let figures = 0;
  let concepts = 0;
  let actions = 0;
  let rarest = 0;
  let titleFigures = 0;
  const { ids: ia, weights: wa, titleWeights: ta, flags: fa, rarity: ra } = a;
  const { ids: ib, weights: wb, titleWeights: tb, flags: fb } = b;
  let i = 0;
  let j = 0;
  while (i < ia.length && j < ib.length) {
    const x = ia[i] ?? 0;
    const y = ib[j] ?? 0;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const product = (wa[i] ?? 0) * (wb[j] ?? 0);
      const titleProduct = (ta[i] ?? 0) * (tb[j] ?? 0);
      const flagsA = fa[i] ?? 0;
      const flagsB = fb[j] ?? 0;
      const either = flagsA | flagsB;
      dot += product;
      titleDot += titleProduct;
      // A word is language-neutral when either report writes it as a name.
      if (!(flagsA & LANGUAGE_BOUND && flagsB & LANGUAGE_BOUND)) {
        neutralDot += product;
        titleNeutralDot += titleProduct;
      }
      if (!(either & CONCEPT)) rarest = Math.max(rarest, ra[i] ?? 0);
      if (titleProduct > 0 && either & ANY_FIGURE) titleFigures++;
      if (either & NAME) names++;
      else if (either & FIGURE) figures++;
      else if (either & CONCEPT) {
        concepts++;
        if (either & ACTION) actions++;
      }
      i++;
      j++;
    }
  }
  const neutral = neutralDot / (a.neutralNorm * b.neutralNorm);
  const places = placeRelation(a.places, b.places);
  out[0] = 1;
  // Reports in one language are compared on everything; across languages only on what reads the
  // same in both (concepts, places, names, figures), which runs lower: each has its own weight.
  out[1] = cross ? neutral : dot / (a.norm * b.norm);
  out[2] = cross ? neutral : 0;
  out[3] = cross ? titleNeutralDot / (a.titleNeutralNorm * b.titleNeutralNorm) : titleDot / (a.titleNorm * b.titleNorm);
  out[4] = places === 'shared' ? 1 : 0;
  out[5] = Math.min(names, 3) / 3;
  out[6] = figures > 0 ? 1 : 0;
  out[7] = concepts / Math.max(1, Math.min(a.concepts, b.concepts));
  out[8] = a.actions > 0 && b.actions > 0 && actions === 0 ? 1 : 0;
  out[9] = Math.log1p(Math.abs(a.time - b.time) / 3_600_000) / HOURS_SCALE;
  out[10] = cross ? 1 : 0;
  out[11] = a.distinct || b.distinct ? 1 : 0;
  out[12] = a.reaction !== b.reaction ? 1 : 0;
  out[13] = Math.min(rarest / RARITY_SCALE, 1);
  out[14] = a.titleFigures > 0 && b.titleFigures > 0 && titleFigures === 0 ? 1 : 0;
  out[15] = noTopicInCommon(a.topics, b.topics) ? 1 : 0;
  out[16] = places === 'shared' ? placeOverlap(a.places, b.places) : 0;
  return out;
}

/** The share of the places either names that the other names too (a region counts for its country). */
function placeOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const within = (x: string, others: ReadonlySet<string>): boolean => {
    for (const y of others) if (x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`)) return true;
    return false;
  };
  let matched = 0;
  for (const x of a) if (within(x, b)) matched++;
  for (const y of b) if (within(y, a)) matched++;
  return matched / (a.size + b.size);
}

/** Both topic lists are known, at least one names a topic, and they share none. */
function noTopicInCommon(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (!a || !b || a.length + b.length === 0) return false;
  return !a.some((topic) => b.includes(topic));
}

/**
 * How the places two reports name relate: one names a place the other names or lies inside
 * (`shared`), both name places and none relate (`contradict`: Ohio vs Kentucky), or either names none.
 */
export function placeRelation(a: ReadonlySet<string>, b: ReadonlySet<string>): 'shared' | 'contradict' | 'unknown' {
  if (a.size === 0 || b.size === 0) return 'unknown';
  for (const x of a) for (const y of b) if (x === y || x.startsWith(`${y}-`) || y.startsWith(`${x}-`)) return 'shared';
  return 'contradict';
}
