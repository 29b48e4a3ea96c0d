// Measures the topic classifier on a labeled JSON Lines set: precision, recall and F1 per topic,
// false positives on hard negatives, a per-language breakdown and every misclassified item.
import { classify, type Evidence } from './classify.js';
import type { CompiledTopics } from './topic-rules.js';

/** One labeled item (test/fixtures/eval/topics.jsonl). */
export interface LabeledItem {
  id: string;
  lang: string;
  title: string;
  text: string;
  topics: string[];
  hard: boolean;
  note?: string;
}

export interface TopicScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Misclassified {
  id: string;
  expected: string[];
  got: string[];
  evidence: Array<Evidence & { topic: string }>;
}

export interface EvalReport {
  items: number;
  topics: Record<string, TopicScore>;
  hardNegatives: { count: number; falsePositives: number; rate: number };
  byLanguage: Record<string, { items: number; correct: number; topics: Record<string, TopicScore> }>;
  misclassified: Misclassified[];
}

/** Which part of the set an item belongs to: a third is held out from rule tuning. */
export function isHeldOut(id: string): boolean {
  // FNV-1a: stable across runs and Node versions, unlike anything seeded.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash % 3 === 0;
}

/**
 * Parses labeled JSON Lines; a bad line is reported with its number.
 * @returns items, or the problems found.
 */
export function parseLabeled(text: string): { ok: true; items: LabeledItem[] } | { ok: false; problems: string[] } {
  const items: LabeledItem[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const o = JSON.parse(line) as Partial<LabeledItem>;
      if (typeof o.id !== 'string' || typeof o.title !== 'string' || typeof o.text !== 'string' || !Array.isArray(o.topics)) {
        problems.push(`line ${index + 1}: needs string id, title, text and a topics list`);
        return;
      }
      items.push({ id: o.id, lang: typeof o.lang === 'string' ? o.lang : 'und', title: o.title, text: o.text, topics: o.topics.map(String), hard: o.hard === true, ...(o.note ? { note: o.note } : {}) });
    } catch (error) {
      problems.push(`line ${index + 1}: ${(error as Error).message}`);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}

/** Classifies every item and compares with its labels. */
export function evaluate(items: readonly LabeledItem[], rules: CompiledTopics): EvalReport {
  const names = rules.topics.map((t) => t.name);
  const counts = (): Record<string, TopicScore> => Object.fromEntries(names.map((n) => [n, { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 }]));
  const report: EvalReport = { items: items.length, topics: counts(), hardNegatives: { count: 0, falsePositives: 0, rate: 0 }, byLanguage: {}, misclassified: [] };
  for (const item of items) {
    const result = classify({ title: item.title, text: item.text, lang: item.lang }, rules);
    const lang = (report.byLanguage[item.lang] ??= { items: 0, correct: 0, topics: counts() });
    lang.items++;
    let correct = true;
    for (const name of names) {
      const want = item.topics.includes(name);
      const got = result.topics.includes(name);
      for (const table of [report.topics, lang.topics]) {
        const s = table[name];
        if (!s) continue;
        if (want && got) s.tp++;
        else if (got) s.fp++;
        else if (want) s.fn++;
      }
      if (want !== got) correct = false;
    }
    if (item.hard && item.topics.length === 0) {
      report.hardNegatives.count++;
      if (result.topics.length > 0) report.hardNegatives.falsePositives++;
    }
    if (correct) lang.correct++;
    else {
      const evidence = Object.entries(result.evidence).flatMap(([topic, list]) => list.slice(0, 3).map((e) => ({ topic, ...e })));
      report.misclassified.push({ id: item.id, expected: item.topics, got: result.topics, evidence });
    }
  }
  for (const table of [report.topics, ...Object.values(report.byLanguage).map((l) => l.topics)]) for (const s of Object.values(table)) finish(s);
  report.hardNegatives.rate = report.hardNegatives.count ? report.hardNegatives.falsePositives / report.hardNegatives.count : 0;
  return report;
}

function finish(s: TopicScore): void {
  s.precision = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
  s.recall = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  s.f1 = s.precision + s.recall ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0;
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** Renders a report as text for people. */
export function renderReport(title: string, report: EvalReport): string {
  const lines = [`${title}: ${report.items} items`];
  for (const [name, s] of Object.entries(report.topics)) {
    lines.push(`  ${name.padEnd(16)} P ${pct(s.precision).padStart(6)}  R ${pct(s.recall).padStart(6)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`);
  }
  const h = report.hardNegatives;
  lines.push(`  hard negatives: ${h.falsePositives}/${h.count} false positives (${pct(h.rate)})`);
  for (const [lang, l] of Object.entries(report.byLanguage)) {
    const f1s = Object.entries(l.topics).map(([n, s]) => `${n} F1 ${s.f1.toFixed(2)}`).join(', ');
    lines.push(`  ${lang}: ${l.correct}/${l.items} exactly right; ${f1s}`);
  }
  return lines.join('\n');
}
