// `herald train-stories`: fits the story model on labeled story sets and writes the module Herald
// ships it in, printing how the fitted model scores on each set.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseLabeledReports, withTopics } from '../analyze/evaluate-stories.js';
import { loadTopics } from '../analyze/topic-rules.js';
import { PAIR_FEATURES } from '../analyze/story-pair.js';
import { renderModelModule, trainStoryModel } from '../analyze/train-stories.js';
import { HeraldError } from '../errors.js';
import { runCommand } from './context.js';

/** The sets the shipped model is trained on; stories-holdout2.jsonl is kept out to measure it. */
export const TRAINING_SETS = ['stories.jsonl', 'stories-holdout.jsonl', 'stories-train-a.jsonl', 'stories-train-b.jsonl'].map((name) => `test/fixtures/eval/${name}`);

/** The blind set the shipped model is measured on and never trained on. */
export const HELD_OUT_STORIES = 'test/fixtures/eval/stories-holdout2.jsonl';

interface TrainOptions {
  sets: string[];
  topics: string;
  write?: string;
}

/** Registers `herald train-stories [--sets F...] [--write FILE]`. */
export function registerTrainStories(program: Command): void {
  program
    .command('train-stories')
    .description('fit the story model (which reports are one event) on labeled story sets and print its weights and figures')
    .option('--sets <paths...>', 'labeled stories, JSON Lines', TRAINING_SETS)
    .option('--topics <path>', 'topic rules', path.join('config', 'topics.yaml'))
    .option('--write <file>', 'write the model module here (src/analyze/story-model-weights.ts ships it; rebuild afterwards)')
    .action((options: TrainOptions) =>
      runCommand(() => {
        // Stories are decided after topics, as in the pipeline: the model weighs whether two reports share one.
        const rules = loadTopics(options.topics);
        const sets = options.sets.map((file) => {
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (error) {
            throw new HeraldError('cli/usage', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
          }
          const parsed = parseLabeledReports(text);
          if (!parsed.ok) throw new HeraldError('cli/usage', `${file} has bad lines:\n${parsed.problems.slice(0, 10).join('\n')}`);
          return { name: path.basename(file), reports: withTopics(parsed.items, rules) };
        });
        process.stderr.write(`training on ${sets.map((s) => `${s.name} (${s.reports.length})`).join(', ')}; choosing the bar takes a few seconds…\n`);
        const report = trainStoryModel(sets);
        const lines = [
          `${report.examples} pairs sharing a feature, ${report.positives} of them one event`,
          ...PAIR_FEATURES.map((name, k) => `  ${name.padEnd(22)} ${(report.model.weights[k] ?? 0).toFixed(4).padStart(9)}`),
          `  bar ${report.model.threshold}, story link ${report.model.link}`,
          ...report.sets.map((s) => `  ${s.name}: P ${(s.precision * 100).toFixed(1)}%  R ${(s.recall * 100).toFixed(1)}%  (trained on: not a fair measure)`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        if (options.write) {
          writeFileSync(options.write, renderModelModule(report.model, options.sets.map((file) => path.basename(file))));
          process.stdout.write(`wrote ${options.write}\n`);
        }
      }),
    );
}
