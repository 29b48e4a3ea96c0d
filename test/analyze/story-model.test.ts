// The story model: trained reproducibly from the labeled sets in the repo, and measured on the
// blind set it was never trained on.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../src/analyze/cluster.js';
import { evaluateStories, parseLabeledReports, withTopics, type LabeledReport } from '../../src/analyze/evaluate-stories.js';
import { STORY_MODEL } from '../../src/analyze/story-model.js';
import { PAIR_FEATURES } from '../../src/analyze/story-pair.js';
import { loadTopics } from '../../src/analyze/topic-rules.js';
import { fitLogistic, trainStoryModel } from '../../src/analyze/train-stories.js';
import { HELD_OUT_STORIES, TRAINING_SETS } from '../../src/commands/train-stories.js';

function load(file: string): LabeledReport[] {
  const parsed = parseLabeledReports(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.items;
}

describe('training the story model', () => {
  it('reproduces the shipped weights, bar and link from the sets in the repo', () => {
    const rules = loadTopics('config/topics.yaml');
    const report = trainStoryModel(TRAINING_SETS.map((file) => ({ name: path.basename(file), reports: withTopics(load(file), rules) })));
    expect(report.model).toEqual(STORY_MODEL);
  });

  it('learns which way each feature points on data where the answer is known', () => {
    // Same event when the cosine is high, whatever the other features say.
    const examples = Array.from({ length: 200 }, (_, i) => {
      const x = new Float64Array(PAIR_FEATURES.length);
      x[0] = 1;
      x[1] = (i % 20) / 20;
      x[9] = ((i * 7) % 13) / 13;
      return { x, y: (x[1] ?? 0) > 0.5 ? (1 as const) : (0 as const) };
    });
    const weights = fitLogistic(examples, 0.1);
    expect(weights[1]).toBeGreaterThan(5);
    expect(Math.abs(weights[9] ?? 0)).toBeLessThan(1);
  });

  it('refuses a set without any pair of one event', () => {
    const x = new Float64Array(PAIR_FEATURES.length);
    expect(() => fitLogistic([{ x, y: 0 }], 1)).toThrow(/pairs of the same event/);
  });
});

describe.skipIf(!existsSync(HELD_OUT_STORIES))('the shipped model on the blind held-out set', () => {
  // A floor just under the figures measured when the model was trained (P 0.71, R 0.57; README):
  // a change that loses ground on events it has never seen fails here. The targets are higher.
  it('keeps pairwise precision and recall on stories-holdout2.jsonl', () => {
    const report = evaluateStories(withTopics(load(HELD_OUT_STORIES), loadTopics('config/topics.yaml')));
    expect(report.precision).toBeGreaterThanOrEqual(0.68);
    expect(report.recall).toBeGreaterThanOrEqual(0.52);
  });
});

describe('story index with a model', () => {
  it('never joins reports whose places contradict, however alike their words', () => {
    const index = createStoryIndex();
    const text = 'Pro-Russian hackers claimed DDoS attacks on municipal websites.';
    index.assign({ id: 'ohio', title: 'Hackers knock Ohio county websites offline', text, publishedAt: '2026-03-10T08:00:00Z', lang: 'en' });
    const kentucky = index.assign({ id: 'kentucky', title: 'Hackers knock Kentucky county websites offline', text, publishedAt: '2026-03-10T09:00:00Z', lang: 'en' });
    expect(kentucky.storyId).toBe('kentucky');
    expect(index.compare('ohio', 'kentucky')).toBe(0);
  });
});
