// Child process: Herald's per-item analysis on one core, no network, no store. Every item goes
// through detectLanguage → classify (config/topics.yaml) → summarize → story clustering
// (createStoryIndex().assign, items in time order, 72 h window), as the pipeline does for a new item.
//
//   node dist-bench/bench/analyze-run.js <seed> <items>
//
// 1. throughput: <items> items through all steps together, then the same items step by step (each
//    step timed over a whole batch, a fresh story index for the clustering step);
// 2. linearity: per-item time of all steps together once the 72 h window holds 1,000 / 5,000 /
//    20,000 items (items spaced 72 h / window apart; the window is filled first, untimed).
// Items are made in batches outside the timed loops, so generating them is never measured and the
// input corpus never sits in memory whole: peak RSS is the analysis and its story index.
import path from 'node:path';
import { classify } from '../src/analyze/classify.js';
import { createStoryIndex, STORY_DEFAULTS, type StoryIndex } from '../src/analyze/cluster.js';
import { analyzeItem } from '../src/analyze/analyze-item.js';
import { detectLanguage } from '../src/analyze/detect-language.js';
import { summarize } from '../src/analyze/summarize.js';
import { loadTopics, type CompiledTopics } from '../src/analyze/topic-rules.js';
import { HeraldError } from '../src/errors.js';
import { packageRoot } from '../src/paths.js';
import { makeAnalysisItem, type AnalysisItem } from './analysis-items.js';
import { emitResult, peakRssBytes, type AnalysisResult, type AnalysisWindowFigures } from './bench-results.js';

const BATCH = 500;
const WARMUP_ITEMS = 1_000;
/** Window sizes for the linearity check. */
export const WINDOW_SIZES = [1_000, 5_000, 20_000] as const;
/** Items timed once a window is full. */
const WINDOW_MEASURED_ITEMS = 1_000;
/** Filling a window, or measuring it, stops after this long (the report says when it did). */
const FILL_BUDGET_MS = 60_000;
const WINDOW_BUDGET_MS = 30_000;
/** Throughput items are spaced so that the full window holds this many (a busy deployment). */
const THROUGHPUT_WINDOW_ITEMS = 5_000;
const START = Date.UTC(2026, 0, 1);

interface Prepared extends AnalysisItem {
  publishedAt: string;
}

function main(): void {
  const [seedArg, itemsArg] = process.argv.slice(2);
  const seed = Number(seedArg);
  const items = Number(itemsArg);
  if (!Number.isInteger(seed) || !Number.isInteger(items) || items <= 0) throw new HeraldError('cli/usage', 'usage: analyze-run.js <seed> <items>');
  const topics = loadTopics(path.join(packageRoot(), 'config', 'topics.yaml'));

  // Warm-up (JIT, regex caches) on items the measured runs do not use.
  runTogether(topics, createStoryIndex(), seed, 10_000_000, WARMUP_ITEMS, spacing(THROUGHPUT_WINDOW_ITEMS));

  const together = runTogether(topics, createStoryIndex(), seed, 0, items, spacing(THROUGHPUT_WINDOW_ITEMS));
  const parts = runParts(topics, seed, items, spacing(THROUGHPUT_WINDOW_ITEMS));
  const windows = WINDOW_SIZES.map((size) => runWindow(topics, seed, size));

  emitResult({
    kind: 'analysis',
    items,
    bytes: together.bytes,
    japanese: together.japanese,
    onTopic: together.onTopic,
    stories: together.stories,
    ms: together.ms,
    partsMs: parts,
    windows,
    peakRssBytes: peakRssBytes(),
  });
}

/** Milliseconds between items so that a full 72 h window holds `windowItems` of them. */
function spacing(windowItems: number): number {
  return STORY_DEFAULTS.windowMs / windowItems;
}

function batchOf(seed: number, first: number, count: number, offset: number, stepMs: number): Prepared[] {
  return Array.from({ length: count }, (_, i) => {
    const item = makeAnalysisItem(seed, first + i);
    return { ...item, publishedAt: new Date(START + Math.round((offset + i) * stepMs)).toISOString() };
  });
}

/**
 * What Herald does for one new item: the pipeline's own analyzeItem (language from the lead,
 * classify, summarise only what matches a topic, story). Returns whether it had a topic and
 * whether it started a story.
 */
function analyse(item: Prepared, topics: CompiledTopics, index: StoryIndex): { lang: string | null; onTopic: boolean; newStory: boolean } {
  const result = analyzeItem({ id: item.id, title: item.title, text: item.text, publishedAt: item.publishedAt }, { topics, stories: index });
  if (result.topics.length > 0 && !result.summary) throw new HeraldError('internal', `empty summary for ${item.id}`);
  return { lang: result.lang, onTopic: result.topics.length > 0, newStory: result.story === item.id };
}

function runTogether(topics: CompiledTopics, index: StoryIndex, seed: number, first: number, count: number, stepMs: number) {
  let ms = 0;
  let bytes = 0;
  let japanese = 0;
  let onTopic = 0;
  let stories = 0;
  for (let done = 0; done < count; done += BATCH) {
    const batch = batchOf(seed, first + done, Math.min(BATCH, count - done), done, stepMs);
    for (const item of batch) bytes += Buffer.byteLength(item.title) + Buffer.byteLength(item.text);
    const start = performance.now();
    for (const item of batch) {
      const result = analyse(item, topics, index);
      if (result.lang === 'ja') japanese += 1;
      if (result.onTopic) onTopic += 1;
      if (result.newStory) stories += 1;
    }
    ms += performance.now() - start;
  }
  return { ms, bytes, japanese, onTopic, stories };
}

function runParts(topics: CompiledTopics, seed: number, count: number, stepMs: number): AnalysisResult['partsMs'] {
  const index = createStoryIndex();
  const partsMs = { detectLanguage: 0, classify: 0, summarize: 0, cluster: 0 };
  let sink = 0;
  for (let done = 0; done < count; done += BATCH) {
    const batch = batchOf(seed, done, Math.min(BATCH, count - done), done, stepMs);
    let start = performance.now();
    const langs = batch.map((item) => detectLanguage(`${item.title}\n${item.text.slice(0, 1_000)}`));
    partsMs.detectLanguage += performance.now() - start;
    start = performance.now();
    for (const [i, item] of batch.entries()) sink += classify({ title: item.title, text: item.text, lang: langs[i] ?? null }, topics).topics.length;
    partsMs.classify += performance.now() - start;
    start = performance.now();
    for (const [i, item] of batch.entries()) sink += summarize({ title: item.title, text: item.text, lang: langs[i] ?? null }).length;
    partsMs.summarize += performance.now() - start;
    start = performance.now();
    for (const item of batch) sink += index.assign(item).similarity;
    partsMs.cluster += performance.now() - start;
  }
  if (Number.isNaN(sink)) throw new HeraldError('internal', 'analysis produced NaN');
  return partsMs;
}

/** Fills a window of `size` items (untimed, clustering only), then times whole analyses of the next items. */
function runWindow(topics: CompiledTopics, seed: number, size: number): AnalysisWindowFigures {
  const index = createStoryIndex();
  const stepMs = spacing(size);
  const first = 20_000_000;
  const fillStart = performance.now();
  let filled = 0;
  for (; filled < size && performance.now() - fillStart < FILL_BUDGET_MS; filled += BATCH) {
    for (const item of batchOf(seed, first + filled, Math.min(BATCH, size - filled), filled, stepMs)) index.assign(item);
  }
  filled = Math.min(filled, size);
  const fillMs = performance.now() - fillStart;
  let ms = 0;
  let measured = 0;
  while (measured < WINDOW_MEASURED_ITEMS && ms < WINDOW_BUDGET_MS) {
    const batch = batchOf(seed, first + filled + measured, Math.min(BATCH, WINDOW_MEASURED_ITEMS - measured), filled + measured, stepMs);
    const start = performance.now();
    for (const item of batch) analyse(item, topics, index);
    ms += performance.now() - start;
    measured += batch.length;
  }
  return { windowItems: size, filledItems: filled, fillMs, measuredItems: measured, ms };
}

main();
