// `herald eval`: measures the topic rules on a labeled set and lists what they got wrong.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { evaluate, isHeldOut, parseLabeled, renderReport } from '../analyze/evaluate.js';
import { loadTopics } from '../analyze/topic-rules.js';
import { HeraldError } from '../errors.js';
import { runCommand } from './context.js';
import { cleanForTerminal } from './terminal.js';

interface EvalOptions {
  file: string;
  topics: string;
  json?: boolean;
}

/** Registers `herald eval [--file F] [--topics F] [--json]`. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('measure topic rules on a labeled set: precision, recall, F1, hard-negative false positives')
    .option('--file <path>', 'labeled JSON Lines', 'test/fixtures/eval/topics.jsonl')
    .option('--topics <path>', 'topic rules', path.join('config', 'topics.yaml'))
    .option('--json', 'print the reports as JSON')
    .action((options: EvalOptions) =>
      runCommand(() => {
        const rules = loadTopics(options.topics);
        let text: string;
        try {
          text = readFileSync(options.file, 'utf8');
        } catch (error) {
          throw new HeraldError('cli/usage', `Cannot read ${options.file}: ${(error as Error).message}`, { cause: error });
        }
        const parsed = parseLabeled(text);
        if (!parsed.ok) throw new HeraldError('cli/usage', `${options.file} has bad lines:\n${parsed.problems.slice(0, 10).join('\n')}`);
        const full = evaluate(parsed.items, rules);
        const heldOut = evaluate(parsed.items.filter((i) => isHeldOut(i.id)), rules);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ full, heldOut })}\n`);
          return;
        }
        const out = [renderReport('held-out third (id hash % 3 = 0)', heldOut), '', renderReport('full set', full), '', `misclassified (${full.misclassified.length}):`];
        for (const m of full.misclassified) {
          const ev = m.evidence.map((e) => `${e.topic}:${e.term}@${e.where}${e.weight >= 0 ? '+' : ''}${e.weight}`).join(' ');
          out.push(cleanForTerminal(`  ${m.id} expected [${m.expected.join(', ')}] got [${m.got.join(', ')}]  ${ev}`));
        }
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );
}
