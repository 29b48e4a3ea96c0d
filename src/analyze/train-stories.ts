// Trains the story model on labeled story sets: every pair of reports in one window that share a
// feature is an example (same event or not); a logistic regression with an L2 penalty is fitted
// by Newton's method (deterministic: the same sets give the same weights on any machine), then
// the bar, the story link and the penalty for sharing nothing specific are chosen by clustering
// the sets and scoring the outcome (precision weighing twice recall: a wrong join hides an event's
// alert, a missed one only repeats it).
import { createStoryIndex } from './cluster.js';
import { evaluateStories, type LabeledReport } from './evaluate-stories.js';
import type { StoryModel } from './story-model.js';
import { PAIR_FEATURES } from './story-pair.js';

export interface TrainingOptions {
  /** L2 penalty on every weight but the bias (default 1, in units of one example's weight). */
  l2?: number;
  /** Precision counts this many times as much as recall when the bar is chosen (F-beta with beta = 1/this; default 2). */
  precisionWeight?: number;
}

export interface TrainingReport {
  model: StoryModel;
  examples: number;
  positives: number;
  /** Pairwise figures of the chosen model on each training set, as `herald eval` measures them. */
  sets: Array<{ name: string; precision: number; recall: number }>;
}

interface Example {
  x: Float64Array;
  y: 0 | 1;
}

/** Pair examples of one set, made by the index the pipeline uses, reports in time order. */
export function pairExamples(reports: readonly LabeledReport[]): Example[] {
  const ordered = [...reports].sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || a.id.localeCompare(b.id));
  const index = createStoryIndex();
  const examples: Example[] = [];
  for (const report of ordered) {
    const pairs = index.rememberWithPairs({ id: report.id, title: report.title, text: report.text, publishedAt: new Date(report.published).toISOString(), lang: report.lang, topics: report.topics ?? null }, report.story);
    for (const pair of pairs) examples.push({ x: pair.features, y: pair.otherStoryId === report.story ? 1 : 0 });
  }
  return examples;
}

/** Fits logistic regression weights; both classes weigh the same in total. */
export function fitLogistic(examples: readonly Example[], l2: number): number[] {
  const d = PAIR_FEATURES.length;
  const positives = examples.filter((e) => e.y === 1).length;
  const negatives = examples.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('training needs pairs of the same event and pairs of different events');
  const classWeight = [examples.length / (2 * negatives), examples.length / (2 * positives)];
  const w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const { x, y } of examples) {
      let z = 0;
      for (let k = 0; k < d; k++) z += (w[k] ?? 0) * (x[k] ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const c = classWeight[y] ?? 1;
      const curvature = c * p * (1 - p);
      for (let k = 0; k < d; k++) {
        const xk = x[k] ?? 0;
        if (xk === 0) continue;
        gradient[k] = (gradient[k] ?? 0) + c * (p - y) * xk;
        const row = hessian[k] ?? [];
        for (let m = 0; m < d; m++) row[m] = (row[m] ?? 0) + curvature * xk * (x[m] ?? 0);
      }
    }
    // The bias is not penalised: it only sets the base rate.
    for (let k = 1; k < d; k++) {
      gradient[k] = (gradient[k] ?? 0) + l2 * (w[k] ?? 0);
      const row = hessian[k] ?? [];
      row[k] = (row[k] ?? 0) + l2;
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let k = 0; k < d; k++) {
      w[k] = (w[k] ?? 0) - (step[k] ?? 0);
      change = Math.max(change, Math.abs(step[k] ?? 0));
    }
    if (change < 1e-10) break;
  }
  // Rounded so the generated file reads well and a retrain reproduces it exactly.
  return w.map((v) => Math.round(v * 1e4) / 1e4);
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and well-conditioned by the penalty). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    const pivotRow = m[pivot] ?? [];
    m[pivot] = m[col] ?? [];
    m[col] = pivotRow;
    const lead = pivotRow[col] ?? 0;
    if (Math.abs(lead) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] ?? [];
      const factor = (row[col] ?? 0) / lead;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) row[k] = (row[k] ?? 0) - factor * (pivotRow[k] ?? 0);
    }
  }
  return m.map((row, i) => {
    const lead = row[i] ?? 0;
    return Math.abs(lead) < 1e-12 ? 0 : (row[n] ?? 0) / lead;
  });
}

const BARS = Array.from({ length: 13 }, (_, i) => -1 + i * 0.25);
const LINKS = [-1, -0.5, 0];
// At least one log-odds more for a pair that shares no place, name or figure: the training sets
// are short leads, where a missing name is common in true pairs; full articles of two different
// attacks on one day share every word that says what happened (the demo's two DDoS reports).
const VAGUE_PENALTIES = [1, 1.5, 2];

/** Trains a model on the named sets (each clustered on its own, as `herald eval` does). */
export function trainStoryModel(sets: ReadonlyArray<{ name: string; reports: readonly LabeledReport[] }>, options: TrainingOptions = {}): TrainingReport {
  const l2 = options.l2 ?? 1;
  const beta = 1 / (options.precisionWeight ?? 2);
  const examples = sets.flatMap((set) => pairExamples(set.reports));
  const weights = fitLogistic(examples, l2);
  let best: { model: StoryModel; score: number } | null = null;
  // Every combination of bar, link and penalty, scored by clustering the sets as `herald eval` does.
  const choices = BARS.flatMap((threshold) => LINKS.flatMap((link) => VAGUE_PENALTIES.map((vaguePenalty): StoryModel => ({ weights, threshold, link, vaguePenalty }))));
  for (const model of choices) {
    let right = 0;
    let wrong = 0;
    let missed = 0;
    for (const set of sets) {
      const report = evaluateStories(set.reports, { model });
      right += report.truePairs;
      wrong += report.falsePairs;
      missed += report.missedPairs;
    }
    const precision = right + wrong ? right / (right + wrong) : 1;
    const recall = right + missed ? right / (right + missed) : 1;
    const score = precision + recall ? ((1 + beta * beta) * precision * recall) / (beta * beta * precision + recall) : 0;
    if (!best || score > best.score + 1e-12) best = { model, score };
  }
  const model = best?.model ?? { weights, threshold: 0, link: 0, vaguePenalty: 0 };
  return {
    model,
    examples: examples.length,
    positives: examples.filter((e) => e.y === 1).length,
    sets: sets.map((set) => {
      const report = evaluateStories(set.reports, { model });
      return { name: set.name, precision: report.precision, recall: report.recall };
    }),
  };
}

/** The TypeScript module that ships a trained model (src/analyze/story-model-weights.ts). */
export function renderModelModule(model: StoryModel, sources: readonly string[]): string {
  const weights = PAIR_FEATURES.map((name, k) => `    ${String(model.weights[k] ?? 0)}, // ${name}`).join('\n');
  return [
    `// Generated by \`npm run train:stories\` from ${sources.join(', ')}; do not edit by hand.`,
    "import type { StoryModel } from './story-model.js';",
    '',
    'export const TRAINED_STORY_MODEL: StoryModel = {',
    '  weights: [',
    weights,
    '  ],',
    `  threshold: ${String(model.threshold)},`,
    `  link: ${String(model.link)},`,
    `  vaguePenalty: ${String(model.vaguePenalty)},`,
    '};',
    '',
  ].join('\n');
}
