// Measures story clustering on a labeled JSON Lines set: pairwise precision and recall of "same
// story", and every pair it got wrong, so a change to the method can be judged on evidence.
import { classify } from './classify.js';
import { createStoryIndex, type StoryIndexOptions } from './cluster.js';
import type { CompiledTopics } from './topic-rules.js';

/** One labeled report (test/fixtures/eval/stories.jsonl). */
export interface LabeledReport {
  id: string;
  /** Reports with the same label are about the same event. */
  story: string;
  lang: string;
  title: string;
  text: string;
  published: string;
  source?: string;
  /** The watched topics it is about, when classified (see withTopics). */
  topics?: readonly string[];
}

export interface StoryEvalReport {
  items: number;
  stories: number;
  /** Pairs of items the labels put in one story. */
  positivePairs: number;
  truePairs: number;
  falsePairs: number;
  missedPairs: number;
  precision: number;
  recall: number;
  f1: number;
  /** Items put in one story that are different events. */
  falseMerges: Array<[string, string]>;
  /** Items of one event that were left apart. */
  missedMerges: Array<[string, string]>;
}

/**
 * Parses labeled JSON Lines; a bad line is reported with its number.
 * @returns reports, or the problems found.
 */
export function parseLabeledReports(text: string): { ok: true; items: LabeledReport[] } | { ok: false; problems: string[] } {
  const items: LabeledReport[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const o = JSON.parse(line) as Partial<LabeledReport>;
      if (typeof o.id !== 'string' || typeof o.story !== 'string' || typeof o.title !== 'string' || typeof o.text !== 'string' || typeof o.published !== 'string' || Number.isNaN(Date.parse(o.published))) {
        problems.push(`line ${index + 1}: needs string id, story, title, text and an ISO published date`);
        return;
      }
      items.push({ id: o.id, story: o.story, lang: typeof o.lang === 'string' ? o.lang : 'und', title: o.title, text: o.text, published: o.published, ...(o.source ? { source: o.source } : {}) });
    } catch (error) {
      problems.push(`line ${index + 1}: ${(error as Error).message}`);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}

/** The reports with the topics the rules give them, as the pipeline classifies an item before its story is decided. */
export function withTopics(reports: readonly LabeledReport[], topics: CompiledTopics): LabeledReport[] {
  return reports.map((report) => ({ ...report, topics: classify({ title: report.title, text: report.text, lang: report.lang }, topics).topics }));
}

/** Clusters the reports in time order, as the pipeline would see them, and scores every pair. */
export function evaluateStories(reports: readonly LabeledReport[], options: StoryIndexOptions = {}): StoryEvalReport {
  const ordered = [...reports].sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || a.id.localeCompare(b.id));
  const index = createStoryIndex(options);
  const got = new Map<string, string>();
  for (const report of ordered) {
    got.set(report.id, index.assign({ id: report.id, title: report.title, text: report.text, publishedAt: new Date(report.published).toISOString(), lang: report.lang, topics: report.topics ?? null }).storyId);
  }
  const result: StoryEvalReport = {
    items: reports.length,
    stories: new Set(reports.map((r) => r.story)).size,
    positivePairs: 0,
    truePairs: 0,
    falsePairs: 0,
    missedPairs: 0,
    precision: 1,
    recall: 1,
    f1: 1,
    falseMerges: [],
    missedMerges: [],
  };
  for (let i = 0; i < ordered.length; i++) {
    for (let j = i + 1; j < ordered.length; j++) {
      const a = ordered[i];
      const b = ordered[j];
      if (!a || !b) continue;
      const want = a.story === b.story;
      const same = got.get(a.id) === got.get(b.id);
      if (want) result.positivePairs++;
      if (want && same) result.truePairs++;
      else if (same) {
        result.falsePairs++;
        result.falseMerges.push([a.id, b.id]);
      } else if (want) {
        result.missedPairs++;
        result.missedMerges.push([a.id, b.id]);
      }
    }
  }
  const claimed = result.truePairs + result.falsePairs;
  result.precision = claimed ? result.truePairs / claimed : 1;
  result.recall = result.positivePairs ? result.truePairs / result.positivePairs : 1;
  result.f1 = result.precision + result.recall ? (2 * result.precision * result.recall) / (result.precision + result.recall) : 0;
  return result;
}

/** Renders a report as text for people. */
export function renderStoryReport(title: string, report: StoryEvalReport): string {
  const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
  return [
    `${title}: ${report.items} items, ${report.stories} events, ${report.positivePairs} same-event pairs`,
    `  same story: P ${pct(report.precision).padStart(6)}  R ${pct(report.recall).padStart(6)}  F1 ${report.f1.toFixed(3)}  (right ${report.truePairs}, wrongly joined ${report.falsePairs}, missed ${report.missedPairs})`,
  ].join('\n');
}
