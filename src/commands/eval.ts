// `herald eval`: measures the topic rules on a labeled set and lists what they got wrong.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { evaluate, isHeldOut, parseLabeled, renderReport } from '../analyze/evaluate.js';
import { evaluateStories, parseLabeledReports, renderStoryReport, withTopics, type StoryEvalReport } from '../analyze/evaluate-stories.js';
import { loadTopics, type CompiledTopics } from '../analyze/topic-rules.js';
import { HeraldError } from '../errors.js';
import { runCommand } from './context.js';
import { HELD_OUT_STORIES, TRAINING_SETS } from './train-stories.js';
import { cleanForTerminal } from './terminal.js';

interface EvalOptions {
  file: string;
  topics: string;
  stories: string[];
  json?: boolean;
}

function readSet(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new HeraldError('cli/usage', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Story clustering on each labeled set; a set that is not there is skipped, a broken one is an error. */
function storyReports(files: readonly string[], rules: CompiledTopics): Array<{ file: string; report: StoryEvalReport }> {
  return files.flatMap((file) => {
    if (!existsSync(file)) return [];
    const parsed = parseLabeledReports(readSet(file));
    if (!parsed.ok) throw new HeraldError('cli/usage', `${file} has bad lines:\n${parsed.problems.slice(0, 10).join('\n')}`);
    return [{ file, report: evaluateStories(withTopics(parsed.items, rules)) }];
  });
}

/** Registers `herald eval [--file F] [--topics F] [--json]`. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('measure topic rules (precision, recall, F1, hard-negative false positives) and story clustering (pairwise precision and recall) on labeled sets')
    .option('--file <path>', 'labeled topics, JSON Lines', 'test/fixtures/eval/topics.jsonl')
    .option('--stories <paths...>', 'labeled stories, JSON Lines (the story model\'s training sets, then the held-out set)', [...TRAINING_SETS, HELD_OUT_STORIES])
    .option('--topics <path>', 'topic rules', path.join('config', 'topics.yaml'))
    .option('--json', 'print the reports as JSON')
    .action((options: EvalOptions) =>
      runCommand(() => {
        const rules = loadTopics(options.topics);
        const parsed = parseLabeled(readSet(options.file));
        if (!parsed.ok) throw new HeraldError('cli/usage', `${options.file} has bad lines:\n${parsed.problems.slice(0, 10).join('\n')}`);
        const full = evaluate(parsed.items, rules);
        const heldOut = evaluate(parsed.items.filter((i) => isHeldOut(i.id)), rules);
        const stories = storyReports(options.stories, rules);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ full, heldOut, stories })}\n`);
          return;
        }
        const out = [renderReport('held-out third (id hash % 3 = 0)', heldOut), '', renderReport('full set', full), '', `misclassified (${full.misclassified.length}):`];
        for (const m of full.misclassified) {
          const ev = m.evidence.map((e) => `${e.topic}:${e.term}@${e.where}${e.weight >= 0 ? '+' : ''}${e.weight}`).join(' ');
          out.push(cleanForTerminal(`  ${m.id} expected [${m.expected.join(', ')}] got [${m.got.join(', ')}]  ${ev}`));
        }
        for (const { file, report } of stories) {
          const role = TRAINING_SETS.includes(file) ? 'the model was trained on it' : file === HELD_OUT_STORIES ? 'held out: the honest measure' : 'not trained on';
          out.push('', renderStoryReport(`stories, ${path.basename(file)} (${role})`, report));
        }
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );
}
