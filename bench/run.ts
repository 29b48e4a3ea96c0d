// `npm run bench`: generates the corpus, serves it from 127.0.0.1 in a child process, and measures
// rss-parser (baseline), Herald's parser alone and the whole pipeline, each in its own process;
// then Herald's per-item analysis (language, topics, summary, story clustering) in another; then
// the chat side: one story fanned out to 2,000 channels through the fake Discord and Slack, and
// /news command latency over a store of 1,000,000 items.
// Prints figures and marks each target met or MISSED; it never fails because a target is missed.
//
//   node dist-bench/bench/run.js [--feeds 500] [--items 50] [--seed 1] [--gzip] [--json] [--profile] [--keep] [--analysis-items 10000]
//     [--skip-chat] [--fanout-channels 2000] [--fanout-batch N] [--slack-workspace-limit N/min]
//     [--items-for-commands 1000000] [--commands-seconds 30] [--commands-rate 20] [--commands-db FILE]
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HeraldError } from '../src/errors.js';
import { packageRoot } from '../src/paths.js';
import type { AnalysisResult, BaselineResult, CommandsResult, FanoutResult, ParseResult, PipelineResult } from './bench-results.js';
import { runChild, startServer } from './child-processes.js';
import type { ServerStats } from './corpus-server.js';
import { writeCorpus } from './corpus-files.js';
import { generateCorpus } from './generate-corpus.js';
import type { ChatFigures } from './print-chat-report.js';
import { checkTargets, renderReport, type BenchReport } from './print-report.js';
import { renderProfile, summariseProfile } from './summarise-profile.js';

const USAGE =
  'usage: npm run bench -- [--feeds 500] [--items 50] [--seed 1] [--gzip] [--json] [--profile] [--keep] [--analysis-items 10000]\n' +
  '         [--skip-chat] [--fanout-channels 2000] [--fanout-batch N] [--slack-workspace-limit N (per minute)]\n' +
  '         [--items-for-commands 1000000] [--commands-seconds 30] [--commands-rate 20] [--commands-db FILE (kept; reused when it holds enough items)]\n' +
  '       --fanout-channels 0 or --items-for-commands 0 skips that part.';

async function main(): Promise<void> {
  const { values } = readArgs();
  const feeds = positiveInteger(values.feeds, '--feeds');
  const itemsPerFeed = positiveInteger(values.items, '--items');
  const seed = positiveInteger(values.seed, '--seed');
  const analysisItems = positiveInteger(values['analysis-items'], '--analysis-items');
  const fanoutChannels = values['skip-chat'] ? 0 : wholeNumber(values['fanout-channels'], '--fanout-channels');
  const commandItems = values['skip-chat'] ? 0 : wholeNumber(values['items-for-commands'], '--items-for-commands');
  const fanoutBatch = values['fanout-batch'] === undefined ? null : positiveInteger(values['fanout-batch'], '--fanout-batch');
  const slackWorkspaceLimit = values['slack-workspace-limit'] === undefined ? null : positiveInteger(values['slack-workspace-limit'], '--slack-workspace-limit');
  const commandSeconds = positiveInteger(values['commands-seconds'], '--commands-seconds');
  const commandRate = positiveInteger(values['commands-rate'], '--commands-rate');
  if (fanoutChannels === 1) throw new HeraldError('cli/usage', `--fanout-channels needs at least 2 (half Discord, half Slack), or 0 to skip.\n${USAGE}`);
  const progress = (message: string): void => {
    if (!values.json) process.stderr.write(`${message}\n`);
  };

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const corpusDir = path.join(workDir, 'corpus');
  mkdirSync(corpusDir);
  try {
    // Anchored to the start of the UTC day: the same corpus all day, with dates that stay recent.
    const now = new Date();
    now.setUTCHours(0, 0, 0, 0);
    progress(`generating ${feeds} feeds × ${itemsPerFeed} items in ${corpusDir}`);
    const documents = generateCorpus({ feeds, itemsPerFeed, seed, now });
    const bytes = writeCorpus(corpusDir, documents);
    const corpus = {
      feeds,
      items: documents.reduce((sum, doc) => sum + doc.items, 0),
      bytes,
      rss: documents.filter((doc) => doc.format === 'rss').length,
      atom: documents.filter((doc) => doc.format === 'atom').length,
      gzip: values.gzip,
    };

    const loadBefore = os.loadavg()[0] ?? 0;
    progress('measuring rss-parser (baseline)…');
    const baselineFirst = await runChild<BaselineResult>('baseline-run.js', [corpusDir]);
    progress('measuring Herald parse + normalise…');
    const parse = await runChild<ParseResult>('parse-run.js', [corpusDir]);

    progress('measuring the pipeline: cold poll, then warm poll…');
    const server = await startServer(corpusDir, { gzip: values.gzip });
    const profileDir = path.join(workDir, 'profile');
    let pipeline: PipelineResult;
    let serverStats: ServerStats;
    try {
      const execArgv = ['--expose-gc', ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
      pipeline = await runChild<PipelineResult>('pipeline-run.js', [corpusDir, server.origin, path.join(workDir, 'herald.db')], execArgv);
      serverStats = await server.stats();
    } finally {
      await server.stop();
    }

    // The baseline runs again last: on a shared machine the faster of the two is the fair
    // (and, for Herald's ratio, the stricter) figure.
    progress('measuring rss-parser again…');
    const baselineLast = await runChild<BaselineResult>('baseline-run.js', [corpusDir]);
    const baseline = baselineLast.ms < baselineFirst.ms ? baselineLast : baselineFirst;
    progress(`measuring analysis: ${analysisItems} items, then story windows of 1,000 / 5,000 / 20,000 items…`);
    const analysis = await runChild<AnalysisResult>('analyze-run.js', [String(seed), String(analysisItems)]);
    const chat: ChatFigures = {};
    if (fanoutChannels > 0) {
      progress(`measuring the chat fan-out: one story to ${fanoutChannels} channels through the fake Discord and Slack (about two minutes: Slack is paced at 8/s)…`);
      chat.fanout = await runChild<FanoutResult>('fanout-run.js', [
        '--db', path.join(workDir, 'fanout.db'), '--channels', String(fanoutChannels),
        ...(fanoutBatch === null ? [] : ['--batch', String(fanoutBatch)]),
        ...(slackWorkspaceLimit === null ? [] : ['--slack-workspace-per-minute', String(slackWorkspaceLimit)]),
      ]);
    }
    if (commandItems > 0) {
      progress(`measuring /news latency over ${commandItems} items (filling the store takes a minute or two)…`);
      const commandsDb = values['commands-db'] ?? path.join(workDir, 'commands.db');
      chat.commands = await runChild<CommandsResult>('commands-run.js', [commandsDb, String(commandItems), String(commandSeconds), String(commandRate), String(seed)]);
    }
    const partial = {
      machine: { ...machine(), loadAverage: [loadBefore, os.loadavg()[0] ?? 0] as [number, number] },
      corpus,
      baseline,
      baselineRunsMs: [baselineFirst.ms, baselineLast.ms],
      parse,
      pipeline,
      server: serverStats,
      analysis,
      ...(chat.fanout || chat.commands ? { chat } : {}),
    };
    const report: BenchReport = { ...partial, targets: checkTargets(partial) };
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    if (values.profile) {
      const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
      if (file) {
        // Keep the raw profile for Chrome DevTools or speedscope: workDir is removed below.
        const kept = path.join(os.tmpdir(), `herald-bench-pipeline-${Date.now()}.cpuprofile`);
        copyFileSync(path.join(profileDir, file), kept);
        process.stderr.write(`\n${renderProfile(summariseProfile(kept, packageRoot()))}raw profile: ${kept}\n`);
      }
    }
  } finally {
    if (values.keep) progress(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        feeds: { type: 'string', default: '500' },
        items: { type: 'string', default: '50' },
        seed: { type: 'string', default: '1' },
        gzip: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        'analysis-items': { type: 'string', default: '10000' },
        'skip-chat': { type: 'boolean', default: false },
        'fanout-channels': { type: 'string', default: '2000' },
        'fanout-batch': { type: 'string' },
        'slack-workspace-limit': { type: 'string' },
        'items-for-commands': { type: 'string', default: '1000000' },
        'commands-seconds': { type: 'string', default: '30' },
        'commands-rate': { type: 'string', default: '20' },
        'commands-db': { type: 'string' },
      },
    });
  } catch (error) {
    throw new HeraldError('cli/usage', `${(error as Error).message}\n${USAGE}`, { cause: error });
  }
}

function machine(): Omit<BenchReport['machine'], 'loadAverage'> {
  const cpus = os.cpus();
  return { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', platform: `${os.platform()} ${os.release()}` };
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HeraldError('cli/usage', `${flag} must be a whole number (0 skips), not "${value}".\n${USAGE}`);
  return n;
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new HeraldError('cli/usage', `${flag} must be a positive whole number, not "${value}".\n${USAGE}`);
  return n;
}

try {
  await main();
} catch (error) {
  // A usage mistake or a crashed child: say so plainly. Missed targets never land here.
  const message = error instanceof HeraldError ? `${error.message}\n  (${error.code})` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench: ${message}\n`);
  process.exitCode = 1;
}
