// Child process: plain rss-parser (no options) over every corpus document, the throughput the
// pipeline is measured against.
//
//   node dist-bench/bench/baseline-run.js <corpus-dir>
import Parser from 'rss-parser';
import { HeraldError } from '../src/errors.js';
import { emitResult, peakRssBytes } from './bench-results.js';
import { readCorpus } from './corpus-files.js';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (dir === undefined) throw new HeraldError('cli/usage', 'usage: baseline-run.js <corpus-dir>');
  const documents = readCorpus(dir);
  const parser = new Parser();
  let items = 0;
  let bytes = 0;
  let failed = 0;
  const start = performance.now();
  for (const doc of documents) {
    // The UTF-8 decode is part of the work: rss-parser takes a string, Herald takes the bytes.
    try {
      const feed = await parser.parseString(doc.body.toString('utf8'));
      items += feed.items.length;
    } catch {
      failed += 1;
    }
    bytes += doc.body.byteLength;
  }
  const ms = performance.now() - start;
  emitResult({ kind: 'baseline', documents: documents.length, items, bytes, ms, peakRssBytes: peakRssBytes(), failed });
}

await main();
