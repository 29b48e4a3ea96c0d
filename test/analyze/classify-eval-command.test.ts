// `herald eval` end to end through commander: the figures and the misclassified list it prints.
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerEval } from '../../src/commands/eval.js';
import { REPO_ROOT } from './classify-helpers.js';

async function runEval(args: string[]): Promise<string> {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  const program = new Command().exitOverride();
  registerEval(program);
  await program.parseAsync(['node', 'herald', 'eval', '--topics', path.join(REPO_ROOT, 'config', 'topics.yaml'), '--file', path.join(REPO_ROOT, 'test', 'fixtures', 'eval', 'topics.jsonl'), ...args]);
  return chunks.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('herald eval', () => {
  it('prints held-out and full figures, per-language lines and the misclassified items', async () => {
    const out = await runEval([]);
    expect(out).toMatch(/^held-out third \(id hash % 3 = 0\): 116 items$/m);
    expect(out).toMatch(/^full set: 342 items$/m);
    expect(out).toMatch(/^ {2}copyright-law +P .* F1 0\.9\d\d/m);
    expect(out).toMatch(/^ {2}hard negatives: \d+\/116 false positives/m);
    expect(out).toMatch(/^ {2}ja: \d+\/60 exactly right/m);
    expect(out).toMatch(/^misclassified \(\d+\):/m);
  });

  it('measures story clustering on the training sets and, marked as the honest measure, the held-out set', async () => {
    const out = await runEval([]);
    expect(out).toMatch(/^stories, stories\.jsonl \(the model was trained on it\): 146 items, 91 events, 68 same-event pairs$/m);
    expect(out).toMatch(/^stories, stories-train-a\.jsonl \(the model was trained on it\): 209 items/m);
    expect(out).toMatch(/^stories, stories-holdout2\.jsonl \(held out: the honest measure\): 194 items, 111 events, 130 same-event pairs$/m);
    expect(out).toMatch(/^ {2}same story: P +\d+\.\d% {2}R +\d+\.\d% {2}F1 0\.\d{3}/m);
  });

  it('--json gives both reports as data', async () => {
    const report = JSON.parse(await runEval(['--json'])) as { full: { items: number; topics: Record<string, { f1: number }> }; heldOut: { items: number } };
    expect(report.full.items).toBe(342);
    expect(report.heldOut.items).toBe(116);
    expect(report.full.topics['hacktivism']?.f1).toBeGreaterThanOrEqual(0.92);
  });
});
