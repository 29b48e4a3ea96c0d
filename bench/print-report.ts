// Turns the children's figures into the benchmark report: a readable table with each target
// marked "target met" / "target MISSED", or the same figures as JSON.
import type { AnalysisResult, BaselineResult, ParseResult, PipelineResult, ThroughputFigures } from './bench-results.js';
import type { ServerStats } from './corpus-server.js';
import { chatTargets, renderChat, type ChatFigures } from './print-chat-report.js';
import { MB, count, megabytes, percent, seconds, table } from './report-format.js';

export interface BenchReport {
  /** loadAverage: 1-minute load before and after the run; other work on the machine skews every figure. */
  machine: { node: string; cpus: number; cpuModel: string; platform: string; loadAverage: [number, number] };
  corpus: { feeds: number; items: number; bytes: number; rss: number; atom: number; gzip: boolean };
  /** The faster of the baseline runs, which is what ratios use. */
  baseline: BaselineResult;
  baselineRunsMs: number[];
  parse: ParseResult;
  pipeline: PipelineResult;
  server: ServerStats;
  /** Herald's per-item analysis (absent from reports made before it was measured). */
  analysis?: AnalysisResult;
  /** The chat benchmarks: fan-out and command latency (absent when skipped). */
  chat?: ChatFigures;
  targets: TargetResult[];
}

export interface TargetResult {
  name: string;
  /** The measured value, formatted. */
  value: string;
  met: boolean;
}

/** The issue's targets. */
export const TARGETS = { pipelineShareOfBaseline: 0.5, warmRoundMs: 2_000, peakRssBytes: 250 * MB } as const;
/**
 * The analysis issue's targets: classify + summarise + cluster at ≥ 2,000 items/s on one core, and
 * a per-item cost that stays roughly flat as the story window grows (largest / smallest of the
 * per-item times at 1,000 / 5,000 / 20,000 items in the window at most 1.5).
 */
export const ANALYSIS_TARGETS = { itemsPerSecond: 2_000, windowCostRatio: 1.5 } as const;

/** Evaluates the targets; a missed target is reported, never thrown. */
export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetResult[] {
  const { cold, warm } = report.pipeline;
  const share = mbPerSecond(cold.bytes, cold.ms) / mbPerSecond(report.baseline.bytes, report.baseline.ms);
  const peak = Math.max(cold.peakRssBytes, warm.peakRssBytes);
  return [
    {
      name: `cold poll throughput ≥ ${percent(TARGETS.pipelineShareOfBaseline)} of rss-parser`,
      value: percent(share),
      met: share >= TARGETS.pipelineShareOfBaseline && cold.failed === 0,
    },
    {
      name: `304 round of ${report.corpus.feeds} feeds < ${seconds(TARGETS.warmRoundMs)}`,
      value: seconds(warm.ms),
      met: warm.ms < TARGETS.warmRoundMs && warm.notModified === report.corpus.feeds,
    },
    { name: `pipeline peak RSS < ${megabytes(TARGETS.peakRssBytes)}`, value: megabytes(peak), met: peak < TARGETS.peakRssBytes },
    ...(report.analysis ? analysisTargets(report.analysis) : []),
    ...(report.chat ? chatTargets(report.chat) : []),
  ];
}

function analysisTargets(analysis: AnalysisResult): TargetResult[] {
  const rate = perSecond(analysis.items, analysis.ms);
  const { ratio, complete } = windowCostRatio(analysis);
  return [
    {
      name: `analysis (language+classify+summarise+cluster) ≥ ${count(ANALYSIS_TARGETS.itemsPerSecond)} items/s on one core`,
      value: `${count(Math.round(rate))} items/s`,
      met: rate >= ANALYSIS_TARGETS.itemsPerSecond,
    },
    {
      name: `analysis per-item time, largest / smallest over windows of ${analysis.windows.map((w) => count(w.windowItems)).join(' / ')} ≤ ${ANALYSIS_TARGETS.windowCostRatio.toFixed(1)}×`,
      value: `${ratio.toFixed(2)}×${complete ? '' : ' (a window not filled)'}`,
      met: ratio <= ANALYSIS_TARGETS.windowCostRatio && complete,
    },
  ];
}

/** Per-item milliseconds of the whole analysis in each window. */
function windowCosts(analysis: AnalysisResult): number[] {
  return analysis.windows.map((w) => (w.measuredItems > 0 ? w.ms / w.measuredItems : Number.POSITIVE_INFINITY));
}

/** Largest over smallest per-item time across the windows; complete is false when a window could not be filled or measured in time. */
export function windowCostRatio(analysis: AnalysisResult): { ratio: number; complete: boolean } {
  const costs = windowCosts(analysis);
  const complete = analysis.windows.every((w) => w.filledItems >= w.windowItems && w.measuredItems > 0);
  if (costs.length === 0) return { ratio: Number.NaN, complete: false };
  return { ratio: Math.max(...costs) / Math.min(...costs), complete };
}

function renderAnalysis(analysis: AnalysisResult): string[] {
  const { partsMs } = analysis;
  const row = (name: string, ms: number): string[] => [name, seconds(ms), count(Math.round(perSecond(analysis.items, ms))), `${((ms * 1_000) / analysis.items).toFixed(0)} µs`];
  const costs = windowCosts(analysis);
  const { ratio } = windowCostRatio(analysis);
  return [
    `analysis — ${count(analysis.items)} items (title + 1–4 KB text, ${megabytes(analysis.bytes)}), one core: ${count(analysis.japanese)} detected Japanese, ` +
      `${count(analysis.onTopic)} on a topic, ${count(analysis.stories)} stories; peak RSS ${megabytes(analysis.peakRssBytes)}`,
    ...table([
      ['  step', 'time', 'items/s', 'per item'],
      row('  together (language + classify + summarise + cluster)', analysis.ms),
      row('  detectLanguage', partsMs.detectLanguage),
      row('  classify', partsMs.classify),
      row('  summarize', partsMs.summarize),
      row('  cluster (story index assign, 72 h window)', partsMs.cluster),
    ]),
    `  per-item time with the 72 h window holding ${analysis.windows.map((w) => count(w.windowItems)).join(' / ')} items: ` +
      `${costs.map((c) => `${(c * 1_000).toFixed(0)} µs`).join(' / ')}; largest / smallest ${ratio.toFixed(2)}×`,
    ...analysis.windows
      .filter((w) => w.filledItems < w.windowItems)
      .map((w) => `  window of ${count(w.windowItems)}: only ${count(w.filledItems)} items filled in ${seconds(w.fillMs)} (time budget); its figure is for that window`),
  ];
}

/** The human-readable report. */
export function renderReport(report: BenchReport): string {
  const { corpus, baseline, parse, pipeline, machine } = report;
  const { cold, warm } = pipeline;
  const rows: string[][] = [
    ['measurement', 'time', 'items/s', 'MB/s', 'peak RSS', 'vs rss-parser'],
    throughputRow('rss-parser parseString (baseline)', baseline, baseline),
    throughputRow('Herald parse + normalise only', parse, baseline),
    ['  of which parse / normalise', `${seconds(parse.parseMs)} / ${seconds(parse.normaliseMs)}`, '', '', '', ''],
    throughputRow('Herald cold poll (fetch+parse+normalise+store)', { ...cold, items: cold.inserted, peakRssBytes: cold.peakRssBytes }, baseline),
    ['Herald warm poll (every feed 304)', seconds(warm.ms), '', '', megabytes(warm.peakRssBytes), ''],
  ];
  const lines = [
    `Herald benchmark — ${corpus.feeds} feeds (${corpus.rss} RSS 2.0, ${corpus.atom} Atom 1.0), ${count(corpus.items)} items, ${megabytes(corpus.bytes)} of XML` +
      `${corpus.gzip ? ' (served gzipped)' : ''}`,
    `Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.platform}; ` +
      `load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' → ')}`,
    '',
    ...table(rows),
    '',
    `cold poll: ${cold.updated} feeds updated, ${cold.failed} failed, ${count(cold.inserted)} items inserted (${cold.fresh} fresh), ` +
      `${count(pipeline.storedItems)} rows stored; database ${megabytes(pipeline.databaseBytes)}`,
    `warm poll: ${warm.notModified} not modified, ${warm.updated} updated, ${warm.failed} failed; ` +
      `server saw ${report.server.ok} × 200, ${report.server.notModified} × 304, ${report.server.notFound} × 404`,
    `pipeline memory: ${megabytes(pipeline.startupRssBytes)} RSS before polling; live heap after the cold poll ` +
      `${megabytes(cold.liveHeapBytes)}, after the warm poll ${megabytes(warm.liveHeapBytes)} (each while its summary is held)`,
    `baseline runs (before and after the pipeline): ${report.baselineRunsMs.map(seconds).join(', ')}; the faster is used`,
    ...[cold.firstError, warm.firstError].filter((e): e is string => e !== null).map((e) => `first error: ${e}`),
    ...(report.analysis ? ['', ...renderAnalysis(report.analysis)] : []),
    ...(report.chat ? ['', ...renderChat(report.chat)] : []),
    '',
    'targets',
    ...table(report.targets.map((t) => [`  ${t.name}`, t.value, t.met ? 'target met' : 'target MISSED'])),
  ];
  return `${lines.join('\n')}\n`;
}

function throughputRow(name: string, figures: Pick<ThroughputFigures, 'items' | 'bytes' | 'ms' | 'peakRssBytes'>, baseline: ThroughputFigures): string[] {
  const ratio = mbPerSecond(figures.bytes, figures.ms) / mbPerSecond(baseline.bytes, baseline.ms);
  return [
    name,
    seconds(figures.ms),
    count(Math.round(figures.items / (figures.ms / 1_000))),
    mbPerSecond(figures.bytes, figures.ms).toFixed(1),
    megabytes(figures.peakRssBytes),
    `${ratio.toFixed(2)}×`,
  ];
}

function mbPerSecond(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1_000);
}

function perSecond(items: number, ms: number): number {
  return items / (ms / 1_000);
}
