// The figures each measuring child process reports to bench/run.js, and how it reports them.
import { statSync } from 'node:fs';

/** Figures every parse measurement shares. */
export interface ThroughputFigures {
  documents: number;
  items: number;
  /** Bytes of XML handled (as served, before any compression). */
  bytes: number;
  ms: number;
  /** Peak resident set size of the child process, in bytes. */
  peakRssBytes: number;
  /** Documents that could not be parsed. */
  failed: number;
}

/** Plain rss-parser over the corpus: `new Parser().parseString(text)`. */
export interface BaselineResult extends ThroughputFigures {
  kind: 'baseline';
}

/** Herald's parseFeed + normaliseEntries over the corpus, no network, no store. */
export interface ParseResult extends ThroughputFigures {
  kind: 'parse';
  parseMs: number;
  normaliseMs: number;
}

/** One poll cycle of the real pipeline. */
export interface CycleFigures {
  ms: number;
  feeds: number;
  updated: number;
  notModified: number;
  failed: number;
  inserted: number;
  fresh: number;
  bytes: number;
  /** Peak RSS of the pipeline process so far, in bytes. */
  peakRssBytes: number;
  /** Live V8 heap after the cycle, measured after a full GC while the cycle's summary is still held. */
  liveHeapBytes: number;
  /** First failure message, to explain a failed count. */
  firstError: string | null;
}

/** The whole pipeline against the bench server: a cold round, then a warm (all 304) round. */
export interface PipelineResult {
  kind: 'pipeline';
  cold: CycleFigures;
  warm: CycleFigures;
  /** Rows in `items` after the cold round. */
  storedItems: number;
  /** Size of the SQLite file (+ WAL) after both rounds. */
  databaseBytes: number;
  /** Peak RSS before the first poll: Node, the modules and an open database. */
  startupRssBytes: number;
}

/** Per-item time of the whole analysis once the story window holds `windowItems` items. */
export interface AnalysisWindowFigures {
  windowItems: number;
  /** Items put in the window before timing (less than windowItems only when filling ran out of time). */
  filledItems: number;
  fillMs: number;
  measuredItems: number;
  ms: number;
}

/** Herald's per-item analysis (detectLanguage, classify, summarize, story clustering) on one core. */
export interface AnalysisResult {
  kind: 'analysis';
  items: number;
  /** UTF-8 bytes of titles + texts. */
  bytes: number;
  /** Items detected as Japanese, items with at least one topic, items that started a story. */
  japanese: number;
  onTopic: number;
  stories: number;
  /** All steps together, item by item. */
  ms: number;
  /** Each step alone over the same items. */
  partsMs: { detectLanguage: number; classify: number; summarize: number; cluster: number };
  windows: AnalysisWindowFigures[];
  peakRssBytes: number;
}

/** One platform's share of the fan-out, as the timed adapter and the fake saw it. */
export interface FanoutPlatformFigures {
  platform: 'discord' | 'slack';
  channels: number;
  /** Messages the fake holds over all of this platform's channels. */
  messages: number;
  channelsWithOne: number;
  channelsWithNone: number;
  channelsWithMore: number;
  /** post() calls, including any that failed and were retried. */
  posts: number;
  failedPosts: number;
  /** From the start of dispatching to the first post's start and the last post's end. */
  firstStartMs: number;
  lastEndMs: number;
  /** The platform-wide rate Herald paces itself at (Pacing.globalPerSecond). */
  pacedPerSecond: number;
  /** The platform's published limit, where it publishes one (Discord 50/s; Slack none). */
  platformLimitPerSecond: number | null;
  /** 429s the fake answered during dispatching. */
  rateLimitHits: number;
}

/** One story to every subscribed channel through the real dispatcher and adapters. */
export interface FanoutResult {
  kind: 'fanout';
  channels: number;
  /** Outbox rows the analysis transaction wrote (one per channel). */
  outboxRows: number;
  /** Rows marked sent when dispatching ended. */
  sentRows: number;
  /** Dispatcher rounds (runOnce calls, back to back) until nothing was left. */
  rounds: number;
  /** Due rows the dispatcher takes per round. */
  batchSize: number;
  ms: number;
  /** The fake Slack's workspace-wide chat.postMessage limit, when one was set. */
  slackWorkspacePerMinute: number | null;
  platforms: FanoutPlatformFigures[];
  peakRssBytes: number;
}

/** Latency of one kind of command, from when it was due to when its reply was ready, in ms. */
export interface LatencyFigures {
  kind: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Replies that listed at least one story. */
  withResults: number;
}

/** /news recent and search through the real handler and store, open-loop, over a large store. */
export interface CommandsResult {
  kind: 'commands';
  items: number;
  stories: number;
  databaseBytes: number;
  /** Time to fill the store (0 when an existing file was reused). */
  buildMs: number;
  reused: boolean;
  perSecond: number;
  commands: number;
  elapsedMs: number;
  /** Commands that could only start more than one interval after they were due. */
  lateStarts: number;
  kinds: LatencyFigures[];
  recent: LatencyFigures;
  search: LatencyFigures;
  peakRssBytes: number;
}

export type ChildResult = BaselineResult | ParseResult | PipelineResult | AnalysisResult | FanoutResult | CommandsResult;

/** Writes the child's result as one JSON line on stdout; the parent reads the last line. */
export function emitResult(result: ChildResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Peak RSS of this process so far, in bytes (`ru_maxrss` is in KiB on Linux). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** A SQLite file's size with its write-ahead log (0 for what does not exist). */
export function databaseBytes(file: string): number {
  const size = (path: string): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return size(file) + size(`${file}-wal`);
}
