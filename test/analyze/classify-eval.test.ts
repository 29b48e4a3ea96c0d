// Quality gate: the shipped rules must keep meeting the targets on the labeled set.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, isHeldOut, parseLabeled } from '../../src/analyze/evaluate.js';
import { REPO_ROOT, shippedTopics } from './classify-helpers.js';

const parsed = parseLabeled(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'eval', 'topics.jsonl'), 'utf8'));
const items = parsed.ok ? parsed.items : [];

describe('eval targets on test/fixtures/eval/topics.jsonl', () => {
  it('parses all 342 labeled items', () => {
    expect(parsed.ok).toBe(true);
    expect(items).toHaveLength(342);
  });

  it('F1 ≥ 0.92 per topic and ≤ 5% false positives on hard negatives, on the full set', () => {
    const report = evaluate(items, shippedTopics());
    expect(report.topics['copyright-law']?.f1).toBeGreaterThanOrEqual(0.92);
    expect(report.topics['hacktivism']?.f1).toBeGreaterThanOrEqual(0.92);
    expect(report.hardNegatives.count).toBe(116);
    expect(report.hardNegatives.rate).toBeLessThanOrEqual(0.05);
  });

  it('the held-out third (never used for tuning) also meets the F1 target', () => {
    const heldOut = items.filter((i) => isHeldOut(i.id));
    expect(heldOut.length).toBe(116);
    const report = evaluate(heldOut, shippedTopics());
    expect(report.topics['copyright-law']?.f1).toBeGreaterThanOrEqual(0.92);
    expect(report.topics['hacktivism']?.f1).toBeGreaterThanOrEqual(0.92);
  });

  it('lists each misclassified item with what was expected, what came out and the evidence', () => {
    const report = evaluate(
      [{ id: 'x-1', lang: 'en', title: 'Court rules on copyright of AI art', text: '', topics: ['hacktivism'], hard: false }],
      shippedTopics(),
    );
    expect(report.misclassified).toEqual([
      { id: 'x-1', expected: ['hacktivism'], got: ['copyright-law'], evidence: [{ topic: 'copyright-law', term: 'copyright', where: 'title', weight: 3 }] },
    ]);
    expect(report.topics['hacktivism']).toMatchObject({ tp: 0, fn: 1, recall: 0 });
    expect(report.byLanguage['en']).toMatchObject({ items: 1, correct: 0 });
  });

  it('reports a bad line by number', () => {
    expect(parseLabeled('{"id":"a","title":"t","text":"","topics":[]}\nnot json\n')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^line 2:/)] });
  });
});
