// The story model: a logistic regression over pair features (story-pair.ts) that says how likely
// two reports are one event. Its weights are trained on the labeled story sets by
// `npm run train:stories` and shipped in story-model-weights.ts; nothing is downloaded.
import { PAIR_FEATURES, sharesSpecific } from './story-pair.js';
import { TRAINED_STORY_MODEL } from './story-model-weights.js';

export interface StoryModel {
  /** One weight per pair feature, in PAIR_FEATURES order. */
  weights: readonly number[];
  /** Log-odds from which two reports are the same event. */
  threshold: number;
  /**
   * How far (in log-odds, from the bar) a new report's average link to a story's latest reports
   * may fall below the bar and still join: a story is joined as a whole, not through one report.
   */
  link: number;
  /**
   * How much higher (in log-odds) the bar is for two reports that share no place, name or figure:
   * two DDoS reports a few hours apart are alike in every word that says what happened and may
   * still be two events.
   */
  vaguePenalty: number;
}

/** The trained model Herald ships. */
export const STORY_MODEL: StoryModel = TRAINED_STORY_MODEL;

/** Log-odds that the pair described by `features` is one event. */
export function storyLogit(model: StoryModel, features: Float64Array): number {
  let z = 0;
  const { weights } = model;
  for (let k = 0; k < PAIR_FEATURES.length; k++) z += (weights[k] ?? 0) * (features[k] ?? 0);
  return z;
}

/** How far past the model's bar a pair is (negative: below it). */
export function storyMargin(model: StoryModel, features: Float64Array): number {
  return storyLogit(model, features) - model.threshold - (sharesSpecific(features) ? 0 : model.vaguePenalty);
}
