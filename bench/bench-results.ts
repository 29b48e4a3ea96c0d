// The figures each measuring child process reports to bench/run.js, and how it reports them.

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

export type ChildResult = BaselineResult | ParseResult | PipelineResult;

/** Writes the child's result as one JSON line on stdout; the parent reads the last line. */
export function emitResult(result: ChildResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Peak RSS of this process so far, in bytes (`ru_maxrss` is in KiB on Linux). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
